/**
 * A bioRxiv / medRxiv preprint (api.biorxiv.org /details item) as a paper record. The API lists
 * every version posted in a window; only a version 1 can be news. Authors come as one string
 * ("Surname, A.; Other, B. C."), matched to watched people by name, locally.
 */
import { doiOrArxivId } from '../../records/paper-ids.js';
import { dateParts, endOfPartialDate, type MappedWork, startOfPartialDate } from './scholarly-poll.js';
import { givenFirst, workRecord } from './work-record.js';

export interface BiorxivItem {
  doi?: string;
  title?: string;
  authors?: string;
  date?: string;
  version?: string;
  type?: string;
  category?: string;
  abstract?: string;
  /** "NA", or the DOI of the journal version. */
  published?: string;
  server?: string;
}

export function biorxivWork(item: BiorxivItem, server: string, sourceId: string): MappedWork | undefined {
  const parts = dateParts(item.date);
  const published = startOfPartialDate(parts);
  const datedUntil = endOfPartialDate(parts);
  const own = doiOrArxivId(item.doi);
  if (!published || !datedUntil || !own) return undefined;
  const version = Number.parseInt(item.version ?? '1', 10) || 1;
  const host = (item.server ?? server).toLowerCase() === 'medrxiv' ? 'www.medrxiv.org' : 'www.biorxiv.org';
  const record = workRecord({
    sourceId,
    // bioRxiv's link to the journal version: the same paper, whichever is seen first.
    ids: [own, item.published && item.published !== 'NA' ? doiOrArxivId(item.published) : undefined],
    title: item.title ?? '',
    abstract: item.abstract,
    authors: splitAuthors(item.authors).map((name) => ({ name })),
    published,
    url: `https://${host}/content/${item.doi}v${version}`,
    categories: item.category ? [item.category] : [],
  });
  if (!record) return undefined;
  // The preprint's own page, not the journal's: the journal version is only an alias here.
  record.url = `https://${host}/content/${item.doi}v${version}`;
  record.doi = item.doi!.toLowerCase();
  record.links = { abs: record.url, doi: `https://doi.org/${record.doi}` };
  record.version = version;
  return { record, datedUntil, revision: version > 1 };
}

/** "Alex Perkins, T.; Boettiger, C." -> ["T. Alex Perkins", "C. Boettiger"]. */
export function splitAuthors(authors: string | undefined): string[] {
  return (authors ?? '')
    .split(';')
    .map((name) => givenFirst(name.trim()))
    .filter(Boolean);
}
