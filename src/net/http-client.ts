/**
 * The one HTTP client for untrusted URLs (feeds, calendars, arXiv). It follows redirects by hand
 * so each hop is checked, refuses private addresses at connect time, caps the body size (after
 * decompression too), and has a deadline for the whole fetch including the body.
 */
import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import type { Fetcher, FetchRequest, FetchResult } from '../sources/fetcher.js';
import { createAddressPolicy } from './address-guard.js';
import { toFetchError } from './classify-error.js';
import { BadUrlError, HttpStatusError, ResponseTooLargeError, TooManyRedirectsError } from './errors.js';
import { guardedConnector } from './guarded-connector.js';
import { ACCEPTED_ENCODINGS, discardBody, readCappedBody } from './read-body.js';
import { parseRetryAfter } from './retry-after.js';

export interface HttpClientOptions {
  /** Deadline for the whole fetch: every redirect hop, headers and body. */
  timeoutMs: number;
  /** Deadline for establishing one connection; defaults to min(timeoutMs, 10 s). */
  connectTimeoutMs?: number;
  /** Largest body accepted, counted on the wire and again after decompression. */
  maxBytes: number;
  maxRedirects?: number;
  /** When false, private, loopback, link-local, ... addresses are refused (SSRF protection). */
  allowPrivateAddresses: boolean;
  /** Addresses or CIDR ranges allowed although private (e.g. an intranet calendar server). */
  allowedAddresses?: readonly string[];
  userAgent: string;
  /** Replaces dns.lookup (same signature; must honour `all: true`). */
  lookup?: LookupFunction;
}

// The port it implements: sources depend on the shape, not on this client.
export type { FetchRequest, FetchResult } from '../sources/fetcher.js';

const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin (as in the Fetch standard). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export class HttpClient implements Fetcher {
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #maxBytes: number;
  readonly #maxRedirects: number;
  readonly #userAgent: string;

  constructor(options: HttpClientOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? Math.min(options.timeoutMs, 10_000);
    this.#maxBytes = options.maxBytes;
    this.#maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.#userAgent = options.userAgent;
    this.#agent = new Agent({
      connect: guardedConnector({
        connectTimeoutMs: this.#connectTimeoutMs,
        policy: createAddressPolicy(options),
        ...(options.lookup ? { lookup: options.lookup } : {}),
      }),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#timeoutMs);
    const hop = { url: request.url }; // the URL being fetched when something fails
    try {
      return await this.#follow(request, hop, deadline.signal);
    } catch (err) {
      throw toFetchError(err, hop.url, {
        timedOut: deadline.signal.aborted,
        timeoutMs: this.#timeoutMs,
        connectTimeoutMs: this.#connectTimeoutMs,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Aborts fetches in flight and closes all connections. */
  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  async #follow(request: FetchRequest, hop: { url: string }, signal: AbortSignal): Promise<FetchResult> {
    const firstUrl = parseHttpUrl(request.url);
    let url = firstUrl;
    for (let redirects = 0; ; redirects++) {
      hop.url = url.href;
      const response = await this.#agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'GET',
        headers: this.#headersFor(request, url, firstUrl),
        signal,
      });
      const location = REDIRECT_STATUSES.has(response.statusCode)
        ? headerValue(response.headers, 'location')
        : undefined;
      if (location === undefined) return await this.#finish(request, url, response, signal);
      discardBody(response.body);
      if (redirects >= this.#maxRedirects) throw new TooManyRedirectsError(request.url, this.#maxRedirects);
      url = parseHttpUrl(location, url);
    }
  }

  #headersFor(request: FetchRequest, url: URL, firstUrl: URL): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.#userAgent,
      accept: request.accept ?? '*/*',
      'accept-encoding': ACCEPTED_ENCODINGS,
    };
    if (request.etag !== undefined) headers['if-none-match'] = request.etag;
    if (request.lastModified !== undefined) headers['if-modified-since'] = request.lastModified;
    const sameOrigin = url.origin === firstUrl.origin;
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const key = name.toLowerCase();
      if (sameOrigin || !CREDENTIAL_HEADERS.includes(key)) headers[key] = value;
    }
    if ((url.username !== '' || url.password !== '') && headers.authorization === undefined) {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    return headers;
  }

  async #finish(
    request: FetchRequest,
    url: URL,
    response: Dispatcher.ResponseData,
    signal: AbortSignal,
  ): Promise<FetchResult> {
    const { statusCode: status, headers, body } = response;
    const contentType = headerValue(headers, 'content-type');
    const etag = headerValue(headers, 'etag');
    const lastModified = headerValue(headers, 'last-modified');
    if (status === 304) {
      discardBody(body);
      return {
        status,
        notModified: true,
        url: url.href,
        body: Buffer.alloc(0),
        contentType,
        etag: etag ?? request.etag,
        lastModified: lastModified ?? request.lastModified,
      };
    }
    if (status < 200 || status > 299) {
      discardBody(body);
      throw new HttpStatusError(url.href, status, parseRetryAfter(headerValue(headers, 'retry-after')));
    }
    // Refuse before reading a byte when the server announces too much.
    if (Number(headerValue(headers, 'content-length')) > this.#maxBytes) {
      discardBody(body);
      throw new ResponseTooLargeError(url.href, this.#maxBytes);
    }
    const bytes = await readCappedBody(body, {
      contentEncoding: headerValue(headers, 'content-encoding'),
      maxBytes: this.#maxBytes,
      url: url.href,
      signal,
    });
    return {
      status,
      notModified: false,
      url: url.href,
      body: bytes,
      contentType,
      etag,
      lastModified,
      headers: firstValues(headers),
    };
  }
}

/** An http: or https: URL, resolved against `base` (a redirect's Location may be relative). */
function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new BadUrlError(base ? `${base.href} -> ${text}` : text, 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadUrlError(url.href, `scheme ${url.protocol} is not http: or https:`);
  }
  return url;
}

function firstValues(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headerValue(headers, name);
    if (value !== undefined) values[name.toLowerCase()] = value;
  }
  return values;
}

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
