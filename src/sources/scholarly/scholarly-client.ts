/**
 * One client per scholarly API: requests one at a time, at least `requestIntervalMs` apart
 * (counted from the end of one to the start of the next, so the service sees the gap whatever
 * the response time), with the project's User-Agent and the contact address where the service
 * asks for one. Timeouts and 5xx are retried a couple of times; a 429 is not: the source stops
 * and backs off (its Retry-After honoured), and no other source is held up, each having its own
 * client. Failures are SourceErrors naming the source, with API keys cut out of the message.
 */
import { setTimeout as delay } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import { HeraldError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { decodeText } from '../../net/decode-text.js';
import { HttpStatusError, isTransientFetchError, redactUrl } from '../../net/errors.js';
import type { Fetcher, FetchResult } from '../fetcher.js';
import { SourceError } from '../source.js';

export interface ScholarlyClientOptions {
  sourceId: string;
  fetcher: Fetcher;
  requestIntervalMs: number;
  /** Sent with every request: a User-Agent naming a contact address, say. */
  headers?: Readonly<Record<string, string>>;
  /** Values (API keys) never shown in an error. */
  secrets?: readonly string[];
  /** Retries of a transient failure (not a 429) within one poll. */
  retries?: number;
  logger: Logger;
}

/** The service answered, but not with what it documents (errors inside HTTP 200, bad JSON). */
export class ScholarlyResponseError extends HeraldError {
  constructor(
    message: string,
    /** True when asking again later may succeed (an empty body, a "try again" message). */
    readonly transient = false,
  ) {
    super('SCHOLARLY_RESPONSE', message);
  }
}

const MAX_RETRY_DELAY_MS = 30_000;

export class ScholarlyClient {
  readonly #limiter = new Bottleneck({ maxConcurrent: 1 });
  #intervalMs: number;
  #lastFinished = Number.NEGATIVE_INFINITY;
  #stopped = false;

  constructor(private readonly options: ScholarlyClientOptions) {
    this.#intervalMs = options.requestIntervalMs;
    const retries = options.retries ?? 2;
    this.#limiter.on('failed', (error: unknown, job: Bottleneck.EventInfoRetryable) => {
      if (this.#stopped || job.retryCount >= retries || !retryable(error)) return undefined;
      const backoff = Math.max(1000, this.#intervalMs) * 2 ** job.retryCount;
      const wait = Math.min(
        MAX_RETRY_DELAY_MS,
        Math.max(error instanceof HttpStatusError ? (error.retryAfterMs ?? 0) : 0, backoff),
      );
      options.logger.warn(
        { source: options.sourceId, err: this.#sourceError(error, ''), retryInMs: wait },
        'request failed; retrying',
      );
      return wait;
    });
  }

  /** The time between two requests now (a service may ask for more through its headers). */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Never closer together than this from now on; a value below the current one is ignored. */
  slowDownTo(intervalMs: number): void {
    if (intervalMs > this.#intervalMs) this.#intervalMs = intervalMs;
  }

  /** GET through the limiter; failures are SourceErrors naming the source and the URL. */
  async get(url: string, accept: string): Promise<FetchResult> {
    try {
      return await this.#limiter.schedule(() => this.#fetch(url, accept));
    } catch (error) {
      throw this.#sourceError(error, url);
    }
  }

  /** GET and parse JSON; a body that is not JSON is the service's error, said plainly. */
  async getJson(url: string): Promise<{ json: unknown; response: FetchResult }> {
    const response = await this.get(url, 'application/json');
    const text = decodeText(response.body, response.contentType).trim();
    try {
      if (text === '') throw new ScholarlyResponseError('empty response body', true);
      return { json: JSON.parse(text) as unknown, response };
    } catch (error) {
      const problem =
        error instanceof ScholarlyResponseError
          ? error
          : new ScholarlyResponseError(`the response is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
      throw this.#sourceError(problem, url);
    }
  }

  /** GET as text (XML). */
  async getText(url: string, accept: string): Promise<string> {
    const response = await this.get(url, accept);
    return decodeText(response.body, response.contentType);
  }

  /** A failure found in a response body, as this source's error. */
  fail(url: string, message: string, transient = false): SourceError {
    return this.#sourceError(new ScholarlyResponseError(message, transient), url);
  }

  /** Drops queued requests (shutdown). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  async #fetch(url: string, accept: string): Promise<FetchResult> {
    const wait = this.#lastFinished + this.#intervalMs - performance.now();
    if (wait > 0) await delay(wait);
    try {
      return await this.options.fetcher.fetch({ url, accept, headers: { ...this.options.headers } });
    } finally {
      this.#lastFinished = performance.now();
    }
  }

  #sourceError(error: unknown, url: string): SourceError {
    if (error instanceof SourceError) return error;
    const message = this.#redact((error as Error).message ?? String(error));
    const transient =
      error instanceof ScholarlyResponseError ? error.transient : isTransientFetchError(error);
    const retryAfterMs = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
    return new SourceError(this.options.sourceId, this.#redact(redactUrl(url)), message, transient, {
      cause: error,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  #redact(text: string): string {
    let safe = text;
    for (const secret of this.options.secrets ?? []) if (secret) safe = safe.split(secret).join('***');
    return safe;
  }
}

/** Worth asking again within this poll: timeouts, network errors, 5xx. Never a 429. */
function retryable(error: unknown): boolean {
  if (error instanceof HttpStatusError && error.status === 429) return false;
  return isTransientFetchError(error);
}
