/**
 * Fetching a feed (papers or talks) with a conditional GET: the validators of the last poll are
 * sent, so an unchanged feed costs one 304. A failure is the source's, with its id and URL.
 */
import type { FeedConfig } from '../../config/schema.js';
import { isTransientFetchError, redactUrl } from '../../net/errors.js';
import type { Fetcher, FetchResult } from '../fetcher.js';
import { type PollContext, SourceError } from '../source.js';

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, text/calendar, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';

/** Time for parsing on top of the fetch's own deadline: seconds even for a 10 MB feed. */
const PARSE_ALLOWANCE_MS = 30_000;

/** A feed poll's deadline: the fetch's (connection to last byte), then parsing. */
export function feedDeadlineMs(fetchTimeoutMs: number): number {
  return fetchTimeoutMs + PARSE_ALLOWANCE_MS;
}

export function feedSourceId(feedId: string): string {
  return `feed:${feedId}`;
}

/** What a feed source (papers or talks) is known by: its id, a label safe to log, its config. */
export function feedSourceIdentity(feed: FeedConfig) {
  return {
    id: feedSourceId(feed.id),
    label: redactUrl(feed.url),
    announceAll: feed.announceAll,
    // A paused source whose config changes is resumed (see poll-cycle.ts).
    fingerprint: JSON.stringify([feed.url, feed.kind, feed.announceAll, feed.timezone ?? null]),
  };
}

export async function fetchFeed(
  fetcher: Fetcher,
  feed: FeedConfig,
  context: PollContext,
): Promise<FetchResult> {
  try {
    return await fetcher.fetch({
      url: feed.url,
      etag: context.state.etag,
      lastModified: context.state.lastModified,
      accept: ACCEPT,
    });
  } catch (error) {
    throw new SourceError(
      feedSourceId(feed.id),
      redactUrl(feed.url),
      (error as Error).message,
      isTransientFetchError(error),
      {
        cause: error,
      },
    );
  }
}
