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

/**
 * Why a record stored on first sight was announced nowhere: recorded when its source or person
 * was first polled (`first-sight`), a later version of a paper already known (`known-version`),
 * or dated long before it was found, older than anything the bot watches for (`before-watch`).
 */
export type SilentReason = 'first-sight' | 'known-version' | 'before-watch';

/** What the pipeline decided when it first stored a record: kept so `herald explain` can say. */
export interface RecordDecision {
  /** ISO time it was first stored. */
  at: string;
  /** The source it came from then. */
  source: string;
  /** Set when it was recorded without being announced anywhere. */
  silent?: SilentReason;
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
  /** Set by the paper pipeline when the record is first stored (absent on older stores). */
  decision?: RecordDecision;
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
  /** The DOI to cite: the published version's when there is one, else the paper's own. */
  doi?: string;
  /** Journal reference or venue, as a citation ("Physical Review X 14, 031001 (2024)"). */
  venue?: string;
  comment?: string;
  /**
   * Every id the paper is known by, across sources and versions: `arxiv:...`, `doi:...`,
   * `pmid:...`, `pmcid:PMC...`, `openalex:W...`, `dblp:...`, `inspire:...` (see identifiers.ts).
   */
  ids?: string[];
  /** The published version (journal article, conference paper), once a source reports it. */
  publication?: Publication;
  /**
   * What a source knows of each author beyond the name (same order as `authors`): an ORCID-
   * identified author is matched by the ORCID, not by the name. Dropped once people are matched.
   */
  authorIds?: (AuthorIds | null)[];
}

/** Ids of one author of one paper, as a scholarly source reports them. */
export interface AuthorIds {
  orcid?: string;
  openalexId?: string;
  /** INSPIRE gives an author's BAI (`E.Witten.1`) and INSPIRE id (`INSPIRE-00140145`) both. */
  inspireIds?: string[];
  dblpPid?: string;
}

export type PublicationType = 'journal' | 'proceedings' | 'book' | 'other';

/** Where and how a paper was published, as far as the reporting source says. */
export interface Publication {
  type: PublicationType;
  /** Journal, proceedings or book title: "Physical Review X". */
  venue?: string;
  doi?: string;
  volume?: string;
  issue?: string;
  /** Page range or article number. */
  pages?: string;
  year?: string;
  /** The whole reference when a source gives it as one string (arXiv's journal_ref). */
  citation?: string;
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
