/**
 * The HTTP port sources fetch through. The one implementation is net/http-client.ts (timeouts,
 * byte cap, checked redirects, private-address guard); tests may hand in anything of this shape.
 */

export interface FetchRequest {
  url: string;
  /** Validators from an earlier response, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export interface FetchResult {
  status: number;
  /** 304: the validators still hold; `body` is empty. */
  notModified: boolean;
  /** Final URL after redirects (may hold credentials: redact before logging). */
  url: string;
  body: Buffer;
  contentType?: string;
  /** On 304 the validators fall back to the ones sent, so callers can store them unconditionally. */
  etag?: string;
  lastModified?: string;
  /** Response headers, lower-case names, first value of each (rate-limit headers, for one). */
  headers?: Record<string, string>;
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}
