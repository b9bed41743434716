/**
 * An INSPIRE-HEP literature record (hep schema) as a paper record, or undefined for what is not a
 * paper (whole proceedings volumes, errata). Journal titles are INSPIRE's abbreviations
 * ("Phys.Rev.X"), as its own citations print them.
 */
import { bareOrcid } from '../../records/author-identity.js';
import { arxivRecordId } from '../../records/identifiers.js';
import { doiOrArxivId, paperId } from '../../records/paper-ids.js';
import type { AuthorIds, Publication } from '../../records/record.js';
import { isNoticeTitle } from './notices.js';
import { dateParts, endOfPartialDate, type MappedWork, startOfPartialDate } from './scholarly-poll.js';
import { givenFirst, type WorkAuthor, workRecord } from './work-record.js';

interface InspireAuthor {
  full_name?: string;
  ids?: { schema?: string; value?: string }[];
}

interface PublicationInfo {
  journal_title?: string;
  journal_volume?: string;
  journal_issue?: string;
  year?: number;
  artid?: string;
  page_start?: string;
  page_end?: string;
  material?: string;
}

export interface InspireHit {
  id?: string;
  created?: string;
  metadata?: {
    control_number?: number;
    titles?: { title?: string }[];
    abstracts?: { value?: string }[];
    authors?: InspireAuthor[];
    arxiv_eprints?: { value?: string; categories?: string[] }[];
    dois?: { value?: string; material?: string }[];
    publication_info?: PublicationInfo[];
    document_type?: string[];
    earliest_date?: string;
  };
}

const SKIPPED_DOCUMENT_TYPES = new Set(['proceedings']);
const NOTICE_MATERIAL = /^(?:erratum|addendum|reprint|translation)$/i;

export const INSPIRE_SKIPPED = 'whole proceedings volumes and errata';

export function inspireWork(hit: InspireHit, sourceId: string): MappedWork | undefined {
  const data = hit.metadata;
  const recid = data?.control_number ?? Number(hit.id);
  const title = data?.titles?.[0]?.title;
  if (!data || !Number.isInteger(recid) || !title || isNoticeTitle(title)) return undefined;
  if ((data.document_type ?? []).some((type) => SKIPPED_DOCUMENT_TYPES.has(type))) return undefined;
  const parts = dateParts(data.earliest_date ?? hit.created);
  const published = startOfPartialDate(parts);
  const datedUntil = endOfPartialDate(parts);
  if (!published || !datedUntil) return undefined;
  const eprint = data.arxiv_eprints?.[0];
  const dois = (data.dois ?? []).filter((doi) => !NOTICE_MATERIAL.test(doi.material ?? ''));
  const record = workRecord({
    sourceId,
    ids: [
      eprint?.value ? arxivRecordId(eprint.value) : undefined,
      ...dois.map((doi) => doiOrArxivId(doi.value)),
      paperId('inspire', String(recid)),
    ],
    title,
    abstract: data.abstracts?.[0]?.value,
    authors: (data.authors ?? []).map(inspireAuthor),
    published,
    url: `https://inspirehep.net/literature/${recid}`,
    publication: publicationOf(data, dois[0]?.value),
    categories: eprint?.categories ?? [],
  });
  return record ? { record, datedUntil } : undefined;
}

function inspireAuthor(author: InspireAuthor): WorkAuthor {
  const name = givenFirst(author.full_name ?? '');
  const ids: AuthorIds = {};
  for (const id of author.ids ?? []) {
    if (!id.value) continue;
    if (id.schema === 'ORCID') ids.orcid = bareOrcid(id.value) ?? id.value;
    if (id.schema === 'INSPIRE BAI' || id.schema === 'INSPIRE ID')
      ids.inspireIds = [...(ids.inspireIds ?? []), id.value];
  }
  return Object.keys(ids).length > 0 ? { name, ids } : { name };
}

function publicationOf(
  data: NonNullable<InspireHit['metadata']>,
  doi: string | undefined,
): Publication | undefined {
  const info = data.publication_info?.find(
    (candidate) => candidate.journal_title && !NOTICE_MATERIAL.test(candidate.material ?? ''),
  );
  if (!info) return undefined;
  const pages =
    info.artid ??
    (info.page_start && info.page_end ? `${info.page_start}-${info.page_end}` : info.page_start);
  const published = doiOrArxivId(doi);
  return {
    type: (data.document_type ?? []).includes('conference paper') ? 'proceedings' : 'journal',
    venue: info.journal_title!,
    ...(published?.startsWith('doi:') ? { doi: published.slice(4) } : {}),
    ...(info.journal_volume ? { volume: info.journal_volume } : {}),
    ...(info.journal_issue ? { issue: info.journal_issue } : {}),
    ...(pages ? { pages } : {}),
    ...(info.year ? { year: String(info.year) } : {}),
  };
}
