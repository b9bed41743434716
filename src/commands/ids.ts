/**
 * Ids for people and feeds added from the chat: readable slugs (`favero`, `example-org-seminars`),
 * unique among the watched ones, within the config's id rules (a-z, 0-9, "-", at most 64).
 */
import { parseName } from '../records/person-names.js';

const MAX_SLUG = 56;

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
}

/** `favero`, else `favero-a`, else `favero-2`, `favero-3`... */
export function personIdFor(name: string, taken: ReadonlySet<string>): string {
  const parsed = parseName(name);
  const base = slug(parsed ? parsed.surname.join(' ') : name) || 'person';
  const initial = parsed?.given[0]?.[0];
  const candidates = [base, ...(initial ? [`${base}-${slug(initial)}`] : [])];
  return firstFree(candidates, base, taken);
}

/** From the host (without www.) and the path, without a file extension: `example-org-seminars`. */
export function feedIdFor(url: string, taken: ReadonlySet<string>): string {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^www\./, '');
  const path = parsed.pathname.replace(/\.(xml|rss|atom|ics|json|php|html?)$/i, '');
  const base = slug(`${host} ${path}`) || 'feed';
  return firstFree([base], base, taken);
}

function firstFree(candidates: readonly string[], base: string, taken: ReadonlySet<string>): string {
  for (const candidate of candidates) if (!taken.has(candidate)) return candidate;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
