/**
 * An arXiv API or author-feed entry as a paper record (people are matched later).
 */
import { cleanName, cleanText } from '../../records/clean-text.js';
import { isoInstant } from '../../records/dates.js';
import { arxivRecordId, normaliseDoi, parseArxivId } from '../../records/identifiers.js';
import type { PaperRecord } from '../../records/record.js';
import type { ArxivEntry } from './arxiv-atom.js';

export const ARXIV_SOURCE_LABEL = 'arXiv';

export function arxivEntryToRecord(entry: ArxivEntry, sourceId: string): PaperRecord | undefined {
  const arxiv = parseArxivId(entry.id);
  if (!arxiv) return undefined;
  const abs = `https://arxiv.org/abs/${arxiv.id}`;
  const doi = normaliseDoi(entry.doi);
  const updated = isoInstant(entry.updated);
  const published = isoInstant(entry.published) ?? updated;
  if (!published) return undefined;
  return {
    kind: 'paper',
    id: arxivRecordId(arxiv.id),
    arxivId: arxiv.id,
    version: arxiv.version ?? 1,
    title: cleanText(entry.title),
    abstract: cleanText(entry.summary),
    authors: entry.authors.map(cleanName).filter(Boolean),
    categories: entry.categories,
    primaryCategory: entry.primaryCategory ?? entry.categories[0],
    url: abs,
    links: {
      abs,
      pdf: `https://arxiv.org/pdf/${arxiv.id}`,
      html: `https://arxiv.org/html/${arxiv.id}`,
      ...(doi ? { doi: `https://doi.org/${doi}` } : {}),
    },
    ...(doi ? { doi } : {}),
    ...(entry.journalRef ? { venue: cleanText(entry.journalRef) } : {}),
    ...(entry.comment ? { comment: cleanText(entry.comment) } : {}),
    people: [],
    source: sourceId,
    published,
    ...(updated ? { updated } : {}),
  };
}
