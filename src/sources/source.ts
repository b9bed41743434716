/**
 * What every source (arXiv, a feed, a calendar) gives the pipeline on a poll: candidate records,
 * and what to remember for the next poll.
 */
import { HeraldError } from '../errors.js';
import type { HeraldRecord } from '../records/record.js';
import type { SourceState } from '../store/source-state-repository.js';

export type SourceSchedule = 'papers' | 'feeds' | 'scholarly';

export interface PollContext {
  now: Date;
  state: SourceState;
  /** Which of these canonical ids are already stored: lets arXiv stop paging at what it knows. */
  known(ids: readonly string[]): Promise<Set<string>>;
  /** People polled for the first time by this source: one page is enough for them. */
  firstSightPeople: ReadonlySet<string>;
  /**
   * True when an item with this canonical id, version and author list is already stored and
   * would change nothing: the source may skip building its record (cleaning text is the costly
   * part of a poll). Answers from memory only; false when unsure.
   */
  unchanged?(
    id: string,
    version: number | undefined,
    authors: readonly string[],
    /** The item says where the paper was published (a journal reference, a DOI). */
    published?: boolean,
  ): boolean;
}

export interface PollResult {
  records: HeraldRecord[];
  /** Validators for the next conditional GET. */
  etag?: string;
  lastModified?: string;
  notModified?: boolean;
  /** Alternative ids (`doi:...`, `item:...`) for records, as [alias, canonical]. */
  aliases?: [string, string][];
  /** Ids of records that are new versions of older papers (arXiv listing "replace"): never news. */
  revisions?: string[];
  /** Of the revisions, those that are no news for their age (an old paper indexed late). */
  old?: string[];
  /**
   * A failure that left part of the poll done (one of several arXiv queries failed): the records
   * of the parts that worked are processed, and the source still counts as failing.
   */
  partialError?: SourceError;
  /** People whose part of the poll succeeded, when not all did. */
  coveredPeople?: string[];
  /** How many items the source returned in all, matched or not (for logs). */
  itemCount: number;
  /** Items skipped, or read with a fallback, one line each, for the log. */
  problems?: string[];
}

export interface Source {
  /** Stable id, used for its stored state: `arxiv`, `arxiv-author:favero`, `feed:group-blog`. */
  readonly id: string;
  readonly kind: 'paper' | 'talk';
  /** For logs and `/status`: `arXiv API (3 people)`, the feed URL. */
  readonly label: string;
  readonly schedule: SourceSchedule;
  /** People whose papers this source finds (first-sight bookkeeping). */
  readonly personIds: readonly string[];
  /** Feed sources: announce every item, not only those of watched people. */
  readonly announceAll: boolean;
  /** What the source was built from (URL, people): a paused source whose config changed resumes. */
  readonly fingerprint: string;
  /**
   * How long one poll, fetch and parse, may take; past it the cycle records the source as failed
   * and moves on. Unset: the cycle's default.
   */
  readonly deadlineMs?: number;
  poll(context: PollContext): Promise<PollResult>;
}

/** A source failed; `transient` failures are retried sooner and count towards pausing. */
export class SourceError extends HeraldError {
  constructor(
    readonly sourceId: string,
    readonly location: string,
    message: string,
    readonly transient: boolean,
    options?: ErrorOptions & {
      /** The service said when to come back (429 with Retry-After): not before then. */
      retryAfterMs?: number;
    },
  ) {
    super('SOURCE_FAILED', `${sourceId} (${location}): ${message}`, options);
    this.retryAfterMs = options?.retryAfterMs;
  }

  readonly retryAfterMs: number | undefined;
}
