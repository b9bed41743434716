/**
 * `herald migrate`: SQLite to Redis and back preserves every key and value of every collection;
 * a non-empty target is refused unless forced, through the library and the real command line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/announce/announcement.js';
import { silentLogger } from '../../src/log.js';
import { COLLECTIONS, type CollectionName, type StoreBackend } from '../../src/store/key-value-store.js';
import { migrateStore, StoreTargetNotEmptyError } from '../../src/store/migrate.js';
import { openRedisBackend } from '../../src/store/redis-backend.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore } from '../../src/store/store.js';
import { feed, outboxEntry, paper, person } from '../store/sample-data.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { runCli } from '../support/run-cli.js';

let server: RedisServer;
let dir: string;

beforeAll(async () => {
  server = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'herald-migrate-'));
});

afterAll(async () => {
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

type Dump = Record<CollectionName, Record<string, unknown>>;

async function dump(backend: StoreBackend): Promise<Dump> {
  const result = {} as Dump;
  for (const name of COLLECTIONS) {
    result[name] = {};
    for await (const [key, value] of backend.collection(name).entries()) result[name][key] = value;
  }
  return result;
}

/** A SQLite store with something in every collection, written the way the bot writes it. */
async function seededSqlite(file: string): Promise<StoreBackend> {
  const backend = await openSqliteBackend(file);
  const store = await createStore(backend);
  const papers = Array.from({ length: 1500 }, (_, n) => paper(n));
  await store.records.save(papers.slice(0, 1000), [['doi:10.1/a:b', 'arxiv:2401.00001']]);
  await store.records.save(papers.slice(1000));
  const queued = [1, 2, 3, 4].map((n) => outboxEntry(n, 'general', `2024-01-0${n}T00:00:00Z`));
  await store.outbox.enqueue(queued);
  await store.outbox.complete(queued[0]!, new Date('2024-02-01T00:00:00Z'));
  await store.sources.update('arxiv', { failures: 0, etag: '"x"', peopleSeen: ['ada'] });
  await store.watchlist.addPerson(
    person('ada', 'Ada Lovelace'),
    'U1',
    new Date('2024-01-01T00:00:00Z'),
    undefined,
  );
  await store.watchlist.addFeed(feed('seminars'), 'U1', new Date('2024-01-01T00:00:00Z'), undefined);
  await backend.collection('talks').set('talk:ключ:😀', { reminded: ['1h'], edits: { n: 2 } });
  // Members' follows, and a digest channel's waiting and digested items.
  await store.follows.save({
    platform: 'discord',
    userId: '123456789012345678',
    follows: [{ target: { kind: 'person', personId: 'ada' }, addedAt: '2024-01-01T00:00:00Z' }],
    digest: 'weekly',
    updatedAt: '2024-01-01T00:00:00Z',
  });
  const [waiting, digested] = [5, 6].map((n) => outboxEntry(n, 'weekly', '2024-01-05T00:00:00Z'));
  await store.digests.add(
    [waiting!, digested!].map(({ key, channelId, announcement, createdAt }) => ({
      key,
      channelId,
      announcement: announcement as Announcement,
      queuedAt: createdAt,
    })),
  );
  await store.digests.markDigested([digested!.key], 'weekly|digest:2024-01-01T00:00:00.000Z', new Date(0));
  await backend.collection('near-misses').set('arxiv:2401.99999', { id: 'arxiv:2401.99999', namesakes: [] });
  await store.connections.save({
    instance: 'host:1',
    reportedAt: '2024-01-01T00:00:00Z',
    connections: [
      { name: 'Discord gateway', status: 'connected', since: '2024-01-01T00:00:00Z', failures: 0 },
    ],
  });
  return backend;
}

describe('migrateStore', () => {
  it('copies SQLite to Redis and back without losing or changing anything', async () => {
    const original = await seededSqlite(join(dir, 'original.sqlite'));
    const redis = await openRedisBackend(server.url, 'roundtrip', silentLogger);
    const back = await openSqliteBackend(join(dir, 'back.sqlite'));
    try {
      const before = await dump(original);
      const there = await migrateStore(original, redis);
      const returned = await migrateStore(redis, back);

      expect(Object.keys(before.records)).toHaveLength(1500);
      for (const name of COLLECTIONS) {
        expect(Object.keys(before[name]).length, name).toBeGreaterThan(0);
        expect(there.copied[name], name).toBe(Object.keys(before[name]).length);
        expect(returned.copied[name], name).toBe(there.copied[name]);
      }
      expect(await dump(redis)).toEqual(before);
      expect(await dump(back)).toEqual(before);
      // The copy is a working store: its repositories read what the original wrote.
      const copy = await createStore(back);
      expect((await copy.outbox.pending()).map((entry) => entry.key)).toHaveLength(3);
      expect(await copy.records.changesSince(0)).toHaveLength(2);
    } finally {
      await Promise.all([original.close(), redis.close(), back.close()]);
    }
  });

  it('refuses a non-empty target unless forced, and forced leaves it equal to the source', async () => {
    const source = await seededSqlite(join(dir, 'source.sqlite'));
    const target = await openRedisBackend(server.url, 'occupied', silentLogger);
    try {
      await target.collection('outbox').set('stale-delivery', { from: 'an older store' });
      const error = await migrateStore(source, target).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreTargetNotEmptyError);
      expect(error).toMatchObject({ code: 'STORE_TARGET_NOT_EMPTY', collections: ['outbox'] });
      expect(await dump(target)).toMatchObject({
        records: {},
        outbox: { 'stale-delivery': { from: 'an older store' } },
      });

      const forced = await migrateStore(source, target, { force: true });
      expect(forced.removed.outbox).toBe(1);
      expect(await dump(target)).toEqual(await dump(source));
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
});

describe('herald migrate (the command line)', () => {
  it('copies, refuses to overwrite without --force, and overwrites with it', async () => {
    const file = join(dir, 'cli.sqlite');
    await (await seededSqlite(file)).close();
    const args = ['migrate', '--from', `sqlite:${file}`, '--to', server.url, '--namespace', 'cli'];

    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/records\s+1500/);
    expect(first.stdout).toContain(`(namespace cli)`);

    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not empty');
    expect(refused.stderr).toContain('--force');

    const forced = await runCli([...args, '--force']);
    expect(forced.code).toBe(0);

    const back = join(dir, 'cli-back.sqlite');
    const returned = await runCli(['migrate', '--from', server.url, '--to', `sqlite:${back}`], {
      HERALD_NAMESPACE: 'cli',
    });
    expect(returned.code).toBe(0);
    const [original, copy] = await Promise.all([openSqliteBackend(file), openSqliteBackend(back)]);
    try {
      expect(await dump(copy)).toEqual(await dump(original));
    } finally {
      await Promise.all([original.close(), copy.close()]);
    }
  });

  it.each([
    ['an unknown store kind', ['--from', 'postgres://x', '--to', 'sqlite:/tmp/x.sqlite'], 'neither'],
    ['a missing --to', ['--from', 'sqlite:/tmp/x.sqlite'], 'required'],
    ['the same store twice', ['--from', 'sqlite:a.sqlite', '--to', 'sqlite:./a.sqlite'], 'same store'],
    [
      'a SQLite source that does not exist',
      ['--from', 'sqlite:/nonexistent/herald.sqlite', '--to', 'redis://127.0.0.1:1'],
      'no SQLite store',
    ],
    [
      'a bad namespace',
      ['--from', 'sqlite:/tmp/x.sqlite', '--to', 'redis://127.0.0.1:1', '--namespace', 'a:b'],
      'HERALD_NAMESPACE',
    ],
    [
      'an unknown option',
      ['--from', 'sqlite:/tmp/x.sqlite', '--to', 'redis://127.0.0.1:1', '--frce'],
      'unknown option',
    ],
  ])('exits 2 on %s', async (_, args, message) => {
    const result = await runCli(['migrate', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
