/**
 * The scholarly sources against the loopback fake of their APIs: the limiter at each service's
 * published rate (with the defaults), contact addresses, paging, what each service's failures
 * become (429 with and without Retry-After, errors inside HTTP 200, plain-text 404, oversized
 * bodies), and keys that never show in an error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/config/env.js';
import { configSchema, type PersonConfig } from '../../../src/config/schema.js';
import { SCHOLARLY_DEFAULTS } from '../../../src/config/scholarly-limits.js';
import { silentLogger } from '../../../src/log.js';
import { HttpClient } from '../../../src/net/http-client.js';
import { ScholarlySources } from '../../../src/sources/scholarly/scholarly-sources.js';
import { type PollContext, SourceError } from '../../../src/sources/source.js';
import {
  type FakeScholarly,
  type ScholarlyApi,
  startFakeScholarly,
} from '../../fakes/scholarly/fake-scholarly.js';
import { crossrefArticle, dblpPersonFile, realPubmedArticle } from '../../fakes/scholarly/works.js';

let fake: FakeScholarly;
let http: HttpClient;
let sources: ScholarlySources[] = [];

beforeAll(async () => {
  fake = await startFakeScholarly();
});

afterAll(async () => {
  await fake.close();
});

afterEach(async () => {
  await Promise.all(sources.map((source) => source.stop()));
  sources = [];
  await http?.close();
});

const NOW = new Date('2026-06-10T08:00:00Z');

function orcidOf(n: number): string {
  return `0000-0002-${String(1000 + n).padStart(4, '0')}-000X`;
}

/** People with every kind of id, enough to need two queries at each source that batches. */
function people(count: number): PersonConfig[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `p${n}`,
    name: `Given${String.fromCharCode(97 + (n % 26))} Surname${String.fromCharCode(97 + Math.floor(n / 26))}`,
    aliases: [],
    orcid: orcidOf(n),
    ...(n === 0 ? { openalexId: 'A5000000001', dblpPid: '284/9516', inspireId: 'E.Witten.1' } : {}),
    ...(n === 1 ? { dblpPid: '12/3456' } : {}),
  }));
}

function build(config: Record<string, unknown>, maxBytes = 1 << 20) {
  http = new HttpClient({ timeoutMs: 5000, maxBytes, allowPrivateAddresses: true, userAgent: 'default-ua' });
  const scholarly = new ScholarlySources({
    config: configSchema.parse(config),
    env: readEnv(fake.env),
    fetcher: http,
    version: '9.9.9',
    logger: silentLogger,
  });
  sources.push(scholarly);
  return scholarly;
}

function context(overrides: Partial<PollContext> = {}): PollContext {
  return {
    now: NOW,
    state: { failures: 0, lastSuccessAt: '2026-06-09T08:00:00Z' },
    firstSightPeople: new Set(),
    known: async () => new Set(),
    ...overrides,
  };
}

const gaps = (times: number[]) => times.slice(1).map((time, index) => time - times[index]!);

function sourceNamed(scholarly: ScholarlySources, watched: PersonConfig[], id: string) {
  const source = scholarly.build(watched).find((candidate) => candidate.id === id);
  if (!source) throw new Error(`no source ${id}`);
  return source;
}

describe('the limiter of each scholarly source, at its default', () => {
  const config = {
    crossref: { enabled: true, mailto: 'lab@example.org' },
    openalex: { enabled: true },
    inspire: { enabled: true },
    biorxiv: { enabled: true },
    pubmed: { enabled: true, email: 'lab@example.org' },
    dblp: { enabled: true },
  };

  it('keeps every source to its published rate, with the User-Agent and contact address', async () => {
    fake.pubmed.articles.set('29963580', realPubmedArticle());
    for (const pid of ['284/9516', '12/3456'])
      fake.dblp.files.set(pid, dblpPersonFile({ pid, name: 'Given Surname', entries: [] }));
    const watched = [...people(21), { id: 'capaldi', name: 'Dante Capaldi', aliases: [] }];
    const scholarly = build(config);
    const built = scholarly.build(watched);
    expect(built.map((source) => source.id).sort()).toEqual([
      'biorxiv',
      'crossref',
      'dblp',
      'inspire',
      'openalex',
      'pubmed',
    ]);
    // In parallel, as a cycle polls them: each keeps its own pace.
    await Promise.all(built.map((source) => source.poll(context())));
    for (const api of ['crossref', 'openalex', 'inspire', 'biorxiv', 'pubmed', 'dblp'] as ScholarlyApi[]) {
      const requests = fake.requestsTo(api);
      expect(requests.length, api).toBeGreaterThanOrEqual(2);
      for (const gap of gaps(requests.map((request) => request.at)))
        expect(gap, api).toBeGreaterThanOrEqual(SCHOLARLY_DEFAULTS[api].requestIntervalMs);
      expect(requests[0]!.headers['user-agent'], api).toMatch(/^paper-herald\/9\.9\.9 /);
    }
    expect(fake.requestsTo('crossref')[0]!.headers['user-agent']).toContain('mailto:lab@example.org');
    expect(fake.requestsTo('crossref')[0]!.query.get('mailto')).toBe('lab@example.org');
    const esearch = fake.requestsTo('pubmed')[0]!.query;
    expect([esearch.get('tool'), esearch.get('email')]).toEqual(['paper-herald', 'lab@example.org']);
    expect(fake.requestsTo('pubmed').map((request) => request.path)).toEqual([
      '/esearch.fcgi',
      '/esearch.fcgi',
      '/esearch.fcgi',
      '/efetch.fcgi',
    ]);
    expect(fake.requestsTo('openalex')[0]!.query.get('api_key')).toBe(fake.env.OPENALEX_API_KEY);
  }, 30_000);
});

/** A source with its limiter at a few milliseconds, for behaviour tests. */
function fast(id: string, extra: Record<string, unknown> = {}, maxBytes?: number) {
  const config = { [id]: { enabled: true, requestIntervalMs: 5, ...extra } };
  return sourceNamed(build(config, maxBytes), people(2), id);
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

function since(api: ScholarlyApi): () => number {
  const before = fake.requestsTo(api).length;
  return () => fake.requestsTo(api).length - before;
}

describe('Crossref', () => {
  it('pages by cursor until a page comes back empty, although every page has a next-cursor', async () => {
    fake.crossref.works = Array.from({ length: 200 }, (_, n) =>
      crossrefArticle({
        doi: `10.1103/physrevx.14.${String(n).padStart(6, '0')}`,
        title: `Paper number ${n} of a long list of papers`,
        authors: [{ given: 'Given', family: 'Surname', orcid: orcidOf(0) }],
        created: [2026, 6, 9],
      }),
    );
    const count = since('crossref');
    const result = await fast('crossref').poll(context());
    expect(result.records).toHaveLength(200);
    expect(count()).toBe(3);
    const cursors = fake
      .requestsTo('crossref')
      .slice(-3)
      .map((request) => request.query.get('cursor'));
    expect(cursors[0]).toBe('*');
    expect(new Set(cursors).size).toBe(3);
    const filter = fake.requestsTo('crossref').at(-1)!.query.get('filter')!;
    expect(filter).toBe(`orcid:${orcidOf(0)},orcid:${orcidOf(1)},from-created-date:2026-06-06`);
    fake.crossref.works = [];
  });

  it('slows down to what the X-Rate-Limit headers allow', async () => {
    fake.crossref.rateLimit = { limit: 4, interval: '1s' };
    fake.crossref.works = Array.from({ length: 150 }, (_, n) =>
      crossrefArticle({
        doi: `10.1/x${n}`,
        title: `Another paper ${n} with a title`,
        authors: [{ given: 'G', family: 'S', orcid: orcidOf(1) }],
        created: [2026, 6, 9],
      }),
    );
    const count = since('crossref');
    await fast('crossref').poll(context());
    const times = fake
      .requestsTo('crossref')
      .slice(-count())
      .map((request) => request.at);
    expect(times).toHaveLength(2);
    expect(gaps(times)[0]).toBeGreaterThanOrEqual(250);
    fake.crossref.rateLimit = { limit: 10, interval: '1s' };
    fake.crossref.works = [];
  });

  it('reports its plain-text 404 as a failure that retrying will not mend', async () => {
    const source = sourceNamed(
      (() => {
        fake.env.CROSSREF_API_URL = fake.env.CROSSREF_API_URL!.replace('/crossref', '/crossref/v2');
        try {
          return build({ crossref: { enabled: true, requestIntervalMs: 5 } });
        } finally {
          fake.env.CROSSREF_API_URL = fake.env.CROSSREF_API_URL!.replace('/crossref/v2', '/crossref');
        }
      })(),
      people(1),
      'crossref',
    );
    const error = await failure(source.poll(context()));
    expect(error.message).toMatch(
      /^crossref \(http:\/\/127\.0\.0\.1:\d+\/crossref\/v2\/works\?.*\): HTTP 404/,
    );
    expect(error.transient).toBe(false);
  });
});

describe('a 429 or a failing service', () => {
  it('stops at a 429 with Retry-After and hands the wait to the source health', async () => {
    fake.interrupt('inspire', {
      status: 429,
      body: 'Too Many Requests',
      contentType: 'text/plain',
      headers: { 'retry-after': '120' },
    });
    const count = since('inspire');
    const error = await failure(fast('inspire').poll(context()));
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.transient).toBe(true);
    expect(count()).toBe(1);
  });

  it('stops at a 429 without Retry-After too (DBLP answers bursts with an HTML 429)', async () => {
    fake.interrupt('dblp', {
      status: 429,
      body: '<html><body>Too Many Requests</body></html>',
      contentType: 'text/html',
    });
    const count = since('dblp');
    const error = await failure(fast('dblp').poll(context()));
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toContain('HTTP 429');
    expect(count()).toBe(1);
  });

  it('retries a 5xx a couple of times within the poll, then fails', async () => {
    const unavailable = {
      status: 503,
      body: 'unavailable',
      contentType: 'text/plain',
      headers: { 'retry-after': '0' },
    };
    fake.interrupt('dblp', unavailable, unavailable, unavailable);
    const count = since('dblp');
    const error = await failure(fast('dblp').poll(context()));
    expect(error.transient).toBe(true);
    expect(count()).toBe(3);
  }, 15_000);

  it('never shows the OpenAlex key in an error, and one failing query leaves the others', async () => {
    const key = fake.env.OPENALEX_API_KEY!;
    fake.interrupt('openalex', { status: 401, body: '{"error":"API key required"}' });
    const result = await fast('openalex').poll(context());
    const error = result.partialError!;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('api_key=***');
    expect(error.message).not.toContain(key);
    // The author-id query failed; the ORCID query (the other person) went through.
    expect(result.coveredPeople).toEqual(['p1']);
  });

  it('refuses a response larger than the cap', async () => {
    fake.interrupt('biorxiv', {
      body: JSON.stringify({ messages: [{ status: 'ok' }], collection: [], pad: 'x'.repeat(50_000) }),
    });
    const error = await failure(fast('biorxiv', { servers: ['biorxiv'] }, 10_000).poll(context()));
    expect(error.message).toContain('larger than 10000 bytes');
  });
});

describe('bioRxiv', () => {
  it('reads "no posts found" as an empty window and an error inside a 200 as an error', async () => {
    const count = since('biorxiv');
    const empty = await fast('biorxiv', { servers: ['medrxiv'] }).poll(context());
    expect(empty.records).toEqual([]);
    expect(count()).toBe(1);
    fake.interrupt('biorxiv', {
      body: JSON.stringify({ messages: [{ status: 'Error: invalid date interval' }], collection: [] }),
    });
    const error = await failure(fast('biorxiv', { servers: ['biorxiv'] }).poll(context()));
    expect(error.message).toContain('bioRxiv reported an error: Error: invalid date interval');
    expect(error.transient).toBe(false);
    fake.interrupt('biorxiv', { body: '' }, { body: '' }, { body: '' });
    const blank = await failure(fast('biorxiv', { servers: ['biorxiv'] }).poll(context()));
    expect(blank.message).toContain('empty response body');
    expect(blank.transient).toBe(true);
  });
});
