/**
 * Normalise + diff of 50,000 arXiv items against a local redis-server, with the same run against
 * a SQLite file as the baseline. Runs alone with `npx tsx bench/redis-bench.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../src/log.js';
import type { StoreBackend } from '../src/store/key-value-store.js';
import { openRedisBackend } from '../src/store/redis-backend.js';
import { openSqliteBackend } from '../src/store/sqlite-backend.js';
import { createStore } from '../src/store/store.js';
import { startRedisServer } from '../tests/support/redis-server.js';
import { diffThroughput } from './diff-throughput.js';
import type { Metric } from './metric.js';

const ITEMS = 50_000;
/** The machine is shared: the best of alternating rounds is compared, not one noisy run each. */
const ROUNDS = 2;

async function measure(backend: StoreBackend, emptyAfter?: () => Promise<unknown>): Promise<number> {
  try {
    return await diffThroughput(await createStore(backend), ITEMS);
  } finally {
    await emptyAfter?.();
    await backend.close();
  }
}

export async function benchRedisDiff(): Promise<Record<string, Metric>> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  const server = await startRedisServer();
  let sqlite = 0;
  let redis = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const file = join(dir, `bench-${round}.sqlite`);
      sqlite = Math.max(
        sqlite,
        await measure(await openSqliteBackend(file), () => rm(file, { force: true })),
      );
      const backend = await openRedisBackend(server.url, 'bench', silentLogger);
      redis = Math.max(redis, await measure(backend, () => backend.redis.client.flushDb()));
    }
    return { redisDiffItemsPerSecond: { value: redis, unit: 'items/s', baseline: sqlite } };
  } finally {
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchRedisDiff(), null, 2)}\n`);
}
