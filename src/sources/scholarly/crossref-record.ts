/**
 * A Crossref work (api.crossref.org /works item) as a paper record, or undefined for what is not
 * a paper: errata, corrections and retractions (an `update-to` notice, or a title saying so),
 * peer reviews, datasets, components, journal issues and other non-article types.
 */
import { bareOrcid } from '../../records/author-identity.js';
import type { Publication, PublicationType } from '../../records/record.js';
import { isNoticeTitle } from './notices.js';
import { doiOrArxivId, parsePaperIdFromRelation } from './relations.js';
import { endOfPartialDate, type MappedWork, startOfPartialDate } from './scholarly-poll.js';
import { type WorkAuthor, workRecord } from './work-record.js';

type PartialDate = { 'date-parts'?: (number | null)[][] } | undefined;

export interface CrossrefWork {
  DOI?: string;
  type?: string;
  subtype?: string;
  title?: string[];
  'container-title'?: string[];
  author?: { given?: string; family?: string; name?: string; ORCID?: string }[];
  abstract?: string;
  volume?: string;
  issue?: string;
  page?: string;
  'article-number'?: string;
  issued?: PartialDate;
  'published-online'?: PartialDate;
  'published-print'?: PartialDate;
  posted?: PartialDate;
  created?: PartialDate;
  relation?: Record<string, { 'id-type'?: string; id?: string }[] | undefined>;
  'update-to'?: { type?: string; DOI?: string }[];
  URL?: string;
}

/** Crossref types that are papers; what each is as a publication (undefined: a preprint). */
const PAPER_TYPES: Readonly<Record<string, PublicationType | undefined>> = {
  'journal-article': 'journal',
  'proceedings-article': 'proceedings',
  'book-chapter': 'book',
  'posted-content': undefined,
  report: 'other',
  dissertation: 'other',
};

/** Crossmark update types that announce a change to another work rather than a work. */
const NOTICE_UPDATES =
  /^(?:addendum|clarification|correction|corrigendum|erratum|expression_of_concern|partial_retraction|removal|retraction|withdrawal)$/i;

export const CROSSREF_SKIPPED =
  'errata, corrections, retractions (Crossmark update-to or title), peer reviews, datasets, components, issues, grants and other non-article types';

/** True for the works that are papers (see CROSSREF_SKIPPED for the rest). */
export function isCrossrefPaper(work: CrossrefWork): boolean {
  if (!work.type || !(work.type in PAPER_TYPES)) return false;
  if (work.type === 'posted-content' && work.subtype && work.subtype !== 'preprint') return false;
  if ((work['update-to'] ?? []).some((update) => NOTICE_UPDATES.test(update.type ?? ''))) return false;
  return !isNoticeTitle(work.title?.[0]);
}

export function crossrefWork(work: CrossrefWork, sourceId: string): MappedWork | undefined {
  if (!isCrossrefPaper(work) || !work.DOI) return undefined;
  const dates = [work['published-online'], work['published-print'], work.posted, work.issued, work.created];
  const parts = earliest(dates);
  const published = startOfPartialDate(parts);
  const datedUntil = endOfPartialDate(parts);
  if (!published || !datedUntil) return undefined;
  const own = doiOrArxivId(work.DOI);
  const related = Object.entries(work.relation ?? {})
    .filter(([name]) => name === 'has-preprint' || name === 'is-preprint-of')
    .flatMap(([, targets]) => (targets ?? []).map(parsePaperIdFromRelation));
  const record = workRecord({
    sourceId,
    ids: [own, ...related],
    title: work.title?.[0] ?? '',
    abstract: work.abstract,
    authors: (work.author ?? []).map(crossrefAuthor),
    published,
    url: work.URL,
    publication: publicationOf(work, parts),
  });
  return record ? { record, datedUntil } : undefined;
}

function crossrefAuthor(author: NonNullable<CrossrefWork['author']>[number]): WorkAuthor {
  const name = author.name ?? [author.given, author.family].filter(Boolean).join(' ');
  const orcid = bareOrcid(author.ORCID);
  return orcid ? { name, ids: { orcid } } : { name };
}

function publicationOf(work: CrossrefWork, parts: number[] | undefined): Publication | undefined {
  const type = PAPER_TYPES[work.type ?? ''];
  const venue = work['container-title']?.find((title) => title.trim());
  if (!type || !venue) return undefined;
  const pages = work.page ?? work['article-number'];
  return {
    type,
    venue: venue.replace(/&amp;/g, '&').trim(),
    doi: work.DOI!.toLowerCase(),
    ...(work.volume ? { volume: work.volume } : {}),
    ...(work.issue ? { issue: work.issue } : {}),
    ...(pages ? { pages } : {}),
    ...(parts?.[0] ? { year: String(parts[0]) } : {}),
  };
}

/** The earliest of several partial dates, by their first instant. */
function earliest(dates: readonly PartialDate[]): number[] | undefined {
  let best: number[] | undefined;
  let bestTime = Number.POSITIVE_INFINITY;
  for (const date of dates) {
    const parts = date?.['date-parts']?.[0]?.filter((part): part is number => typeof part === 'number');
    const iso = startOfPartialDate(parts);
    if (!parts || !iso) continue;
    const time = Date.parse(iso);
    if (time < bestTime) {
      best = parts;
      bestTime = time;
    }
  }
  return best;
}
