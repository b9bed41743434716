/**
 * The arXiv client against a loopback arXiv: spacing of requests, retries, paging, batching.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type PersonConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { HttpClient } from '../../src/net/http-client.js';
import { ArxivClient, ArxivIncompletePageError } from '../../src/sources/arxiv/arxiv-client.js';
import { buildAuthorQueries } from '../../src/sources/arxiv/arxiv-query.js';
import { ArxivSearchSource } from '../../src/sources/arxiv/arxiv-sources.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';

let server: FixtureServer;
let http: HttpClient;

beforeEach(async () => {
  server = await startFixtureServer();
  http = new HttpClient({
    timeoutMs: 5000,
    maxBytes: 1 << 20,
    allowPrivateAddresses: true,
    userAgent: 'paper-herald-test',
  });
});

afterEach(async () => {
  await http.close();
  await server.close();
});

function client(requestIntervalMs: number, retries = 2) {
  return new ArxivClient({
    apiUrl: server.url('/api/query'),
    authorFeedUrl: server.url('/a/'),
    fetcher: http,
    requestIntervalMs,
    retries,
    logger: silentLogger,
  });
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!);

describe('the arXiv client', () => {
  it('spaces requests at least 3 s apart by default (arXiv terms of use), with a User-Agent', async () => {
    const defaults = configSchema.parse({});
    expect(defaults.arxiv.requestIntervalMs).toBe(3000);
    server.route('/api/query', { body: arxivAtom(seedPapers().slice(0, 2)) });
    const arxiv = client(defaults.arxiv.requestIntervalMs);
    await Promise.all([arxiv.search('au:favero_a', 0, 10), arxiv.search('au:wyart_m', 0, 10)]);
    const requests = server.requestsTo('/api/query');
    expect(requests).toHaveLength(2);
    expect(gaps(requests.map((r) => r.at))[0]).toBeGreaterThanOrEqual(3000);
    expect(requests[0]!.headers['user-agent']).toBe('paper-herald-test');
  });

  it('keeps the spacing across searches and author feeds, one request at a time', async () => {
    server.route('/api/query', { body: arxivAtom([]) });
    server.route('/a/favero_a_1.atom', { body: arxivAtom([]) });
    const arxiv = client(150);
    await Promise.all([arxiv.search('a', 0, 1), arxiv.authorFeed('favero_a_1'), arxiv.search('b', 0, 1)]);
    const times = server.requests.map((r) => r.at);
    expect(times).toHaveLength(3);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(150);
  });

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    let calls = 0;
    server.route('/api/query', () =>
      ++calls === 1
        ? { status: 429, body: 'Rate exceeded.', headers: { 'retry-after': '0' } }
        : { body: arxivAtom(seedPapers().slice(0, 1)) },
    );
    const page = await client(10).search('au:favero_a', 0, 10);
    expect(page.entries).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('retries an empty page that should not be empty, and reports it when it stays empty', async () => {
    server.route('/api/query', { body: arxivAtom([], { totalResults: 17 }) });
    await expect(client(10, 2).search('au:favero_a', 0, 10)).rejects.toBeInstanceOf(ArxivIncompletePageError);
    expect(server.requestsTo('/api/query')).toHaveLength(3);
  });

  it('does not retry an answer that will not change (400, error feed)', async () => {
    server.route('/api/query', { status: 400, body: 'bad query' });
    await expect(client(10).search('au:(', 0, 10)).rejects.toThrow(/400/);
    expect(server.requestsTo('/api/query')).toHaveLength(1);
  });

  it('pages back until it reaches a stored paper, newest first', async () => {
    const papers = seedPapers();
    server.route('/api/query', (request) => {
      const start = Number(request.query.get('start'));
      return {
        body: arxivAtom(papers.slice(start, start + 5), { totalResults: papers.length, startIndex: start }),
      };
    });
    const people: PersonConfig[] = [{ id: 'favero', name: 'Alessandro Favero', aliases: [] }];
    const source = new ArxivSearchSource(
      people,
      client(5),
      { pageSize: 5, maxPages: 10 },
      server.url('/api/query'),
    );
    const storedFrom = 7; // papers[7] and older are already stored
    const result = await source.poll({
      now: new Date(),
      state: { failures: 0 },
      firstSightPeople: new Set(),
      known: async (ids) =>
        new Set(ids.filter((id) => papers.findIndex((p) => `arxiv:${p.arxivId}` === id) >= storedFrom)),
    });
    expect(server.requestsTo('/api/query').map((r) => r.query.get('start'))).toEqual(['0', '5']);
    expect(result.records).toHaveLength(10);
    expect(server.requestsTo('/api/query')[0]!.query.get('sortBy')).toBe('submittedDate');
  });
});

describe('batching watched people into queries', () => {
  const people = (n: number): PersonConfig[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `p${i}`,
      name: `Given Surname${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
      aliases: [],
    }));

  it('asks about 100 people in at most 10 calls, and everyone once', () => {
    const queries = buildAuthorQueries(people(100));
    expect(queries.length).toBeLessThanOrEqual(10);
    expect(queries.flatMap((q) => q.personIds)).toEqual(people(100).map((p) => p.id));
    for (const query of queries)
      expect(encodeURIComponent(query.searchQuery).length).toBeLessThanOrEqual(1800);
  });

  it('adds an alias with another surname as its own term, and no duplicate terms', () => {
    const [query] = buildAuthorQueries([
      { id: 'x', name: 'Marie Curie', aliases: ['Maria Sklodowska', 'M. Curie'] },
    ]);
    expect(query!.searchQuery).toBe('au:curie_m OR au:sklodowska_m');
  });
});
