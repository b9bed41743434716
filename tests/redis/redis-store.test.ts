/**
 * The store contract against the Redis backend on a real redis-server, plus what only Redis has:
 * the keys as they are in Redis, deployments side by side, one MULTI per setMany, no credentials
 * in the location.
 */
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import type { StoreBackend } from '../../src/store/key-value-store.js';
import { openRedisBackend } from '../../src/store/redis-backend.js';
import { createStore } from '../../src/store/store.js';
import { paper } from '../store/sample-data.js';
import { describeStoreContract } from '../store/store-contract.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

let server: RedisServer;
let raw: ReturnType<typeof createClient>;
let namespaces = 0;

beforeAll(async () => {
  server = await startRedisServer();
  raw = createClient({ url: server.url });
  await raw.connect();
});

afterAll(async () => {
  await raw?.close();
  await server?.dispose();
});

/** Each test gets a namespace of its own on the shared server. */
function openFresh(): Promise<StoreBackend> {
  return openRedisBackend(server.url, `t${++namespaces}`, silentLogger);
}

describeStoreContract('Redis', openFresh, (backend) => backend.close());

describe('Redis keys', () => {
  it('are <namespace>:<collection>:<key>, prefixed once', async () => {
    const backend = await openRedisBackend(server.url, 'deploy-a', silentLogger);
    try {
      await backend.collection('records').set('arxiv:2401.00001', paper(1));
      await backend.collection('aliases').setMany([['doi:10.1/x:y', 'arxiv:2401.00001']]);
      await backend.collection('sources').set('ключ', { failures: 0 });
      const keys = await raw.keys('deploy-a:*');
      expect(keys.sort()).toEqual([
        'deploy-a:aliases:doi:10.1/x:y',
        'deploy-a:records:arxiv:2401.00001',
        'deploy-a:sources:ключ',
      ]);
      const stored = JSON.parse((await raw.get('deploy-a:records:arxiv:2401.00001')) ?? 'null');
      expect(stored.value).toEqual(paper(1));
    } finally {
      await backend.close();
    }
  });

  it('of two deployments on one Redis do not see each other', async () => {
    const a = await openRedisBackend(server.url, 'group-a', silentLogger);
    const b = await openRedisBackend(server.url, 'group-ab', silentLogger);
    try {
      await a.collection('outbox').set('k', { from: 'a' });
      await b.collection('outbox').set('k', { from: 'b' });
      await b.collection('outbox').set('only-b', { from: 'b' });
      expect(await a.collection('outbox').get('k')).toEqual({ from: 'a' });
      const listed: string[] = [];
      for await (const [key] of a.collection('outbox').entries()) listed.push(key);
      expect(listed).toEqual(['k']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('written by setMany go in one MULTI/EXEC, however many there are', async () => {
    const backend = await openRedisBackend(server.url, 'multi', silentLogger);
    try {
      await raw.configResetStat();
      await backend
        .collection('records')
        .setMany(Array.from({ length: 500 }, (_, n) => [`arxiv:${n}`, paper(n)]));
      const stats = await raw.info('commandstats');
      expect(callsOf(stats, 'multi')).toBe(1);
      expect(callsOf(stats, 'exec')).toBe(1);
      expect(callsOf(stats, 'set')).toBe(500);
    } finally {
      await backend.close();
    }
  });

  it('rejects a namespace that could overlap another deployment', async () => {
    await expect(openRedisBackend(server.url, 'herald:records', silentLogger)).rejects.toMatchObject({
      code: 'STORE_REDIS_SETTINGS',
    });
  });

  it('reports an unreachable Redis when opening, within the wait', async () => {
    const started = Date.now();
    await expect(
      openRedisBackend('redis://127.0.0.1:1', 'x', silentLogger, { connectWaitMs: 500 }),
    ).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('cannot reach Redis'),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('Redis with a password', () => {
  let secured: RedisServer;
  beforeAll(async () => {
    secured = await startRedisServer({ args: ['--requirepass', 's3cret-pw'] });
  });
  afterAll(async () => {
    await secured?.dispose();
  });

  it('connects with the URL credentials and never shows them', async () => {
    const url = `redis://:s3cret-pw@127.0.0.1:${secured.port}/0`;
    const backend = await openRedisBackend(url, 'herald', silentLogger);
    try {
      const store = await createStore(backend);
      await store.sources.update('arxiv', { failures: 1 });
      expect((await store.sources.get('arxiv')).failures).toBe(1);
      expect(backend.location).not.toContain('s3cret');
      expect(backend.location).toBe(`redis://127.0.0.1:${secured.port}/0 (namespace herald)`);
    } finally {
      await backend.close();
    }
  });
});

function callsOf(commandstats: string, command: string): number {
  const match = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(commandstats);
  return match ? Number(match[1]) : 0;
}
