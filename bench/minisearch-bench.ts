/**
 * The second baseline of the search benchmark: what a user would otherwise pick, MiniSearch with
 * its default options (title, abstract and authors indexed; no prefix or fuzzy matching), over
 * the same 50,000 papers and the same query mix as search-bench.ts. Run in a process of its own
 * so that its memory is its own: p50/p95 latency (search, then the five best records), the time
 * to build the index (what every start would cost: MiniSearch keeps nothing on disk) and the
 * memory the index holds.
 * Run alone: npx tsx bench/minisearch-bench.ts [--papers N]
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import MiniSearch from 'minisearch';
import type { PaperRecord } from '../src/records/record.js';
import type { Metric } from './metric.js';
import { percentile, round } from './search-bench.js';
import { benchCorpus, SEARCH_BENCH_PAPERS } from './search-corpus.js';

const SELF = fileURLToPath(import.meta.url);

interface MiniSearchFigures {
  buildMs: number;
  indexMb: number;
  latenciesMs: number[];
}

export async function benchMiniSearch(options: { papers?: number } = {}): Promise<Record<string, Metric>> {
  const papers = options.papers ?? SEARCH_BENCH_PAPERS;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', SELF, '--measure', String(papers)],
    // `--import tsx` resolves tsx from the working directory: the repository's.
    { cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 16 << 20 },
  );
  const figures = JSON.parse(stdout) as MiniSearchFigures;
  process.stderr.write(
    `  MiniSearch: index built in ${Math.round(figures.buildMs)} ms, holding ${Math.round(figures.indexMb)} MB;` +
      ` p50 ${round(percentile(figures.latenciesMs, 50))} ms\n`,
  );
  return {
    searchP95MsMiniSearch: { value: round(percentile(figures.latenciesMs, 95)), unit: 'ms' },
    searchP50MsMiniSearch: { value: round(percentile(figures.latenciesMs, 50)), unit: 'ms' },
    searchBuildMsMiniSearch: { value: Math.round(figures.buildMs), unit: 'ms' },
    searchMemoryMbMiniSearch: { value: Math.round(figures.indexMb), unit: 'MB' },
  };
}

/** In the child: build the corpus, index it, time the queries. */
function measure(count: number): MiniSearchFigures {
  const { papers, queries } = benchCorpus(count);
  const byId = new Map(papers.map((paper) => [paper.id, paper] as const));
  const heapBefore = usedHeap();
  const started = performance.now();
  const index = new MiniSearch<PaperRecord>({ fields: ['title', 'abstract', 'authors'] });
  index.addAll(papers);
  const buildMs = performance.now() - started;
  const indexMb = (usedHeap() - heapBefore) / 2 ** 20;
  const latenciesMs = queries.map((query) => {
    const start = performance.now();
    const best = index.search(query.text).slice(0, 5);
    best.map((hit) => byId.get(hit.id as string));
    return performance.now() - start;
  });
  return { buildMs, indexMb, latenciesMs };
}

/** Heap in use after a full collection (the child runs with --expose-gc). */
function usedHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

if (process.argv[1] === SELF) {
  const measureFlag = process.argv.indexOf('--measure');
  if (measureFlag > 0) {
    process.stdout.write(`${JSON.stringify(measure(Number(process.argv[measureFlag + 1])))}\n`);
  } else {
    const papersFlag = process.argv.indexOf('--papers');
    const papers = papersFlag > 0 ? Number(process.argv[papersFlag + 1]) : undefined;
    process.stdout.write(`${JSON.stringify(await benchMiniSearch({ papers }), null, 2)}\n`);
  }
}
