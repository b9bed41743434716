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

export function feedSourceId(feedId: string): string {
  return `feed:${feedId}`;
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
