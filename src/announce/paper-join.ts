/**
 * The conservative join of two versions of a paper that no source links: same normalised title,
 * a watched author in common, dated within two years of each other, and nothing that says they
 * differ (two arXiv ids, two journal DOIs). Anything less is doubtful and is not joined: two
 * announcements of one paper are a nuisance, one announcement for two papers loses one.
 */
import type { HeraldRecord, PaperRecord } from '../records/record.js';
import { normaliseTitle } from '../records/title-key.js';

const MAX_APART_MS = 2 * 366 * 24 * 60 * 60_000;

export function sameWorkByTitle(stored: HeraldRecord, seen: PaperRecord): stored is PaperRecord {
  if (stored.kind !== 'paper') return false;
  if (normaliseTitle(stored.title) !== normaliseTitle(seen.title)) return false;
  if (!seen.people.some((person) => stored.people.includes(person))) return false;
  const apart = Math.abs(Date.parse(stored.published) - Date.parse(seen.published));
  if (!(apart <= MAX_APART_MS)) return false;
  return !differ(stored.arxivId, seen.arxivId) && !differ(stored.publication?.doi, seen.publication?.doi);
}

function differ(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() !== b.toLowerCase();
}
