import { rmSync, writeFileSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../src/records/record.js';
import { INDEX_SCHEMA_VERSION } from '../../src/search/index-schema.js';
import { RANK_WINDOW } from '../../src/search/run-search.js';
import { SearchIndex, searchIndexFile } from '../../src/search/search-index.js';
import { openStoreAt, type SearchFixture, searchFixture } from './search-fixture.js';
import { seedPapers } from './seed-papers.js';

const papers = seedPapers();
let fixture: SearchFixture;

afterEach(() => fixture.close());

function paper(n: number, title: string, published: string, extra: Partial<PaperRecord> = {}): PaperRecord {
  const arxivId = `2611.${String(90000 + n)}`;
  return {
    ...papers[0]!,
    id: `arxiv:${arxivId}`,
    arxivId,
    title,
    abstract: `An abstract about ${title.toLowerCase()}.`,
    authors: ['Ada Lovelace'],
    people: [],
    url: `https://arxiv.org/abs/${arxivId}`,
    published,
    ...extra,
  };
}

async function ids(text: string): Promise<string[]> {
  const { hits } = await fixture.index.search({
    terms: [{ kind: 'word', word: text }],
    offset: 0,
    limit: 20,
  });
  return hits.map((hit) => hit.id);
}

/** Runs SQL on the index file from outside, as another tool (or an older version) would. */
function onIndexFile(dir: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(searchIndexFile(dir));
    db.exec(sql, (error) => db.close(() => (error ? reject(error) : resolve())));
  });
}

describe('keeping the index in sync with the store', () => {
  it('builds itself on first sync and is current on the next', async () => {
    fixture = await searchFixture(papers);
    expect(await fixture.index.sync()).toEqual({
      action: 'rebuilt',
      reason: 'missing',
      revision: 1,
      records: 17,
    });
    expect(await fixture.index.sync()).toEqual({ action: 'current', revision: 1, records: 0 });
  });

  it('catches up incrementally with records saved later, including changed ones', async () => {
    fixture = await searchFixture(papers);
    await fixture.index.sync();
    await fixture.store.records.save([paper(1, 'Quasicrystal tilings', '2026-11-01T10:00:00Z')]);
    await fixture.store.records.save([paper(2, 'Spin glasses', '2026-11-02T10:00:00Z')]);
    expect(await ids('quasicrystal')).toEqual([]);
    expect(await fixture.index.sync()).toEqual({ action: 'updated', revision: 3, records: 2 });
    expect(await ids('quasicrystal')).toEqual(['arxiv:2611.90001']);
    // A record saved again with another title is found by the new words only.
    await fixture.store.records.save([paper(1, 'Penrose patterns', '2026-11-01T10:00:00Z')]);
    await fixture.index.sync();
    expect(await ids('quasicrystal')).toEqual([]);
    expect(await ids('penrose')).toEqual(['arxiv:2611.90001']);
    // The vocabulary forgot the old word: it is no longer offered as a correction.
    const typo = await fixture.index.search({
      terms: [{ kind: 'word', word: 'quasicrystel' }],
      offset: 0,
      limit: 5,
    });
    expect(typo.corrections).toEqual([]);
  });

  it('opens a current index after a restart without rebuilding it', async () => {
    fixture = await searchFixture(papers);
    await fixture.index.sync();
    await fixture.restart();
    expect(await fixture.index.sync()).toEqual({ action: 'current', revision: 1, records: 0 });
    expect(await ids('diffusion')).toHaveLength(5);
  });

  it('rebuilds when the index file was deleted', async () => {
    fixture = await searchFixture(papers);
    await fixture.index.sync();
    await fixture.index.close();
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${searchIndexFile(fixture.dir)}${suffix}`, { force: true });
    fixture.index = await SearchIndex.open({
      file: searchIndexFile(fixture.dir),
      records: fixture.store.records,
    });
    expect(await fixture.index.sync()).toMatchObject({ action: 'rebuilt', reason: 'missing', records: 17 });
    expect(await ids('diffusion')).toHaveLength(5);
  });

  it('rebuilds when the change log has a gap', async () => {
    fixture = await searchFixture(papers);
    await fixture.index.sync();
    await fixture.store.records.save([paper(1, 'Quasicrystal tilings', '2026-11-01T10:00:00Z')]);
    await fixture.store.records.save([paper(2, 'Spin glasses', '2026-11-02T10:00:00Z')]);
    await fixture.store.backend.collection('changes').delete('2');
    expect(await fixture.index.sync()).toEqual({
      action: 'rebuilt',
      reason: 'gap',
      revision: 3,
      records: 19,
    });
    expect(await ids('quasicrystal')).toEqual(['arxiv:2611.90001']);
    expect(await ids('glasses')).toEqual(['arxiv:2611.90002']);
  });

  it('rebuilds when the index is ahead of the store (another store)', async () => {
    fixture = await searchFixture(papers);
    await fixture.store.records.save([paper(1, 'Quasicrystal tilings', '2026-11-01T10:00:00Z')]);
    await fixture.index.sync();
    await fixture.index.close();
    await fixture.store.close();
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${fixture.dir}/herald.sqlite${suffix}`, { force: true });
    fixture.store = await openStoreAt(fixture.dir);
    fixture.index = await SearchIndex.open({
      file: searchIndexFile(fixture.dir),
      records: fixture.store.records,
    });
    await fixture.store.records.save([paper(3, 'Topological insulators', '2026-11-03T10:00:00Z')]);
    expect(await fixture.index.sync()).toEqual({
      action: 'rebuilt',
      reason: 'ahead',
      revision: 1,
      records: 1,
    });
    expect(await ids('quasicrystal')).toEqual([]);
    expect(await ids('insulators')).toEqual(['arxiv:2611.90003']);
  });

  it('rebuilds an index written with another schema version, and an unreadable file', async () => {
    fixture = await searchFixture(papers);
    await fixture.index.sync();
    await fixture.index.close();
    await onIndexFile(
      fixture.dir,
      `UPDATE meta SET value = ${INDEX_SCHEMA_VERSION + 1} WHERE key = 'schema'`,
    );
    fixture.index = await SearchIndex.open({
      file: searchIndexFile(fixture.dir),
      records: fixture.store.records,
    });
    expect(await fixture.index.sync()).toMatchObject({ action: 'rebuilt', reason: 'schema', records: 17 });
    await fixture.index.close();
    for (const suffix of ['-wal', '-shm'])
      rmSync(`${searchIndexFile(fixture.dir)}${suffix}`, { force: true });
    writeFileSync(
      searchIndexFile(fixture.dir),
      'not a database, just some text that is long enough'.repeat(100),
    );
    fixture.index = await SearchIndex.open({
      file: searchIndexFile(fixture.dir),
      records: fixture.store.records,
    });
    expect(await fixture.index.sync()).toMatchObject({ action: 'rebuilt', reason: 'missing', records: 17 });
    expect(await ids('diffusion')).toHaveLength(5);
  });

  it('rebuilds on demand (herald reindex)', async () => {
    fixture = await searchFixture(papers);
    await fixture.index.sync();
    expect(await fixture.index.rebuild()).toEqual({
      action: 'rebuilt',
      reason: 'forced',
      revision: 1,
      records: 17,
    });
    expect(await ids('diffusion')).toHaveLength(5);
  });

  it('shares one catch-up between concurrent callers', async () => {
    fixture = await searchFixture(papers);
    const [first, second, third] = await Promise.all([
      fixture.index.sync(),
      fixture.index.sync(),
      fixture.index.sync(),
    ]);
    expect(first).toMatchObject({ action: 'rebuilt' });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(await fixture.index.sync()).toMatchObject({ action: 'current' });
  });
});

describe('ordering', () => {
  it('puts the newer of two equally relevant records first, whatever order they were saved in', async () => {
    fixture = await searchFixture([
      paper(1, 'Magnon transport', '2024-03-01T00:00:00Z'),
      paper(2, 'Magnon transport', '2025-03-01T00:00:00Z'),
      paper(3, 'Magnon transport', '2023-03-01T00:00:00Z'),
    ]);
    await fixture.index.sync();
    expect(await ids('magnon')).toEqual(['arxiv:2611.90002', 'arxiv:2611.90001', 'arxiv:2611.90003']);
  });

  it('keeps records published in the same second apart', async () => {
    const same = '2025-03-01T00:00:00Z';
    fixture = await searchFixture(Array.from({ length: 30 }, (_, n) => paper(n, `Magnon ${n}`, same)));
    await fixture.index.sync();
    expect(new Set(await ids('magnon')).size).toBe(20);
    const all = await fixture.index.search({ terms: [], offset: 0, limit: 50 });
    expect(all.total).toBe(30);
  });

  it('orders a broad query (over RANK_WINDOW matches) title matches first, then newest first', async () => {
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString();
    const broad = Array.from({ length: RANK_WINDOW + 100 }, (_, n) =>
      paper(n, `Study number ${n}`, day(n), { abstract: `Graphene sheets, case ${n}.` }),
    );
    // Two old papers name graphene in the title; the newest records mention it only in the abstract.
    broad[3] = paper(3, 'Graphene bilayers', day(3));
    broad[7] = paper(7, 'Twisted graphene', day(7));
    fixture = await searchFixture(broad);
    await fixture.index.sync();
    const page = await fixture.index.search({
      terms: [{ kind: 'word', word: 'graphene' }],
      offset: 0,
      limit: 4,
    });
    expect(page.total).toBe(RANK_WINDOW);
    expect(page.more).toBe(true);
    expect(page.hits.map((hit) => hit.id)).toEqual([
      'arxiv:2611.90007',
      'arxiv:2611.90003',
      `arxiv:2611.${90000 + RANK_WINDOW + 99}`,
      `arxiv:2611.${90000 + RANK_WINDOW + 98}`,
    ]);
    const next = await fixture.index.search({
      terms: [{ kind: 'word', word: 'graphene' }],
      offset: 4,
      limit: 2,
    });
    expect(next.hits.map((hit) => hit.id)).toEqual([
      `arxiv:2611.${90000 + RANK_WINDOW + 97}`,
      `arxiv:2611.${90000 + RANK_WINDOW + 96}`,
    ]);
  });
});
