/**
 * The "after a restart" half of the search benchmark, run in a fresh process so that its
 * resident memory is the bot's, not the corpus generator's: opens the store and the index built
 * by search-bench.ts, answers a first query (ready), then times every query of the mix.
 * Usage: node --import tsx bench/search-bench-restart.ts <data dir> <queries.json>
 * Prints one JSON line: { readyMs, rssMb, latenciesMs, syncAction }.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tokenize } from '../src/commands/parse-text.js';
import { queryTerms } from '../src/search/query-terms.js';
import { SearchIndex, searchIndexFile } from '../src/search/search-index.js';
import { openSqliteBackend } from '../src/store/sqlite-backend.js';
import { createStore, type Store } from '../src/store/store.js';
import type { BenchQuery } from './search-corpus.js';

async function answer(store: Store, index: SearchIndex, text: string): Promise<number> {
  await index.sync();
  const results = await index.search({ terms: queryTerms(tokenize(text)), offset: 0, limit: 5 });
  const records = await store.records.getMany(results.hits.map((hit) => hit.id));
  return records.length;
}

async function main(dataDir: string, queriesFile: string): Promise<void> {
  const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as BenchQuery[];
  const started = performance.now();
  const store = await createStore(await openSqliteBackend(join(dataDir, 'herald.sqlite')));
  const index = await SearchIndex.open({ file: searchIndexFile(dataDir), records: store.records });
  const { action } = await index.sync();
  await answer(store, index, queries[0]!.text);
  const readyMs = performance.now() - started;
  const latenciesMs: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    await answer(store, index, query.text);
    latenciesMs.push(performance.now() - start);
  }
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await index.close();
  await store.close();
  process.stdout.write(`${JSON.stringify({ readyMs, rssMb, latenciesMs, syncAction: action })}\n`);
}

const [dataDir, queriesFile] = process.argv.slice(2);
if (!dataDir || !queriesFile) {
  process.stderr.write('usage: search-bench-restart.ts <data dir> <queries.json>\n');
  process.exitCode = 2;
} else {
  await main(dataDir, queriesFile);
}
