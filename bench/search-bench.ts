/**
 * Search benchmark: 50,000 synthetic papers (Zipf vocabulary of 30,000 words) written to a real
 * store, the index built, then in a fresh process: time to answer after a restart, resident
 * memory, and p50/p95 latency over a mix of common, rare, two-word, prefix and misspelt queries;
 * the same queries by a naive scan over all records are the baseline.
 * Run alone: npx tsx bench/search-bench.ts [--papers N] [--json]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PaperRecord } from '../src/records/record.js';
import { SearchIndex, searchIndexFile } from '../src/search/search-index.js';
import { openSqliteBackend } from '../src/store/sqlite-backend.js';
import { createStore } from '../src/store/store.js';
import type { Metric } from './metric.js';
import { type BenchQuery, benchCorpus, SEARCH_BENCH_PAPERS } from './search-corpus.js';

const SAVE_BATCH = 1000;

export interface SearchBenchOptions {
  papers?: number;
  json?: boolean;
}

export async function benchSearch(options: SearchBenchOptions = {}): Promise<Record<string, Metric>> {
  const count = options.papers ?? SEARCH_BENCH_PAPERS;
  const log = options.json ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-search-bench-'));
  try {
    const { papers, queries } = benchCorpus(count);
    const buildMs = await buildStoreAndIndex(dataDir, papers);
    log(`search: ${count} papers stored and indexed in ${Math.round(buildMs)} ms`);
    const restart = await measureAfterRestart(dataDir, queries);
    if (restart.syncAction !== 'current')
      throw new Error(`the index was not current at restart: ${restart.syncAction}`);
    const scanMs = queries.map((query) => timed(() => naiveScan(papers, query.text)));
    const result = {
      searchP95Ms: {
        value: round(percentile(restart.latenciesMs, 95)),
        unit: 'ms',
        baseline: round(percentile(scanMs, 95)),
      },
      searchP50Ms: {
        value: round(percentile(restart.latenciesMs, 50)),
        unit: 'ms',
        baseline: round(percentile(scanMs, 50)),
      },
      searchReadyMs: { value: Math.round(restart.readyMs), unit: 'ms' },
      searchMemoryMb: { value: Math.round(restart.rssMb), unit: 'MB' },
      searchIndexBuildMs: { value: Math.round(buildMs), unit: 'ms' },
    };
    logByKind(log, queries, restart.latenciesMs, scanMs);
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function buildStoreAndIndex(dataDir: string, papers: readonly PaperRecord[]): Promise<number> {
  const store = await createStore(await openSqliteBackend(join(dataDir, 'herald.sqlite')));
  for (let start = 0; start < papers.length; start += SAVE_BATCH) {
    await store.records.save(papers.slice(start, start + SAVE_BATCH));
  }
  const started = performance.now();
  const index = await SearchIndex.open({ file: searchIndexFile(dataDir), records: store.records });
  await index.sync();
  const buildMs = performance.now() - started;
  await index.close();
  await store.close();
  return buildMs;
}

interface RestartFigures {
  readyMs: number;
  rssMb: number;
  latenciesMs: number[];
  syncAction: string;
}

async function measureAfterRestart(dataDir: string, queries: readonly BenchQuery[]): Promise<RestartFigures> {
  const queriesFile = join(dataDir, 'queries.json');
  writeFileSync(queriesFile, JSON.stringify(queries));
  const script = fileURLToPath(new URL('./search-bench-restart.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', script, dataDir, queriesFile],
    {
      maxBuffer: 16 << 20,
      // `--import tsx` resolves tsx from the working directory: the repository's.
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    },
  );
  return JSON.parse(stdout) as RestartFigures;
}

/**
 * The naive way: look at every record for each query (text lower-cased on the fly, every word
 * must occur, title hits count ten times), then sort. No index, no typo tolerance.
 */
export function naiveScan(papers: readonly PaperRecord[], query: string): PaperRecord[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: { paper: PaperRecord; score: number }[] = [];
  for (const paper of papers) {
    const title = paper.title.toLowerCase();
    const body = `${paper.abstract} ${paper.authors.join(' ')}`.toLowerCase();
    let score = 0;
    for (const word of words) {
      const needle = word.endsWith('*') ? word.slice(0, -1) : word;
      const hits = occurrences(title, needle) * 10 + occurrences(body, needle);
      if (hits === 0) {
        score = 0;
        break;
      }
      score += hits;
    }
    if (score > 0) scored.push({ paper, score });
  }
  scored.sort((a, b) => b.score - a.score || b.paper.published.localeCompare(a.paper.published));
  return scored.slice(0, 5).map((entry) => entry.paper);
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function timed(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function logByKind(
  log: (line: string) => void,
  queries: readonly BenchQuery[],
  index: number[],
  scan: number[],
) {
  for (const kind of new Set(queries.map((query) => query.kind))) {
    const pick = (values: number[]) => values.filter((_, i) => queries[i]!.kind === kind);
    log(
      `  ${kind.padEnd(10)} index p50 ${round(percentile(pick(index), 50))} ms, p95 ${round(percentile(pick(index), 95))} ms;` +
        ` scan p50 ${round(percentile(pick(scan), 50))} ms`,
    );
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const papersFlag = process.argv.indexOf('--papers');
  const papers = papersFlag > 0 ? Number(process.argv[papersFlag + 1]) : undefined;
  const json = process.argv.includes('--json');
  const result = await benchSearch({ papers, json });
  process.stdout.write(`${JSON.stringify(result, null, json ? 0 : 2)}\n`);
}
