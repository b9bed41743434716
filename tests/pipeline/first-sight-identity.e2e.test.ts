/**
 * Issue 13, problem 2: first sight was keyed by the person's id string, which is reused. With
 * `backfill: 0`, `watch add "Andrea Favero"` (id favero), run, `watch remove favero`, `watch add
 * "Alessandro Favero"` (favero again), run: the second run announced Alessandro's old papers.
 * First sight is now keyed by who the person is (names, ids): Alessandro is someone new, so his
 * backlog is recorded silently; a person removed and re-added under another id is not new, so
 * nothing old comes back and what is new is announced. Each run is a real `herald run --once`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers, type SeedPaper, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const alessandro = seedPapers();
const andrea = numberedPapers(3, {
  yymm: '2604',
  first: 7000,
  start: new Date('2026-04-01T10:00:00Z'),
  title: (i) => `Cold atoms in optical lattices, part ${i + 1}`,
  authors: () => ['Andrea Favero', 'Marco Rossi'],
});
const fresh = (first: number, title: string) =>
  numberedPapers(1, { yymm: '2606', first, start: new Date('2026-06-10T10:00:00Z'), title: () => title });

let server: FixtureServer;
let workspace: Workspace;

const env = () => ({
  ARXIV_API_URL: server.url('/api/query'),
  ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
  DATA_DIR: workspace.dataDir,
});
const cli = (...args: string[]) => runCli([...args, '--config', workspace.configPath], env());

async function run(): Promise<string[]> {
  const result = await cli('run', '--once', '--output', 'jsonl');
  expect(result.code, result.stderr).toBe(0);
  return jsonLines(result.stdout).map((line) => String(line.title));
}

function serveArxiv(papers: readonly SeedPaper[]): void {
  server.route('/api/query', { body: arxivAtom(papers) });
}

async function config(people: string): Promise<void> {
  await workspace.writeConfig(`
backfill: 0
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
people: ${people}
channels: [{ id: lab, platform: console, target: stdout }]
`);
}

beforeAll(async () => {
  server = await startFixtureServer();
  workspace = await createWorkspace();
  await config('[]');
  // arXiv's `au:favero_a` finds both Favero A.s.
  serveArxiv([...andrea, ...alessandro]);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('first sight, by identity', () => {
  it('a different person given a reused id is first sight: nothing of their backlog is announced', async () => {
    expect((await cli('watch', 'add', 'Andrea', 'Favero')).stdout).toContain('as "favero"');
    expect(await run()).toEqual([]);
    expect((await cli('watch', 'remove', 'favero')).code).toBe(0);
    expect((await cli('watch', 'add', 'Alessandro', 'Favero')).stdout).toContain('as "favero"');
    expect(await run()).toEqual([]);
    // He is watched all the same: his next paper is announced.
    const next = fresh(100, 'A new paper of Alessandro');
    serveArxiv([...next, ...andrea, ...alessandro]);
    expect(await run()).toEqual(['A new paper of Alessandro']);
  });

  it('a person removed and re-added under another id is not: the backlog stays silent, the new paper is announced', async () => {
    expect((await cli('watch', 'remove', 'favero')).code).toBe(0);
    const gap = fresh(200, 'Written while nobody watched him');
    serveArxiv([...gap, ...fresh(100, 'A new paper of Alessandro'), ...andrea, ...alessandro]);
    await config('[{ id: alessandro, name: Alessandro Favero, aliases: ["A. Favero"] }]');
    expect(await run()).toEqual(['Written while nobody watched him']);
  });

  it('Andrea re-added is not first sight either, and no paper of hers was ever announced', async () => {
    expect((await cli('watch', 'add', 'Andrea', 'Favero')).stdout).toContain('as "favero"');
    const hers = numberedPapers(1, {
      yymm: '2606',
      first: 7100,
      start: new Date('2026-06-11T10:00:00Z'),
      title: () => 'Cold atoms, once more',
      authors: () => ['Andrea Favero'],
    });
    serveArxiv([...hers, ...fresh(200, 'Written while nobody watched him'), ...andrea, ...alessandro]);
    expect(await run()).toEqual(['Cold atoms, once more']);
  });
});
