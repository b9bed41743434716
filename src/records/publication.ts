/**
 * The published version of a paper: how it is cited, and whether a record already has one.
 */
import type { PaperRecord, Publication } from './record.js';

/** "Physical Review X 14, 031001 (2024)"; arXiv's journal_ref as written; undefined with no venue. */
export function citationOf(publication: Publication): string | undefined {
  if (publication.citation) return publication.citation;
  if (!publication.venue) return undefined;
  const volume = [publication.volume, publication.issue ? `(${publication.issue})` : '']
    .filter(Boolean)
    .join('');
  const where = [volume, publication.pages].filter(Boolean).join(', ');
  const year = publication.year ? ` (${publication.year})` : '';
  return `${publication.venue}${where ? ` ${where}` : ''}${year}`;
}

/**
 * True once a record says where it was published. Records stored before `publication` existed
 * said it with `venue` (arXiv's journal_ref) or, for arXiv papers, with arXiv's DOI field.
 */
export function hasPublication(paper: PaperRecord): boolean {
  return Boolean(paper.publication || paper.venue || (paper.arxivId && paper.doi));
}

/** The line a follow-up posts: "Published in Physical Review X 14, 031001 (2024), doi:10.1103/...". */
export function publishedNotice(publication: Publication): string {
  const citation = citationOf(publication);
  const doi = publication.doi ? `doi:${publication.doi}` : undefined;
  if (citation && doi) return `Published in ${citation}, ${doi}`;
  if (citation) return `Published in ${citation}`;
  return `Published: ${doi ?? 'the journal version is out'}`;
}

/** A publication with the fields `more` has and `base` lacks filled in (base wins where both have one). */
export function enrichPublication(base: Publication, more: Publication): Publication {
  const merged: Publication = { ...base };
  for (const key of ['venue', 'doi', 'volume', 'issue', 'pages', 'year'] as const) {
    if (merged[key] === undefined && more[key] !== undefined) merged[key] = more[key];
  }
  return merged;
}
