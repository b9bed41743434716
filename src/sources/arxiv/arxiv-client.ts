/**
 * Every request to arXiv goes through one client and one limiter (Bottleneck): one request at a
 * time, at least `requestIntervalMs` apart (3 s by arXiv's terms of use), with a User-Agent
 * naming the project. 429, 5xx, timeouts and empty pages that should not be empty are retried a
 * few times, then reported: never taken as "nothing new".
 */
import { setTimeout as delay } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import { HeraldError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { decodeText } from '../../net/decode-text.js';
import { HttpStatusError, isTransientFetchError } from '../../net/errors.js';
import type { Fetcher } from '../fetcher.js';
import { type ArxivPage, parseArxivFeed } from './arxiv-atom.js';
import { searchUrl } from './arxiv-query.js';

export interface ArxivClientOptions {
  apiUrl: string;
  /** Base of author feeds: `<base><id>.atom`. */
  authorFeedUrl: string;
  fetcher: Fetcher;
  requestIntervalMs: number;
  /** Retries of one request within a cycle before the source is reported as failing. */
  retries?: number;
  logger: Logger;
}

/** arXiv answered 200 with no entries although totalResults says there are more. */
export class ArxivIncompletePageError extends HeraldError {
  constructor(url: string, total: number, start: number) {
    super('ARXIV_INCOMPLETE', `empty page at start=${start} although totalResults=${total} (${url})`);
  }
}

const MAX_RETRY_DELAY_MS = 60_000;

export class ArxivClient {
  readonly #limiter: Bottleneck;
  /** When the last request finished (performance.now()). */
  #lastFinished = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(private readonly options: ArxivClientOptions) {
    // One request at a time; the interval is counted from the end of the previous request, so
    // arXiv sees the gap whatever the connection set-up or response time.
    this.#limiter = new Bottleneck({ maxConcurrent: 1 });
    const retries = options.retries ?? 2;
    this.#limiter.on('failed', (error: unknown, job: Bottleneck.EventInfoRetryable) => {
      if (this.#stopped || job.retryCount >= retries || !isRetryable(error)) return undefined;
      const backoff = options.requestIntervalMs * 2 ** (job.retryCount + 1);
      const delay = Math.min(
        MAX_RETRY_DELAY_MS,
        Math.max(error instanceof HttpStatusError ? (error.retryAfterMs ?? 0) : 0, backoff),
      );
      options.logger.warn({ err: error, retryInMs: delay }, 'arXiv request failed; retrying');
      return delay;
    });
  }

  /** One page of a search, newest submissions first. */
  search(searchQuery: string, start: number, pageSize: number): Promise<ArxivPage> {
    const url = searchUrl(this.options.apiUrl, searchQuery, start, pageSize);
    return this.#limiter.schedule(async () => {
      const page = await this.#get(url);
      const total = page.totalResults ?? 0;
      if (page.entries.length === 0 && total > start) throw new ArxivIncompletePageError(url, total, start);
      return page;
    });
  }

  /** A registered author's own feed (arxiv.org/a/<id>.atom). */
  authorFeed(authorId: string): Promise<ArxivPage> {
    const url = `${this.options.authorFeedUrl}${encodeURIComponent(authorId)}.atom`;
    return this.#limiter.schedule(() => this.#get(url));
  }

  async #get(url: string): Promise<ArxivPage> {
    const wait = this.#lastFinished + this.options.requestIntervalMs - performance.now();
    if (wait > 0) await delay(wait);
    try {
      const response = await this.options.fetcher.fetch({ url, accept: 'application/atom+xml' });
      return parseArxivFeed(decodeText(response.body, response.contentType));
    } finally {
      this.#lastFinished = performance.now();
    }
  }

  /** Drops queued requests; used on shutdown. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof ArxivIncompletePageError || isTransientFetchError(error);
}

export function isTransientArxivError(error: unknown): boolean {
  return isRetryable(error);
}
