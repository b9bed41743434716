/**
 * An OpenAlex work as a paper record, or undefined for what is not a paper (errata, retractions,
 * paratext, datasets, peer reviews, ... and retracted works). OpenAlex keeps no arXiv id in `ids`:
 * the arXiv version is one of the work's locations (arXiv's landing page, or arXiv's DOI).
 */

import { bareOrcid } from '../../records/author-identity.js';
import { arxivRecordId, parseArxivId } from '../../records/identifiers.js';
import { doiOrArxivId, openalexWorkOf, pmcidOf, pmidOf } from '../../records/paper-ids.js';
import type { Publication, PublicationType } from '../../records/record.js';
import { isNoticeTitle } from './notices.js';
import { dateParts, endOfPartialDate, type MappedWork, startOfPartialDate } from './scholarly-poll.js';
import { type WorkAuthor, workRecord } from './work-record.js';

interface OpenAlexSource {
  id?: string;
  display_name?: string;
  type?: string;
}

interface OpenAlexLocation {
  landing_page_url?: string | null;
  source?: OpenAlexSource | null;
  version?: string | null;
}

export interface OpenAlexWork {
  id?: string;
  doi?: string | null;
  title?: string | null;
  display_name?: string | null;
  publication_date?: string;
  type?: string;
  ids?: { pmid?: string; pmcid?: string };
  primary_location?: OpenAlexLocation | null;
  locations?: OpenAlexLocation[];
  authorships?: {
    author?: { id?: string | null; display_name?: string | null; orcid?: string | null };
    raw_author_name?: string | null;
  }[];
  abstract_inverted_index?: Record<string, number[]> | null;
  biblio?: {
    volume?: string | null;
    issue?: string | null;
    first_page?: string | null;
    last_page?: string | null;
  };
  is_retracted?: boolean;
  is_paratext?: boolean;
}

/** OpenAlex's id of arXiv as a source (its repository). */
const ARXIV_SOURCE = 'https://openalex.org/S4306400194';
const SKIPPED_TYPES = new Set([
  'erratum',
  'retraction',
  'paratext',
  'dataset',
  'peer-review',
  'grant',
  'supplementary-materials',
  'libguides',
  'standard',
]);
const VENUE_TYPES: Readonly<Record<string, PublicationType>> = {
  journal: 'journal',
  conference: 'proceedings',
  'book series': 'book',
  'ebook platform': 'book',
};

export const OPENALEX_SKIPPED =
  'errata, retractions, paratext, datasets, peer reviews, grants and retracted works';

export function openalexWork(work: OpenAlexWork, sourceId: string): MappedWork | undefined {
  if (SKIPPED_TYPES.has(work.type ?? '') || work.is_paratext || work.is_retracted) return undefined;
  if (isNoticeTitle(work.title ?? undefined)) return undefined;
  const parts = dateParts(work.publication_date);
  const published = startOfPartialDate(parts);
  const datedUntil = endOfPartialDate(parts);
  if (!published || !datedUntil) return undefined;
  const record = workRecord({
    sourceId,
    ids: [
      arxivIdOf(work),
      doiOrArxivId(work.doi ?? undefined),
      pmidOf(work.ids?.pmid),
      pmcidOf(work.ids?.pmcid),
      openalexWorkOf(work.id),
    ],
    title: work.title ?? work.display_name ?? '',
    abstract: abstractOf(work.abstract_inverted_index),
    authors: (work.authorships ?? []).map(openalexAuthor),
    published,
    url: work.id,
    publication: publicationOf(work, parts),
  });
  return record ? { record, datedUntil } : undefined;
}

function arxivIdOf(work: OpenAlexWork): string | undefined {
  for (const location of work.locations ?? []) {
    const arxiv = parseArxivId(location.landing_page_url ?? undefined);
    if (arxiv) return arxivRecordId(arxiv.id);
    if (location.source?.id === ARXIV_SOURCE) {
      const fromDoi = doiOrArxivId(location.landing_page_url ?? undefined);
      if (fromDoi?.startsWith('arxiv:')) return fromDoi;
    }
  }
  return undefined;
}

function openalexAuthor(authorship: NonNullable<OpenAlexWork['authorships']>[number]): WorkAuthor {
  const name = authorship.author?.display_name ?? authorship.raw_author_name ?? '';
  const orcid = bareOrcid(authorship.author?.orcid);
  const openalexId = authorship.author?.id?.match(/A\d+$/)?.[0];
  if (!orcid && !openalexId) return { name };
  return { name, ids: { ...(orcid ? { orcid } : {}), ...(openalexId ? { openalexId } : {}) } };
}

/** The version of record: the primary location if it is a journal or conference, else a published one. */
function publicationOf(work: OpenAlexWork, parts: number[] | undefined): Publication | undefined {
  const candidates = [work.primary_location, ...(work.locations ?? [])];
  const location = candidates.find(
    (candidate) =>
      candidate?.source?.type !== undefined &&
      VENUE_TYPES[candidate.source.type] !== undefined &&
      candidate.source.id !== ARXIV_SOURCE &&
      (candidate === work.primary_location || candidate.version === 'publishedVersion'),
  );
  const venue = location?.source?.display_name;
  if (!location || !venue) return undefined;
  const doi = doiOrArxivId(work.doi ?? undefined);
  const { volume, issue, first_page: first, last_page: last } = work.biblio ?? {};
  const pages = first && last && last !== first ? `${first}-${last}` : first;
  return {
    type: VENUE_TYPES[location.source!.type!]!,
    venue,
    ...(doi?.startsWith('doi:') ? { doi: doi.slice(4) } : {}),
    ...(volume ? { volume } : {}),
    ...(issue ? { issue } : {}),
    ...(pages ? { pages } : {}),
    ...(parts?.[0] ? { year: String(parts[0]) } : {}),
  };
}

/** The abstract from OpenAlex's inverted index (word -> positions). */
export function abstractOf(index: Record<string, number[]> | null | undefined): string | undefined {
  if (!index) return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    for (const position of positions) if (position >= 0 && position < 20_000) words[position] = word;
  }
  return words.filter((word) => word !== undefined).join(' ');
}
