/**
 * The byte cap and the deadline against servers that misbehave: huge bodies with and without
 * Content-Length, a gzip bomb, and servers that stall before or during the body.
 */
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientFetchError } from '../../src/net/errors.js';
import { HttpClient } from '../../src/net/http-client.js';
import { failure } from './fetch-failure.js';
import { type LoopbackServer, startLoopbackServer, streamForever } from './loopback-server.js';

const MAX_BYTES = 64 * 1024;
const TIMEOUT_MS = 300;

/** Responses the server is still writing: a stalled one ends only when the client gives up. */
const closedByClient: Array<Promise<void>> = [];
function trackClose(res: ServerResponse): void {
  closedByClient.push(new Promise((resolve) => res.on('close', () => resolve())));
}

let server: LoopbackServer;
let client: HttpClient;

beforeAll(async () => {
  // 16 MiB of zeros compress to about 16 KiB: small on the wire, huge once inflated.
  const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
  server = await startLoopbackServer({
    '/exactly-cap': (_req, res) => res.writeHead(200).end(Buffer.alloc(MAX_BYTES, 'a')),
    '/declared-huge': (_req, res) => {
      trackClose(res);
      res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) }).write('<rss>'); // then stalls
    },
    '/endless': (_req, res) => {
      trackClose(res);
      res.writeHead(200, { 'content-type': 'application/rss+xml' }); // chunked: no length
      streamForever(res, Buffer.alloc(16 * 1024, 'x'));
    },
    '/bomb': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb),
    '/trickle': (_req, res) => {
      trackClose(res);
      res.writeHead(200).write('<rss><channel>');
      // A byte every 50 ms keeps any per-read idle timer happy; only a whole-request deadline ends it.
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    },
    '/stalled-headers': (_req, res) => trackClose(res), // never answers
  });
  client = new HttpClient({
    timeoutMs: TIMEOUT_MS,
    maxBytes: MAX_BYTES,
    allowPrivateAddresses: true,
    userAgent: 'test',
  });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('byte cap', () => {
  it('accepts a body of exactly maxBytes', async () => {
    const result = await client.fetch({ url: server.url('/exactly-cap') });
    expect(result.body.length).toBe(MAX_BYTES);
  });

  it('refuses a declared Content-Length above the cap without waiting for the body', async () => {
    // The body never completes, so only the early refusal can produce TOO_LARGE (else: TIMEOUT).
    const err = await failure(client.fetch({ url: server.url('/declared-huge') }));
    expect(err).toMatchObject({ code: 'TOO_LARGE', maxBytes: MAX_BYTES });
    expect(isTransientFetchError(err)).toBe(false);
  });

  it('cuts an endless chunked body at the cap and drops the connection', async () => {
    const before = closedByClient.length;
    const err = await failure(client.fetch({ url: server.url('/endless') }));
    expect(err.code).toBe('TOO_LARGE');
    await closedByClient[before]; // the server stops writing because the client hung up
  });

  it('stops a gzip bomb by the decompressed size', async () => {
    const err = await failure(client.fetch({ url: server.url('/bomb') }));
    expect(err.code).toBe('TOO_LARGE');
  });
});

describe('deadline', () => {
  it('times out a server that sends headers and then trickles the body', async () => {
    const started = Date.now();
    const err = await failure(client.fetch({ url: server.url('/trickle') }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.url).toBe(server.url('/trickle'));
    expect(isTransientFetchError(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it('times out a server that never answers', async () => {
    const before = closedByClient.length;
    const err = await failure(client.fetch({ url: server.url('/stalled-headers') }));
    expect(err.code).toBe('TIMEOUT');
    await closedByClient[before];
  });
});
