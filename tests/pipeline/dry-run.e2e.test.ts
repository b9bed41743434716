/**
 * `herald run --once --dry-run` reads the store and writes nothing to it: running it twice
 * announces the same thing twice, and a real run afterwards still finds it new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let server: FixtureServer;
let workspace: Workspace;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(seedPapers()) });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 2
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: console, target: stdout }]
`);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

const run = (...extra: string[]) =>
  runCli(['run', '--once', '--output', 'jsonl', '--config', workspace.configPath, ...extra], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
  });

const ids = (stdout: string) => jsonLines(stdout).map((line) => line.id);

describe('herald run --dry-run', () => {
  it('announces without storing anything', async () => {
    const first = await run('--dry-run');
    expect(first.code).toBe(0);
    expect(ids(first.stdout)).toHaveLength(2);
    const second = await run('--dry-run');
    expect(ids(second.stdout)).toEqual(ids(first.stdout));
    const real = await run();
    expect(ids(real.stdout)).toEqual(ids(first.stdout));
    const after = await run('--dry-run');
    expect(ids(after.stdout)).toEqual([]);
  });
});
