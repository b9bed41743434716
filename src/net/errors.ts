/**
 * Every way a fetch can fail, one class each with a stable `code`. Callers decide between "retry
 * later" and "tell the admin" with `isTransientFetchError`, never by reading messages.
 */
import { HeraldError } from '../errors.js';

/** The URL without `user:password@`, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return parsed.href;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    // Unparsable input can still carry credentials: cut anything between "//" and "@".
    return url.replace(/\/\/[^/?#]*@/, '//');
  }
}

export class FetchError extends HeraldError {
  /** The URL that failed (the redirect hop, if any), credentials removed. */
  readonly url: string;

  constructor(code: string, url: string, message: string, options?: ErrorOptions) {
    const safeUrl = redactUrl(url);
    super(code, `${message} (${safeUrl})`, options);
    this.url = safeUrl;
  }
}

/** The server answered with a status that is neither success, 304 nor a followed redirect. */
export class HttpStatusError extends FetchError {
  constructor(
    url: string,
    readonly status: number,
    /** From Retry-After (seconds or HTTP date), when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super('HTTP_STATUS', url, `HTTP ${status}`);
  }
}

/** The connect timeout or the whole-request deadline passed. */
export class FetchTimeoutError extends FetchError {
  constructor(url: string, what: string, options?: ErrorOptions) {
    super('TIMEOUT', url, what, options);
  }
}

/** The body (declared, received or decompressed) is larger than the cap. */
export class ResponseTooLargeError extends FetchError {
  constructor(
    url: string,
    readonly maxBytes: number,
  ) {
    super('TOO_LARGE', url, `response larger than ${maxBytes} bytes`);
  }
}

/** The host is, or resolves to, an address the client must not reach (private, loopback, ...). */
export class BlockedAddressError extends FetchError {
  constructor(
    url: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super('BLOCKED_ADDRESS', url, `refused to connect to ${address} (${reason})`);
  }
}

/** Not a parsable http: or https: URL (also for a redirect's Location). */
export class BadUrlError extends FetchError {
  constructor(url: string, why: string) {
    super('BAD_URL', url, `bad URL: ${why}`);
  }
}

export class TooManyRedirectsError extends FetchError {
  constructor(url: string, maxRedirects: number) {
    super('TOO_MANY_REDIRECTS', url, `more than ${maxRedirects} redirects`);
  }
}

/** The connection failed or broke (refused, reset, DNS failure, ...); the cause says which. */
export class NetworkError extends FetchError {
  constructor(url: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('NETWORK', url, `network error: ${detail}`, { cause });
  }
}

/** The body could not be decoded (corrupt gzip/brotli, unknown Content-Encoding). */
export class BadResponseError extends FetchError {
  constructor(url: string, why: string, options?: ErrorOptions) {
    super('BAD_RESPONSE', url, `bad response: ${why}`, options);
  }
}

/**
 * True when trying again later may succeed: timeouts, network failures, 408, 429 and 5xx.
 * Everything else (other 4xx, blocked, too large, bad URL, bad body, unknown errors) is permanent.
 */
export function isTransientFetchError(err: unknown): boolean {
  if (err instanceof FetchTimeoutError || err instanceof NetworkError) return true;
  if (err instanceof HttpStatusError) return err.status === 408 || err.status === 429 || err.status >= 500;
  return false;
}
