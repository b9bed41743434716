/**
 * The HTTP client against a real loopback server (private addresses allowed here; the address
 * policy has its own tests): headers, conditional GET, redirects, statuses, compression.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStatusError, isTransientFetchError } from '../../src/net/errors.js';
import { HttpClient } from '../../src/net/http-client.js';
import { userAgent } from '../../src/net/user-agent.js';
import { failure } from './fetch-failure.js';
import { type LoopbackServer, type RouteHandler, startLoopbackServer } from './loopback-server.js';

const UA = userAgent('0.1.0');
const LAST_MODIFIED = 'Tue, 01 Apr 2025 10:00:00 GMT';
const TEXT = 'hello compressed world '.repeat(200);

function redirect(status: number, location: string): RouteHandler {
  return (_req, res) => res.writeHead(status, { location }).end();
}

function encoded(encoding: string, body: Buffer): RouteHandler {
  return (_req, res) => res.writeHead(200, { 'content-encoding': encoding }).end(body);
}

const routes: Record<string, RouteHandler> = {
  '/feed': (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' }).end('<rss/>');
  },
  '/dated': (req, res) => {
    if (req.headers['if-modified-since'] === LAST_MODIFIED) return void res.writeHead(304).end();
    res.writeHead(200, { 'last-modified': LAST_MODIFIED }).end('dated');
  },
  '/gzip': encoded('gzip', gzipSync(TEXT)),
  '/deflate': encoded('deflate', deflateSync(TEXT)),
  '/br': encoded('br', brotliCompressSync(TEXT)),
  '/corrupt-gzip': encoded('gzip', Buffer.from('this is not gzip')),
  '/unknown-encoding': encoded('compress', Buffer.from('whatever')),
  '/rate-limited': (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end(),
  '/unavailable': (_req, res) =>
    res.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end(),
  '/gone': (_req, res) => res.writeHead(410).end('gone'),
  '/redirect/a': redirect(301, 'b'),
  '/redirect/b': redirect(302, '/redirect/c?x=1'),
  '/redirect/c': redirect(303, './d'),
  '/redirect/d': redirect(307, 'e'),
  '/redirect/e': redirect(308, '/final'),
  '/final': (_req, res) => res.writeHead(200).end('arrived'),
  '/loop': redirect(302, '/loop'),
  '/to-file': redirect(302, 'file:///etc/passwd'),
  '/to-bad-url': redirect(302, 'http://[bad'),
  '/no-location': (_req, res) => res.writeHead(302).end(),
  '/echo-auth': (req, res) => res.writeHead(200).end(req.headers.authorization ?? 'none'),
};

let server: LoopbackServer;
let otherOrigin: LoopbackServer;
let client: HttpClient;

beforeAll(async () => {
  otherOrigin = await startLoopbackServer({ '/echo-auth': routes['/echo-auth']! });
  server = await startLoopbackServer({
    ...routes,
    '/to-other-origin': redirect(302, otherOrigin.url('/echo-auth')),
  });
  client = new HttpClient({
    timeoutMs: 5000,
    maxBytes: 64 * 1024,
    allowPrivateAddresses: true,
    userAgent: UA,
  });
});

afterAll(async () => {
  await client.close();
  await server.close();
  await otherOrigin.close();
});

describe('HttpClient.fetch', () => {
  it('sends the User-Agent, Accept and Accept-Encoding, and returns body and validators', async () => {
    const result = await client.fetch({ url: server.url('/feed'), accept: 'application/rss+xml' });
    expect(result).toMatchObject({ status: 200, notModified: false, url: server.url('/feed'), etag: '"v1"' });
    expect(result.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(result.body.toString()).toBe('<rss/>');
    const headers = server.requests.at(-1)?.headers;
    expect(headers?.['user-agent']).toBe(
      'paper-herald/0.1.0 (+https://github.com/paper-herald/paper-herald)',
    );
    expect(headers?.accept).toBe('application/rss+xml');
    expect(headers?.['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends If-None-Match and reports 304 as not modified with an empty body', async () => {
    const result = await client.fetch({ url: server.url('/feed'), etag: '"v1"' });
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(result).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(result.body.length).toBe(0);
  });

  it('sends If-Modified-Since; a 304 without validators keeps the ones sent', async () => {
    const fresh = await client.fetch({ url: server.url('/dated') });
    expect(fresh.lastModified).toBe(LAST_MODIFIED);
    const again = await client.fetch({ url: server.url('/dated'), lastModified: LAST_MODIFIED, etag: '"x"' });
    expect(again).toMatchObject({ notModified: true, lastModified: LAST_MODIFIED, etag: '"x"' });
  });

  it.each(['/gzip', '/deflate', '/br'])('decompresses %s', async (path) => {
    const result = await client.fetch({ url: server.url(path) });
    expect(result.body.toString()).toBe(TEXT);
  });

  it('fails with BAD_RESPONSE on a corrupt or unknown encoding', async () => {
    expect((await failure(client.fetch({ url: server.url('/corrupt-gzip') }))).code).toBe('BAD_RESPONSE');
    expect((await failure(client.fetch({ url: server.url('/unknown-encoding') }))).code).toBe('BAD_RESPONSE');
  });

  it('parses Retry-After seconds on 429 and marks it transient', async () => {
    const err = await failure(client.fetch({ url: server.url('/rate-limited') }));
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ code: 'HTTP_STATUS', status: 429, retryAfterMs: 120_000 });
    expect(isTransientFetchError(err)).toBe(true);
  });

  it('parses a Retry-After HTTP date on 503', async () => {
    const err = (await failure(client.fetch({ url: server.url('/unavailable') }))) as HttpStatusError;
    expect(err.status).toBe(503);
    expect(err.retryAfterMs).toBeGreaterThan(50_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('reports other 4xx as permanent HTTP_STATUS errors naming the URL', async () => {
    const err = await failure(client.fetch({ url: server.url('/gone') }));
    expect(err).toMatchObject({ code: 'HTTP_STATUS', status: 410, url: server.url('/gone') });
    expect(err.message).toContain(server.url('/gone'));
    expect(isTransientFetchError(err)).toBe(false);
  });

  it('follows 301, 302, 303, 307 and 308 with relative Locations', async () => {
    const result = await client.fetch({ url: server.url('/redirect/a') });
    expect(result.body.toString()).toBe('arrived');
    expect(result.url).toBe(server.url('/final'));
    const paths = server.requests.slice(-6).map((request) => request.path);
    expect(paths).toEqual([
      '/redirect/a',
      '/redirect/b',
      '/redirect/c?x=1',
      '/redirect/d',
      '/redirect/e',
      '/final',
    ]);
  });

  it('stops after maxRedirects', async () => {
    const strict = new HttpClient({
      timeoutMs: 5000,
      maxBytes: 1024,
      maxRedirects: 3,
      allowPrivateAddresses: true,
      userAgent: UA,
    });
    try {
      const before = server.requests.length;
      const err = await failure(strict.fetch({ url: server.url('/loop') }));
      expect(err.code).toBe('TOO_MANY_REDIRECTS');
      expect(server.requests.length - before).toBe(4); // the request and 3 redirects
      expect((await failure(strict.fetch({ url: server.url('/redirect/a') }))).code).toBe(
        'TOO_MANY_REDIRECTS',
      );
    } finally {
      await strict.close();
    }
  });

  it('treats a redirect without Location as an HTTP status error', async () => {
    expect(await failure(client.fetch({ url: server.url('/no-location') }))).toMatchObject({ status: 302 });
  });

  it.each(['ftp://example.org/feed', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url'])(
    'refuses %s with BAD_URL',
    async (url) => {
      const err = await failure(client.fetch({ url }));
      expect(err.code).toBe('BAD_URL');
      expect(isTransientFetchError(err)).toBe(false);
    },
  );

  it('refuses a redirect to a non-http scheme or an unparsable Location', async () => {
    expect((await failure(client.fetch({ url: server.url('/to-file') }))).code).toBe('BAD_URL');
    expect((await failure(client.fetch({ url: server.url('/to-bad-url') }))).code).toBe('BAD_URL');
  });

  it('sends URL credentials as Basic auth but never shows them in errors', async () => {
    const withCredentials = server.url('/echo-auth').replace('http://', 'http://ann:s3cret@');
    const result = await client.fetch({ url: withCredentials });
    expect(result.body.toString()).toBe(`Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
    const err = await failure(
      client.fetch({ url: server.url('/gone').replace('http://', 'http://ann:s3cret@') }),
    );
    expect(err.message).not.toContain('s3cret');
    expect(err.url).toBe(server.url('/gone'));
  });

  it('drops Authorization when a redirect leaves the origin', async () => {
    const sameOrigin = await client.fetch({
      url: server.url('/echo-auth'),
      headers: { Authorization: 'Bearer t' },
    });
    expect(sameOrigin.body.toString()).toBe('Bearer t');
    const result = await client.fetch({
      url: server.url('/to-other-origin'),
      headers: { Authorization: 'Bearer t' },
    });
    expect(result.url).toBe(otherOrigin.url('/echo-auth'));
    expect(result.body.toString()).toBe('none');
  });

  it('reports a refused connection as a transient NETWORK error', async () => {
    const closed = await startLoopbackServer({});
    const url = closed.url('/feed');
    await closed.close();
    const err = await failure(client.fetch({ url }));
    expect(err.code).toBe('NETWORK');
    expect(isTransientFetchError(err)).toBe(true);
  });
});
