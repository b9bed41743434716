/**
 * An arXiv API or author-feed entry as a paper record (people are matched later).
 */
import { cleanName, cleanText } from '../../records/clean-text.js';
import { isoInstant } from '../../records/dates.js';
import { arxivRecordId, normaliseDoi, parseArxivId } from '../../records/identifiers.js';
import type { PaperRecord, Publication } from '../../records/record.js';
import type { ArxivEntry } from './arxiv-atom.js';

export const ARXIV_SOURCE_LABEL = 'arXiv';

/**
 * arXiv's journal_ref and DOI fields say the paper is published: the authors add them when the
 * journal version is out. The reference is kept as written ("Phys. Rev. X 14, 031001 (2024)").
 */
function publicationOf(entry: ArxivEntry, doi: string | undefined): { publication?: Publication } {
  if (!entry.journalRef && !doi) return {};
  const citation = entry.journalRef ? cleanText(entry.journalRef) : undefined;
  // The last year in the reference is the publication's ("... 51 (2018) 035201").
  const year = citation?.match(/\b(?:19|20)\d\d\b(?!.*\b(?:19|20)\d\d\b)/)?.[0];
  return {
    publication: {
      type: 'journal',
      ...(citation ? { citation } : {}),
      ...(doi ? { doi } : {}),
      ...(year ? { year } : {}),
    },
  };
}

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
    ...publicationOf(entry, doi),
    ...(entry.comment ? { comment: cleanText(entry.comment) } : {}),
    people: [],
    source: sourceId,
    published,
    ...(updated ? { updated } : {}),
  };
}
