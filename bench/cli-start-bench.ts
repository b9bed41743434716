/**
 * Start-up of the `herald` command as a user runs it (bin/herald.js, compiled; built first when
 * dist/ is missing or stale): wall time of `herald --version`, and of `herald papers diffusion`
 * over a store of 1,000 papers (the 17 real seed papers and synthetic ones), each the median of
 * several runs, beside `node -e 0` measured in the same run.
 * Run alone: npx tsx bench/cli-start-bench.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chooseEntry, PROJECT_ROOT } from '../bin/entry.js';
import { SearchIndex, searchIndexFile } from '../src/search/search-index.js';
import { openSqliteBackend } from '../src/store/sqlite-backend.js';
import { createStore } from '../src/store/store.js';
import { seedPapers } from '../tests/search/seed-papers.js';
import type { Metric } from './metric.js';
import { Corpus } from './search-corpus.js';

const PAPERS = 1_000;
const RUNS = 9;
const HERALD = fileURLToPath(new URL('../bin/herald.js', import.meta.url));

export async function benchCliStart(): Promise<Record<string, Metric>> {
  ensureCompiled();
  const dir = mkdtempSync(join(tmpdir(), 'herald-cli-bench-'));
  try {
    const env = await prepareStore(dir);
    const node = median(RUNS, () => run(['-e', '0'], env));
    const version = median(RUNS, () => run([HERALD, '--version'], env));
    run([HERALD, 'papers', 'diffusion'], env, /results for "diffusion"/); // warm the OS file cache
    const papers = median(RUNS, () => run([HERALD, 'papers', 'diffusion'], env, /results for "diffusion"/));
    return {
      cliStartMs: { value: Math.round(version), unit: 'ms', baseline: Math.round(node) },
      cliPapersMs: { value: Math.round(papers), unit: 'ms', baseline: Math.round(node) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a user has after `npm ci`: dist/ built from the sources as they are. */
export function ensureCompiled(): void {
  if (chooseEntry('cli/main').kind === 'compiled') return;
  process.stderr.write('cli start: dist/ is missing or older than src/; building it\n');
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'bin/build.js')], { stdio: 'inherit' });
}

async function prepareStore(dir: string): Promise<NodeJS.ProcessEnv> {
  const dataDir = join(dir, 'data');
  const store = await createStore(await openSqliteBackend(join(dataDir, 'herald.sqlite')));
  const corpus = new Corpus();
  const seeds = seedPapers();
  await store.records.save([
    ...seeds,
    ...Array.from({ length: PAPERS - seeds.length }, (_, n) => corpus.paper(n)),
  ]);
  const index = await SearchIndex.open({ file: searchIndexFile(dataDir), records: store.records });
  await index.sync();
  await index.close();
  await store.close();
  const config = join(dir, 'herald.yaml');
  writeFileSync(config, 'people:\n  - id: favero\n    name: Alessandro Favero\n');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    HERALD_CONFIG: config,
    // Nothing here may reach the internet.
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    ARXIV_AUTHOR_FEED_URL: 'http://127.0.0.1:9/a/',
  };
}

/** Wall time of one run, in ms; throws when it fails or does not print what it should. */
function run(args: string[], env: NodeJS.ProcessEnv, expected?: RegExp): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', cwd: PROJECT_ROOT });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || (expected && !expected.test(result.stdout)))
    throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return elapsed;
}

function median(runs: number, measure: () => number): number {
  const times = Array.from({ length: runs }, measure).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchCliStart(), null, 2)}\n`);
}
