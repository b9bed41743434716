/**
 * The record: one paper or one talk, normalised from whichever source reported it.
 * Every other part of the core (store, diff, announce, search, commands) speaks in records.
 */

export type RecordKind = 'paper' | 'talk';

export interface RecordLinks {
  /** Abstract page (arxiv.org/abs/...) or the item's own page. */
  abs?: string;
  pdf?: string;
  html?: string;
  doi?: string;
}

interface RecordBase {
  /** Canonical id: `arxiv:<id without version>`, else `doi:<doi>`, else `feed:<hash>` / `talk:<hash>`. */
  id: string;
  kind: RecordKind;
  title: string;
  /** Abstract or description, cleaned for chat (plain text, LaTeX simplified). */
  abstract: string;
  /** The page a reader opens first. */
  url: string;
  links: RecordLinks;
  /** Ids of the watched people this record belongs to. */
  people: string[];
  /** Id of the source that first reported it (`arxiv`, a feed id). */
  source: string;
  /** ISO 8601: first publication (arXiv v1) or the item's date. */
  published: string;
  /** ISO 8601: last update seen. */
  updated?: string;
}

export interface PaperRecord extends RecordBase {
  kind: 'paper';
  authors: string[];
  categories: string[];
  primaryCategory?: string;
  /** arXiv id without version, when known. */
  arxivId?: string;
  /** Highest arXiv version seen. */
  version?: number;
  doi?: string;
  /** Journal reference or venue. */
  venue?: string;
  comment?: string;
}

export type TalkStatus = 'confirmed' | 'cancelled';

export interface TalkRecord extends RecordBase {
  kind: 'talk';
  speakers: string[];
  /** ISO 8601 with offset. */
  start: string;
  end: string;
  allDay?: boolean;
  /** IANA zone the times were given in, for rendering where the platform cannot localise. */
  timezone?: string;
  location?: string;
  status: TalkStatus;
  bio?: string;
  /** Series or calendar name. */
  series?: string;
}

export type HeraldRecord = PaperRecord | TalkRecord;

export function isPaper(record: HeraldRecord): record is PaperRecord {
  return record.kind === 'paper';
}

export function isTalk(record: HeraldRecord): record is TalkRecord {
  return record.kind === 'talk';
}

/** People named on a record: authors of a paper, speakers of a talk. */
export function namesOf(record: HeraldRecord): string[] {
  return record.kind === 'paper' ? record.authors : record.speakers;
}
