/**
 * Redis stopped and restarted under an open backend: while it is down every operation fails at
 * once with a StoreError (nothing waits for the reconnection), the client keeps reconnecting
 * with backoff, and once Redis is back the same backend works again without being reopened.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { StoreError } from '../../src/store/errors.js';
import { openRedisBackend, type RedisStoreBackend } from '../../src/store/redis-backend.js';
import { createStore } from '../../src/store/store.js';
import { outboxEntry } from '../store/sample-data.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server?.dispose();
});

function logCollector() {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

/** Resolves with the event, or fails the test after `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function failsFast(operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const error = await operation().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  return performance.now() - started;
}

describe('Redis outage under an open backend', () => {
  it('fails fast while down, reconnects with backoff, and works again after the restart', async () => {
    const { lines, logger } = logCollector();
    const backend: RedisStoreBackend = await openRedisBackend(server.url, 'outage', logger);
    try {
      const store = await createStore(backend);
      const records = backend.collection<{ n: number }>('records');
      await records.set('before', { n: 1 });

      const client = backend.redis.client;
      const lost = once(client, 'error');
      let reconnects = 0;
      let backedOff: () => void = () => undefined;
      const fourAttempts = new Promise<void>((resolve) => {
        backedOff = resolve;
      });
      client.on('reconnecting', () => reconnects++);
      // The fourth attempt has failed once its error is out; the fifth waits ~1.6 s.
      client.on('error', () => {
        if (reconnects >= 4) backedOff();
      });
      await server.stop();
      await within(10_000, 'the client noticing Redis stopped', lost);
      // After 100+200+400+800 ms of attempts the next one is ~1.6 s away: an operation that
      // waited for it (node-redis queues a MULTI even with the offline queue off) would show.
      await within(10_000, 'four failed reconnection attempts', fourAttempts);

      const durations = [
        await failsFast(() => records.get('before')),
        await failsFast(() => records.getMany(['before', 'other'])),
        await failsFast(() => records.set('during', { n: 2 })),
        await failsFast(() =>
          records.setMany([
            ['a', { n: 3 }],
            ['b', { n: 4 }],
          ]),
        ),
        await failsFast(() => records.delete('before')),
        await failsFast(async () => {
          for await (const _ of records.entries()) {
            // Listing must fail before yielding anything.
          }
        }),
        await failsFast(() => store.outbox.enqueue([outboxEntry(1, 'general', '2024-01-01T00:00:00Z')])),
      ];
      expect(Math.max(...durations)).toBeLessThan(250);

      // Not events.once(): it rejects on the 'error' each failed reconnection attempt emits.
      const ready = new Promise<void>((resolve) => client.once('ready', () => resolve()));
      await server.start();
      await within(20_000, 'the client reconnecting', ready);
      expect(reconnects).toBeGreaterThanOrEqual(4);

      // The same backend, not reopened: the restarted Redis keeps no data (--save ''), so write anew.
      await records.set('after', { n: 5 });
      expect(await records.get('after')).toEqual({ n: 5 });
      expect(await store.outbox.enqueue([outboxEntry(2, 'general', '2024-01-01T00:00:00Z')])).toHaveLength(1);

      expect(lines.filter((line) => line.msg.startsWith('Redis connection lost'))).toHaveLength(1);
      expect(lines.filter((line) => line.msg === 'Redis connection restored')).toHaveLength(1);
    } finally {
      await backend.close();
    }
  });

  it('refuses operations once closed instead of reconnecting', async () => {
    if (!server.running) await server.start();
    const backend = await openRedisBackend(server.url, 'closed', createLogger({ level: 'silent' }));
    await backend.close();
    await expect(backend.collection('meta').get('schemaVersion')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining('closed'),
    });
    expect(backend.redis.client.isOpen).toBe(false);
  });
});
