/**
 * An RSS or Atom feed of papers (a group blog, an arXiv listing, a journal's table of contents),
 * fetched with a conditional GET so an unchanged feed costs one 304 and no parse. Reading it
 * (paper-feed-reading.ts, with rss-parser) is loaded at the first feed that needs it.
 */

import type { FeedConfig } from '../../config/schema.js';
import { decodeText } from '../../net/decode-text.js';
import type { Fetcher } from '../fetcher.js';
import { type PollContext, type PollResult, type Source, SourceError } from '../source.js';
import { feedDeadlineMs, feedSourceIdentity, fetchFeed } from './fetch-feed.js';

export class PaperFeedSource implements Source {
  readonly kind = 'paper' as const;
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
    fetchTimeoutMs: number,
  ) {
    this.deadlineMs = feedDeadlineMs(fetchTimeoutMs);
    ({
      id: this.id,
      label: this.label,
      announceAll: this.announceAll,
      fingerprint: this.fingerprint,
    } = feedSourceIdentity(feed));
  }

  async poll(context: PollContext): Promise<PollResult> {
    const response = await fetchFeed(this.fetcher, this.feed, context);
    if (response.notModified)
      return {
        records: [],
        notModified: true,
        itemCount: 0,
        etag: context.state.etag,
        lastModified: context.state.lastModified,
      };
    const reading = await this.#read(
      decodeText(response.body, response.contentType),
      response.url,
      context.now,
    );
    return { ...reading, etag: response.etag, lastModified: response.lastModified };
  }

  async #read(text: string, url: string, now: Date) {
    // The parser loads at the first read: a bot without paper feeds never loads it.
    const { readPaperFeed } = await import('./paper-feed-reading.js');
    try {
      return await readPaperFeed(text, url, this.id, now);
    } catch (error) {
      throw new SourceError(this.id, this.label, (error as Error).message, false, { cause: error });
    }
  }
}
