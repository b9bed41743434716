/**
 * An RSS or Atom feed of papers (a group blog, an arXiv listing, a journal's table of contents),
 * fetched with a conditional GET so an unchanged feed costs one 304 and no parse.
 */

import type { FeedConfig } from '../../config/schema.js';
import { decodeText } from '../../net/decode-text.js';
import type { PaperRecord } from '../../records/record.js';
import type { Fetcher } from '../fetcher.js';
import { type PollContext, type PollResult, type Source, SourceError } from '../source.js';
import { feedItemToRecord } from './feed-item-record.js';
import { parseFeedText } from './feed-parse.js';
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
    const parsed = await this.#parse(decodeText(response.body, response.contentType), response.url);
    const records = new Map<string, PaperRecord>();
    const aliases: [string, string][] = [];
    const revisions: string[] = [];
    let empty = 0;
    for (const item of parsed.items) {
      const mapped = feedItemToRecord(item, this.id, context.now);
      if (!mapped) empty++;
      if (!mapped || records.has(mapped.record.id)) continue;
      records.set(mapped.record.id, mapped.record);
      for (const alias of mapped.aliases) aliases.push([alias, mapped.record.id]);
      if (mapped.revision) revisions.push(mapped.record.id);
    }
    return {
      records: [...records.values()],
      aliases,
      revisions,
      itemCount: parsed.items.length,
      ...(empty > 0 ? { problems: [`${empty} item(s) with neither title nor text skipped`] } : {}),
      etag: response.etag,
      lastModified: response.lastModified,
    };
  }

  async #parse(text: string, url: string) {
    try {
      return await parseFeedText(text, { url });
    } catch (error) {
      throw new SourceError(this.id, this.label, (error as Error).message, false, { cause: error });
    }
  }
}
