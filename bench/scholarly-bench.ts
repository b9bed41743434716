/**
 * The scholarly sources, measured two ways.
 *
 * Requests per cycle for 100 watched people with ORCIDs, per source, run for real against a
 * loopback server that answers every API with an empty result and counts requests; beside it the
 * naive way, each source asked about one person at a time (as one request per person would be).
 *
 * The cost of joining: 10,000 records from a scholarly source (30% journal versions naming their
 * preprint, 30% journal versions naming nothing, joined by title, 40% new papers) diffed against a
 * store of 100,000 papers, as a cycle does it (people matched, diff, save, 1,000 at a time), by a
 * process that has not seen the store before (no cache); beside it the naive way, each record
 * looked up by each of its ids and its title on its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffRecords } from '../src/announce/diff.js';
import { readEnv } from '../src/config/env.js';
import { configSchema, type PersonConfig } from '../src/config/schema.js';
import { silentLogger } from '../src/log.js';
import { HttpClient } from '../src/net/http-client.js';
import type { PaperRecord } from '../src/records/record.js';
import { titleKey } from '../src/records/title-key.js';
import { buildWatchlist, matchRecordPeople } from '../src/records/watchlist.js';
import { arxivPollResult } from '../src/sources/arxiv/arxiv-sources.js';
import { SCHOLARLY_SOURCE_NAMES } from '../src/sources/scholarly/scholarly-plan.js';
import { ScholarlySources } from '../src/sources/scholarly/scholarly-sources.js';
import { openSqliteBackend } from '../src/store/sqlite-backend.js';
import { createStore, type Store } from '../src/store/store.js';
import { hundredPeople } from './arxiv-calls-bench.js';
import { generateArxivEntries } from './diff-throughput.js';
import type { Metric } from './metric.js';

const EMPTY: Record<string, [string, string]> = {
  crossref: [
    'application/json',
    '{"status":"ok","message-type":"work-list","message":{"items":[],"next-cursor":"x"}}',
  ],
  openalex: ['application/json', '{"meta":{"next_cursor":null},"results":[]}'],
  inspire: ['application/json', '{"hits":{"total":0,"hits":[]},"links":{}}'],
  biorxiv: ['application/json', '{"messages":[{"status":"no posts found"}],"collection":[]}'],
  pubmed: ['text/xml', '<eSearchResult><Count>0</Count><RetMax>0</RetMax><IdList/></eSearchResult>'],
  dblp: ['application/xml', '<dblpperson name="x" pid="1/1" n="0"></dblpperson>'],
};

/** 100 people, each with an ORCID and a DBLP person id (valid in shape; the server checks nothing). */
function peopleWithIds(): PersonConfig[] {
  return hundredPeople().map((person, n) => ({
    ...person,
    orcid: `0000-0002-${String(1000 + n).padStart(4, '0')}-000X`,
    dblpPid: `${100 + n}/${n}`,
  }));
}

async function countRequests(groups: readonly (readonly PersonConfig[])[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    const api = (req.url ?? '/').split('/')[1]!;
    counts[api] = (counts[api] ?? 0) + 1;
    const [type, body] = EMPTY[api] ?? ['text/plain', ''];
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = new HttpClient({
    timeoutMs: 5000,
    maxBytes: 1 << 20,
    allowPrivateAddresses: true,
    userAgent: 'bench',
  });
  const block = { enabled: true, requestIntervalMs: 0 };
  const scholarly = new ScholarlySources({
    config: configSchema.parse(Object.fromEntries(SCHOLARLY_SOURCE_NAMES.map((name) => [name, block]))),
    env: readEnv({
      CROSSREF_API_URL: `${origin}/crossref`,
      OPENALEX_API_URL: `${origin}/openalex`,
      OPENALEX_API_KEY: 'bench-key',
      INSPIRE_API_URL: `${origin}/inspire`,
      BIORXIV_API_URL: `${origin}/biorxiv`,
      PUBMED_API_URL: `${origin}/pubmed`,
      DBLP_URL: `${origin}/dblp`,
    }),
    fetcher: http,
    version: 'bench',
    logger: silentLogger,
  });
  const context = {
    now: new Date(),
    state: { failures: 0, lastSuccessAt: new Date(Date.now() - 86_400_000).toISOString() },
    firstSightPeople: new Set<string>(),
    known: async () => new Set<string>(),
  };
  try {
    for (const group of groups) for (const source of scholarly.build(group)) await source.poll(context);
  } finally {
    await scholarly.stop();
    await http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return counts;
}

export async function benchScholarlyCalls(): Promise<Record<string, Metric>> {
  const people = peopleWithIds();
  const batched = await countRequests([people]);
  const naive = await countRequests(people.map((person) => [person]));
  return Object.fromEntries(
    SCHOLARLY_SOURCE_NAMES.map((name) => [
      `${name}CallsPer100People`,
      { value: batched[name] ?? 0, unit: 'calls/cycle', baseline: naive[name] ?? 0 },
    ]),
  );
}

const STORED = 100_000;
const JOINING = 10_000;
const BATCH = 1_000;
const FAVERO_ORCID = '0000-0002-1825-0097';
const WATCHLIST = buildWatchlist([
  { id: 'favero', name: 'Alessandro Favero', aliases: [], orcid: FAVERO_ORCID },
  { id: 'wyart', name: 'Matthieu Wyart', aliases: [] },
]);

/** The store: 100,000 arXiv papers (titles, DOIs on 30%), written as cycles write them. */
async function seededStore(file: string): Promise<void> {
  const store = await createStore(await openSqliteBackend(file));
  const entries = generateArxivEntries(STORED, 7).map((entry) => ({
    ...entry,
    authors: ['Alessandro Favero', ...entry.authors.slice(1)],
  }));
  for (let start = 0; start < entries.length; start += 10_000) {
    const result = arxivPollResult(entries.slice(start, start + 10_000), 'arxiv');
    const records = result.records.map((record) => ({ ...record, people: ['favero'] }));
    const diff = await diffRecords(
      {
        records,
        aliases: result.aliases ?? [],
        revisions: new Set(),
        sourceFirstSight: true,
        firstSightPeople: new Set(),
        backfill: 0,
      },
      store.records,
    );
    await store.records.save(diff.toSave, diff.aliases);
  }
  await store.close();
}

/** The records a scholarly source reports: journal versions of stored papers (linked or not), and new ones. */
async function scholarlyRecords(store: Store): Promise<PaperRecord[]> {
  const stored: PaperRecord[] = [];
  for await (const record of store.records.all()) {
    // Preprints not yet published (no journal DOI on arXiv), whose journal version is news.
    if (record.kind === 'paper' && !record.doi && titleKey(record.title)) stored.push(record);
    if (stored.length >= (JOINING * 6) / 10) break;
  }
  return Array.from({ length: JOINING }, (_, n) => {
    const doi = `10.1103/physrevx.99.${String(n).padStart(6, '0')}`;
    const preprint = n < stored.length ? stored[n]! : undefined;
    const linked = n % 2 === 0;
    return {
      kind: 'paper',
      id: `doi:${doi}`,
      ids: [`doi:${doi}`, ...(preprint && linked ? [preprint.id] : [])],
      title: preprint ? preprint.title : `A new journal paper number ${n} on kernels and features`,
      abstract: '',
      authors: ['Alessandro Favero', 'Jane Roe'],
      authorIds: [{ orcid: FAVERO_ORCID }, null],
      categories: [],
      url: `https://doi.org/${doi}`,
      links: { doi: `https://doi.org/${doi}` },
      people: [],
      source: 'crossref',
      published: preprint?.published ?? '2026-06-01T00:00:00Z',
      publication: { type: 'journal', venue: 'Physical Review X', doi, volume: '99', pages: String(n) },
    };
  });
}

async function joinBatched(store: Store, records: readonly PaperRecord[]) {
  let joined = 0;
  let fresh = 0;
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH).map((record) => ({
      ...record,
      people: matchRecordPeople(record, WATCHLIST, false),
    }));
    const diff = await diffRecords(
      {
        records: batch,
        aliases: [],
        revisions: new Set(),
        sourceFirstSight: false,
        firstSightPeople: new Set(),
        backfill: 0,
      },
      store.records,
    );
    await store.records.save(diff.toSave, diff.aliases);
    joined += diff.published.length;
    fresh += diff.news.length;
  }
  return { joined, fresh };
}

/** Each record on its own: one alias lookup per id and for its title, one read, one write. */
async function joinNaively(store: Store, records: readonly PaperRecord[]) {
  let joined = 0;
  for (const record of records) {
    const keys = [...(record.ids ?? [record.id]), titleKey(record.title)!];
    let existing: PaperRecord | undefined;
    for (const key of keys) {
      const canonical = (await store.records.resolveAliases([key])).get(key) ?? key;
      existing = (await store.records.get(canonical)) as PaperRecord | undefined;
      if (existing) break;
    }
    if (existing) joined++;
    await store.records.save([existing ? { ...existing, publication: record.publication } : record]);
  }
  return joined;
}

export async function benchScholarlyJoin(): Promise<Record<string, Metric>> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-join-'));
  try {
    const file = join(dir, 'store.sqlite');
    await seededStore(file);
    let store = await createStore(await openSqliteBackend(file));
    const records = await scholarlyRecords(store);
    await store.close();
    // A process that has not read the store: every lookup goes to SQLite, as after a restart.
    store = await createStore(await openSqliteBackend(file));
    const started = performance.now();
    const { joined, fresh } = await joinBatched(store, records);
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    const expectedJoined = (JOINING * 6) / 10;
    if (joined !== expectedJoined || fresh !== JOINING - expectedJoined)
      throw new Error(
        `joined ${joined} and found ${fresh} new; expected ${expectedJoined} and ${JOINING - expectedJoined}`,
      );
    // The naive way on a copy of the seeded store, over a fifth of the records (it is slow).
    const naiveFile = join(dir, 'naive.sqlite');
    await seededStore(naiveFile);
    const naiveStore = await createStore(await openSqliteBackend(naiveFile));
    const sample = records.filter((_, n) => n % 5 === 0);
    const naiveStarted = performance.now();
    await joinNaively(naiveStore, sample);
    const naiveSeconds = (performance.now() - naiveStarted) / 1000;
    await naiveStore.close();
    return {
      joinRecordsPerSecond: {
        value: Math.round(JOINING / seconds),
        unit: 'records/s',
        baseline: Math.round(sample.length / naiveSeconds),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(
    `${JSON.stringify({ ...(await benchScholarlyCalls()), ...(await benchScholarlyJoin()) }, null, 2)}\n`,
  );
}
