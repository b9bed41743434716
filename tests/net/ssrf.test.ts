/**
 * SSRF protection through the real client and real loopback servers. The servers exist so that a
 * missing check would show up as a successful fetch (or a connection the server counted), not as
 * some other network error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedAddressError, isTransientFetchError } from '../../src/net/errors.js';
import { HttpClient, type HttpClientOptions } from '../../src/net/http-client.js';
import { fakeDns } from './fake-dns.js';
import { failure } from './fetch-failure.js';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.js';

let v4: LoopbackServer; // 127.0.0.1
let v6: LoopbackServer; // ::1
let other: LoopbackServer; // 127.0.0.2: loopback too, but not on the exception list below
const clients: HttpClient[] = [];

function newClient(options: Partial<HttpClientOptions> = {}): HttpClient {
  const client = new HttpClient({
    timeoutMs: 2000,
    maxBytes: 1024 * 1024,
    allowPrivateAddresses: false,
    userAgent: 'test',
    ...options,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  other = await startLoopbackServer({ '/ok': (_req, res) => res.end('reached 127.0.0.2') }, '127.0.0.2');
  v6 = await startLoopbackServer({ '/ok': (_req, res) => res.end('reached ::1') }, '::1');
  v4 = await startLoopbackServer({
    '/ok': (_req, res) => res.end('reached 127.0.0.1'),
    '/to-other-literal': (_req, res) => res.writeHead(302, { location: other.url('/ok') }).end(),
    '/to-other-name': (_req, res) =>
      res.writeHead(302, { location: `http://internal.test:${other.port}/ok` }).end(),
    '/to-v6': (_req, res) => res.writeHead(307, { location: v6.url('/ok') }).end(),
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([v4.close(), v6.close(), other.close()]);
});

describe('literal IP hosts', () => {
  const client = () => newClient();

  it.each([
    ['127.0.0.1', () => v4.url('/ok')],
    ['127.0.0.1 written in decimal', () => `http://2130706433:${v4.port}/ok`],
    ['127.0.0.1 written in hex', () => `http://0x7f.1:${v4.port}/ok`],
    ['::1', () => v6.url('/ok')],
    ['::ffff:127.0.0.1', () => `http://[::ffff:127.0.0.1]:${v4.port}/ok`],
    ['10/8', () => 'http://10.0.0.1/'],
    ['172.16/12', () => 'http://172.20.1.1/'],
    ['192.168/16', () => 'http://192.168.1.1/'],
    ['fc00::/7', () => 'http://[fd00::1]/'],
    ['169.254/16 (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['fe80::/10', () => 'http://[fe80::1]/'],
    ['100.64/10', () => 'http://100.100.100.100/'],
    ['224/4', () => 'http://224.0.0.251/'],
    ['ff00::/8', () => 'http://[ff02::1]/'],
    ['0.0.0.0/8', () => `http://0.0.0.0:${v4.port}/ok`],
    ['::', () => `http://[::]:${v4.port}/ok`],
    ['broadcast', () => 'http://255.255.255.255/'],
    ['NAT64 of loopback', () => 'http://[64:ff9b::7f00:1]/'],
    ['6to4 of 192.168.1.1', () => 'http://[2002:c0a8:101::1]/'],
  ])('refuses %s', async (_range, url) => {
    const err = await failure(client().fetch({ url: url() }));
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect(err.code).toBe('BLOCKED_ADDRESS');
    expect(isTransientFetchError(err)).toBe(false);
  });

  it('never opened a connection to the servers', () => {
    expect(v4.connections).toBe(0);
    expect(v6.connections).toBe(0);
  });
});

describe('host names', () => {
  it('refuses a name that resolves to loopback, resolving it once', async () => {
    const dns = fakeDns({ 'feeds.test': ['127.0.0.1'] });
    const before = v4.connections;
    const err = await failure(
      newClient({ lookup: dns.lookup }).fetch({ url: `http://feeds.test:${v4.port}/ok` }),
    );
    expect(err).toMatchObject({ code: 'BLOCKED_ADDRESS', address: '127.0.0.1', reason: 'loopback' });
    expect(err.message).toContain('feeds.test');
    expect(v4.connections).toBe(before);
  });

  it('refuses a name when one of several addresses is private', async () => {
    const dns = fakeDns({ 'mixed.test': ['93.184.215.14', '10.0.0.5'] });
    const err = await failure(newClient({ lookup: dns.lookup }).fetch({ url: 'http://mixed.test/' }));
    expect(err).toMatchObject({ code: 'BLOCKED_ADDRESS', address: '10.0.0.5' });
  });

  it('refuses localhost through the system resolver', async () => {
    const err = await failure(newClient().fetch({ url: `http://localhost:${v4.port}/ok` }));
    expect(err.code).toBe('BLOCKED_ADDRESS');
  });

  it('connects to an excepted address, to the one address it checked', async () => {
    const dns = fakeDns({ 'feeds.test': ['127.0.0.1'] });
    const client = newClient({ lookup: dns.lookup, allowedAddresses: ['127.0.0.1'] });
    const result = await client.fetch({ url: `http://feeds.test:${v4.port}/ok` });
    expect(result.body.toString()).toBe('reached 127.0.0.1');
    // One query: the address checked is the address connected to (no second, rebindable lookup).
    expect(dns.queries).toEqual(['feeds.test']);
  });
});

describe('redirects', () => {
  // 127.0.0.1 is excepted, so the first hop is really fetched; each redirect hop is checked anew.
  const dns = fakeDns({ 'internal.test': ['127.0.0.2'] });
  const client = () => newClient({ allowedAddresses: ['127.0.0.1'], lookup: dns.lookup });

  it('refuses a redirect to a private IP literal', async () => {
    const requestsBefore = v4.requests.length;
    const err = await failure(client().fetch({ url: v4.url('/to-other-literal') }));
    expect(v4.requests.length).toBe(requestsBefore + 1);
    expect(err).toMatchObject({ code: 'BLOCKED_ADDRESS', address: '127.0.0.2', url: other.url('/ok') });
    expect(other.connections).toBe(0);
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const err = await failure(client().fetch({ url: v4.url('/to-other-name') }));
    expect(err).toMatchObject({ code: 'BLOCKED_ADDRESS', address: '127.0.0.2' });
    expect(other.connections).toBe(0);
  });

  it('refuses a redirect to [::1]', async () => {
    const err = await failure(client().fetch({ url: v4.url('/to-v6') }));
    expect(err).toMatchObject({ code: 'BLOCKED_ADDRESS', address: '::1' });
    expect(v6.connections).toBe(0);
  });

  it('follows the same redirects when private addresses are allowed (the targets are reachable)', async () => {
    const open = newClient({ allowPrivateAddresses: true, lookup: dns.lookup });
    expect((await open.fetch({ url: v4.url('/to-other-literal') })).body.toString()).toBe(
      'reached 127.0.0.2',
    );
    expect((await open.fetch({ url: v4.url('/to-other-name') })).body.toString()).toBe('reached 127.0.0.2');
    expect((await open.fetch({ url: v4.url('/to-v6') })).body.toString()).toBe('reached ::1');
  });
});
