/**
 * Checks that go across keys (duplicate ids, channels naming unknown people, the admin channel),
 * run on the raw document so they are reported together with the schema's own problems.
 */

export interface ReferenceIssue {
  path: string;
  message: string;
}

type Raw = Record<string, unknown>;

function list(raw: Raw, key: string): Raw[] {
  const value = raw[key];
  return Array.isArray(value)
    ? value.filter((item): item is Raw => typeof item === 'object' && item !== null)
    : [];
}

function idOf(item: Raw): string | undefined {
  return typeof item.id === 'string' ? item.id : undefined;
}

export function referenceIssues(document: unknown): ReferenceIssue[] {
  if (typeof document !== 'object' || document === null) return [];
  const raw = document as Raw;
  const issues: ReferenceIssue[] = [];
  for (const key of ['people', 'feeds', 'channels']) {
    const seen = new Set<string>();
    list(raw, key).forEach((item, index) => {
      const id = idOf(item);
      if (id !== undefined && seen.has(id))
        issues.push({ path: `${key}.${index}.id`, message: `duplicate id "${id}"` });
      if (id !== undefined) seen.add(id);
    });
  }
  const personIds = new Set(list(raw, 'people').map(idOf));
  list(raw, 'channels').forEach((channel, index) => {
    const people = Array.isArray(channel.people) ? channel.people : [];
    people.forEach((personId, j) => {
      if (typeof personId === 'string' && !personIds.has(personId)) {
        const known = [...personIds].filter(Boolean).join(', ') || 'none';
        issues.push({
          path: `channels.${index}.people.${j}`,
          message: `names no watched person "${personId}" (known: ${known})`,
        });
      }
    });
  });
  const admin = raw.adminChannel;
  if (typeof admin === 'string' && !list(raw, 'channels').some((channel) => idOf(channel) === admin)) {
    issues.push({ path: 'adminChannel', message: `names no channel in \`channels\` ("${admin}")` });
  }
  return issues;
}
