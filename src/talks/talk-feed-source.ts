/**
 * A feed of talks (`kind: talk`): an iCalendar file or an RSS/Atom listing, told apart by its
 * content, fetched with a conditional GET and read into talk records (talk-feed-reading.ts, loaded
 * at the first read). What is wrong with single events is logged; a feed that cannot be read, or
 * reads as nonsense, fails as a SourceError.
 */

import type { FeedConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { decodeText } from '../net/decode-text.js';
import type { TalkRecord } from '../records/record.js';
import { feedDeadlineMs, feedSourceIdentity, fetchFeed } from '../sources/feeds/fetch-feed.js';
import type { Fetcher } from '../sources/fetcher.js';
import { type PollContext, type PollResult, type Source, SourceError } from '../sources/source.js';
import type { TalkReading } from './talk-feed-reading.js';
import { talkRecordFrom } from './talk-record.js';

export interface TalkSourceOptions {
  /** Zone for times given without one, when the feed names none: the config's `timezone`. */
  defaultTimezone: string;
  horizonDays: number;
  /** The fetch's own deadline (`fetch.timeoutMs`); the poll's adds time to parse. */
  fetchTimeoutMs: number;
  logger: Logger;
}

/** Problems logged per poll; a broken calendar can have thousands. */
const MAX_LOGGED_PROBLEMS = 20;

export class TalkFeedSource implements Source {
  readonly kind = 'talk' as const;
  readonly schedule = 'feeds' as const;
  readonly personIds: readonly string[] = [];
  readonly id: string;
  readonly label: string;
  readonly announceAll: boolean;
  readonly fingerprint: string;
  readonly deadlineMs: number;

  constructor(
    private readonly feed: FeedConfig,
    private readonly fetcher: Fetcher,
    private readonly options: TalkSourceOptions,
  ) {
    this.deadlineMs = feedDeadlineMs(options.fetchTimeoutMs);
    ({
      id: this.id,
      label: this.label,
      announceAll: this.announceAll,
      fingerprint: this.fingerprint,
    } = feedSourceIdentity(feed));
  }

  async poll(context: PollContext): Promise<PollResult> {
    const response = await fetchFeed(this.fetcher, this.feed, context);
    if (response.notModified) {
      const { etag, lastModified } = context.state;
      return { records: [], notModified: true, itemCount: 0, etag, lastModified };
    }
    const reading = await this.#read(
      decodeText(response.body, response.contentType),
      response.url,
      context.now,
    );
    this.#logProblems(reading.problems);
    const records = new Map<string, TalkRecord>();
    for (const event of reading.events) {
      const record = talkRecordFrom(event, this.feed.id, this.id);
      if (!records.has(record.id)) records.set(record.id, record);
    }
    return {
      records: [...records.values()],
      itemCount: reading.itemCount,
      etag: response.etag,
      lastModified: response.lastModified,
    };
  }

  /** Whatever goes wrong in reading is this source's failure, never the cycle's. */
  async #read(text: string, url: string, now: Date): Promise<TalkReading> {
    // The parsers load at the first read: a bot without talk feeds never loads them.
    const { readTalkFeed } = await import('./talk-feed-reading.js');
    let reading: TalkReading;
    try {
      const zone = this.feed.timezone ?? this.options.defaultTimezone;
      reading = await readTalkFeed(text, url, { zone, horizonDays: this.options.horizonDays, now });
    } catch (error) {
      throw this.#error((error as Error).message, false, error);
    }
    if (reading.nonsense) throw this.#error(reading.nonsense, false);
    return reading;
  }

  #logProblems(problems: readonly string[]): void {
    if (problems.length === 0) return;
    this.options.logger.warn(
      {
        source: this.id,
        url: this.label,
        problems: problems.slice(0, MAX_LOGGED_PROBLEMS),
        count: problems.length,
      },
      'some talks in the feed were skipped or read with a fallback',
    );
  }

  #error(message: string, transient: boolean, cause?: unknown): SourceError {
    return new SourceError(this.id, this.label, message, transient, cause ? { cause } : undefined);
  }
}
