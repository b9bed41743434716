/**
 * What a stored paper learns from another sighting of it (a later arXiv version, the journal
 * version, the same paper from another source): people, ids, the publication, and fields the
 * stored record lacked. The stored record keeps its id, title and URL: what was announced stays.
 */
import { idsOfPaper } from '../records/paper-ids.js';
import { citationOf, enrichPublication, hasPublication } from '../records/publication.js';
import type { HeraldRecord, PaperRecord } from '../records/record.js';

export interface Merge {
  record: HeraldRecord;
  /** The sighting told where the paper was published, which the stored record did not say. */
  published: boolean;
}

/** The merged record, or undefined when the sighting adds nothing. */
export function mergeSighting(existing: HeraldRecord, seen: HeraldRecord): Merge | undefined {
  const people = [...new Set([...existing.people, ...seen.people])];
  if (existing.kind !== 'paper' || seen.kind !== 'paper') {
    return people.length === existing.people.length
      ? undefined
      : { record: { ...existing, people } as HeraldRecord, published: false };
  }
  const merged: PaperRecord = { ...existing, people };
  const published = mergePublication(merged, seen);
  mergeVersion(merged, seen);
  fillGaps(merged, seen);
  const known = idsOfPaper(existing);
  const ids = [...new Set([...known, ...idsOfPaper(seen)])];
  if (ids.length > known.length) merged.ids = ids;
  return JSON.stringify(merged) === JSON.stringify(existing) ? undefined : { record: merged, published };
}

/** Sets or completes the publication; true when the record had none before. */
function mergePublication(merged: PaperRecord, seen: PaperRecord): boolean {
  const publication = seen.publication;
  if (!publication) return false;
  if (merged.publication) {
    merged.publication = enrichPublication(merged.publication, publication);
    return false;
  }
  // Records stored before `publication` existed said it with `venue`: no news, only detail.
  const news = !hasPublication(merged);
  merged.publication = publication;
  merged.venue ??= citationOf(publication);
  if (publication.doi) merged.doi = publication.doi;
  return news;
}

function mergeVersion(merged: PaperRecord, seen: PaperRecord): void {
  if ((seen.version ?? 0) <= (merged.version ?? 0)) return;
  merged.version = seen.version;
  if (seen.updated) merged.updated = seen.updated;
}

/** What the stored record lacks and the sighting has: abstract, arXiv id and links, DOI. */
function fillGaps(merged: PaperRecord, seen: PaperRecord): void {
  if (!merged.abstract && seen.abstract) merged.abstract = seen.abstract;
  if (!merged.doi && seen.doi) merged.doi = seen.doi;
  if (!merged.arxivId && seen.arxivId) {
    merged.arxivId = seen.arxivId;
    merged.links = { ...seen.links, ...merged.links };
    if (merged.categories.length === 0) merged.categories = seen.categories;
    merged.primaryCategory ??= seen.primaryCategory;
  }
}
