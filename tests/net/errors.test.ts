/** Error classification, URL redaction and Retry-After parsing. */
import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { AddressRefusedError } from '../../src/net/address-guard.js';
import { toFetchError } from '../../src/net/classify-error.js';
import {
  BadResponseError,
  BadUrlError,
  BlockedAddressError,
  FetchTimeoutError,
  HttpStatusError,
  isTransientFetchError,
  NetworkError,
  ResponseTooLargeError,
  redactUrl,
  TooManyRedirectsError,
} from '../../src/net/errors.js';
import { parseRetryAfter } from '../../src/net/retry-after.js';

const URL_ = 'https://example.org/feed.xml';

describe('isTransientFetchError', () => {
  it.each([
    [new FetchTimeoutError(URL_, 'slow'), true],
    [new NetworkError(URL_, new Error('ECONNRESET')), true],
    [new HttpStatusError(URL_, 429), true],
    [new HttpStatusError(URL_, 408), true],
    [new HttpStatusError(URL_, 500), true],
    [new HttpStatusError(URL_, 503, 1000), true],
    [new HttpStatusError(URL_, 404), false],
    [new HttpStatusError(URL_, 403), false],
    [new BlockedAddressError(URL_, '10.0.0.1', 'private'), false],
    [new ResponseTooLargeError(URL_, 10), false],
    [new BadUrlError(URL_, 'bad'), false],
    [new TooManyRedirectsError(URL_, 5), false],
    [new BadResponseError(URL_, 'corrupt'), false],
    [new Error('something else'), false],
  ])('%s -> %s', (err, transient) => {
    expect(isTransientFetchError(err)).toBe(transient);
  });

  it('gives every error a stable code', () => {
    expect(new HttpStatusError(URL_, 404).code).toBe('HTTP_STATUS');
    expect(new FetchTimeoutError(URL_, 'slow').code).toBe('TIMEOUT');
    expect(new ResponseTooLargeError(URL_, 1).code).toBe('TOO_LARGE');
    expect(new BlockedAddressError(URL_, '::1', 'loopback').code).toBe('BLOCKED_ADDRESS');
    expect(new BadUrlError(URL_, 'x').code).toBe('BAD_URL');
    expect(new TooManyRedirectsError(URL_, 5).code).toBe('TOO_MANY_REDIRECTS');
    expect(new NetworkError(URL_, new Error('x')).code).toBe('NETWORK');
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://ann:pw@example.org/cal.ics?x=1', 'https://example.org/cal.ics?x=1'],
    ['https://token@example.org/', 'https://example.org/'],
    ['https://example.org/a', 'https://example.org/a'],
    ['not a url //ann:pw@host/x', 'not a url //host/x'],
  ])('%s -> %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('keeps credentials out of messages and the url property', () => {
    const err = new HttpStatusError('https://ann:pw@example.org/feed', 401);
    expect(err.message).toBe('HTTP 401 (https://example.org/feed)');
    expect(err.url).toBe('https://example.org/feed');
  });
});

describe('toFetchError', () => {
  const context = { timedOut: false, timeoutMs: 30_000, connectTimeoutMs: 10_000 };

  it('maps undici timeouts to TIMEOUT', () => {
    const connect = toFetchError(new undiciErrors.ConnectTimeoutError(), URL_, context);
    expect(connect).toMatchObject({
      code: 'TIMEOUT',
      message: `could not connect within 10000 ms (${URL_})`,
    });
    expect(toFetchError(new undiciErrors.HeadersTimeoutError(), URL_, context).code).toBe('TIMEOUT');
    expect(toFetchError(new undiciErrors.BodyTimeoutError(), URL_, context).code).toBe('TIMEOUT');
  });

  it('maps anything that ends after the deadline to TIMEOUT', () => {
    const aborted = new DOMException('This operation was aborted', 'AbortError');
    expect(toFetchError(aborted, URL_, { ...context, timedOut: true }).code).toBe('TIMEOUT');
  });

  it('finds a refused address in the cause chain', () => {
    const wrapped = new Error('connect failed', {
      cause: new AddressRefusedError('h.test', '10.0.0.1', 'private'),
    });
    expect(toFetchError(wrapped, URL_, context)).toMatchObject({
      code: 'BLOCKED_ADDRESS',
      address: '10.0.0.1',
    });
  });

  it('maps socket errors to NETWORK and keeps FetchErrors as they are', () => {
    const socket = new undiciErrors.SocketError('other side closed');
    expect(toFetchError(socket, URL_, context)).toMatchObject({ code: 'NETWORK', cause: socket });
    const original = new HttpStatusError(URL_, 500);
    expect(toFetchError(original, URL_, context)).toBe(original);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-04-01T10:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Tue, 01 Apr 2025 10:01:30 GMT', 90_000],
    ['Tue, 01 Apr 2025 09:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
