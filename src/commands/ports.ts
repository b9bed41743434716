/**
 * What the command service needs from the running bot, as small injected ports: the runtime
 * supplies them, tests fake them, and the command-line front may leave them out.
 */
import type { PersonConfig } from '../config/schema.js';
import type { PaperRecord } from '../records/record.js';
import type { SourceSchedule } from '../sources/source.js';

/**
 * When each schedule runs next. The scheduler of `herald run` is one (`scheduler.nextRuns()`);
 * without it, the next runs are worked out from the config's cron expressions.
 */
export interface StatusProvider {
  nextRuns(): Partial<Record<SourceSchedule | string, Date | null>>;
}

/**
 * The newest papers matching a person now, fetched from arXiv (author feed when the person has an
 * arXiv author id or ORCID, else an `au:` search), so `/watch add` can show the admin whether it
 * is the right person before anything is announced. Rejects when arXiv cannot be reached.
 */
export type PaperPreview = (person: PersonConfig, limit: number) => Promise<PaperRecord[]>;
