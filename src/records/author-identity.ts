/**
 * Authors identified by an id (ORCID, OpenAlex, INSPIRE, DBLP) rather than by name. An author
 * whose id is a watched person's is that person, whatever name the paper prints; an author whose
 * id differs from the watched person's id of the same kind is not that person, however alike the
 * names. Authors without ids, or with ids the watched person does not have, fall back to names.
 */
import type { NameIndex } from './person-names.js';
import type { AuthorIds } from './record.js';

const ID_KINDS = ['orcid', 'openalexId', 'inspireId', 'dblpPid'] as const;
type IdKind = (typeof ID_KINDS)[number];

type IdentifiedPerson = { id: string } & { [K in IdKind]?: string | null };

/** `0000-0002-1825-0097` from the bare form or the orcid.org URL; upper-case check digit. */
export function bareOrcid(text: string | undefined | null): string | undefined {
  const match = text?.trim().match(/(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])\/?$/);
  return match ? match[1]!.toUpperCase() : undefined;
}

function normalised(kind: IdKind, value: string): string {
  return kind === 'orcid' ? (bareOrcid(value) ?? value) : kind === 'dblpPid' ? value : value.toUpperCase();
}

/** The author's ids of one kind, normalised. */
function authorValues(kind: IdKind, ids: AuthorIds): string[] {
  const values = kind === 'inspireId' ? (ids.inspireIds ?? []) : [ids[kind]];
  return values.filter((value): value is string => !!value).map((value) => normalised(kind, value));
}

/** INSPIRE ids come in two styles (BAI, INSPIRE-...): only ids of one style can disagree. */
function sameStyle(kind: IdKind, a: string, b: string): boolean {
  return kind !== 'inspireId' || a.startsWith('INSPIRE-') === b.startsWith('INSPIRE-');
}

export class AuthorIdentities {
  readonly #byId = new Map<string, string>();
  readonly #people = new Map<string, IdentifiedPerson>();

  constructor(people: readonly IdentifiedPerson[]) {
    for (const person of people) {
      this.#people.set(person.id, person);
      for (const kind of ID_KINDS) {
        const value = person[kind];
        if (value) this.#byId.set(`${kind}:${normalised(kind, value)}`, person.id);
      }
    }
  }

  /** The watched person one of these ids belongs to, if any. */
  personOf(ids: AuthorIds): string | undefined {
    for (const kind of ID_KINDS) {
      for (const value of authorValues(kind, ids)) {
        const person = this.#byId.get(`${kind}:${value}`);
        if (person) return person;
      }
    }
    return undefined;
  }

  /** True when the author's id of some kind differs from the person's id of that kind. */
  contradicts(personId: string, ids: AuthorIds): boolean {
    const person = this.#people.get(personId);
    if (!person) return false;
    return ID_KINDS.some((kind) => {
      const mine = person[kind] ? normalised(kind, person[kind]) : undefined;
      if (!mine) return false;
      const theirs = authorValues(kind, ids).filter((value) => sameStyle(kind, mine, value));
      return theirs.length > 0 && !theirs.includes(mine);
    });
  }
}

/** Watched people among authors that may carry ids: ids first, names where ids say nothing. */
export function matchIdentifiedAuthors(
  authors: readonly string[],
  authorIds: readonly (AuthorIds | null | undefined)[],
  identities: AuthorIdentities,
  names: NameIndex,
): string[] {
  const found = new Set<string>();
  authors.forEach((name, index) => {
    const ids = authorIds[index];
    const identified = ids ? identities.personOf(ids) : undefined;
    if (identified) {
      found.add(identified);
      return;
    }
    for (const person of names.match([name])) {
      if (!ids || !identities.contradicts(person, ids)) found.add(person);
    }
  });
  // An id on an author without a usable name (an organisation, a blank) still counts.
  for (const ids of authorIds.slice(authors.length)) {
    const identified = ids ? identities.personOf(ids) : undefined;
    if (identified) found.add(identified);
  }
  return [...found];
}
