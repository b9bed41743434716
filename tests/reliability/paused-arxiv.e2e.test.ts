/**
 * Issue 13, problem 1: a paused arXiv source could not be resumed (`herald feed resume arxiv`
 * answered "no feed has the id", the notice named /feed resume). Every source has an id an admin
 * can use: `herald sources` lists it, `herald source resume <id>` (and `feed resume`) lifts its
 * pause, the notice names that command, and a paused source is tried once a day by itself and
 * resumed when the try works. Each run is a real `herald run --once` with a fixed clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let server: FixtureServer;
let workspace: Workspace;
let env: Record<string, string>;
const failing = { status: 503, body: 'Service Unavailable', contentType: 'text/plain' };

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/api/query', failing);
  workspace = await createWorkspace();
  env = {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
  };
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
sources: { pauseAfterFailures: 2 }
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: lab, platform: console, target: stdout }
adminChannel: lab
`);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

const cli = (...args: string[]) => runCli([...args, '--config', workspace.configPath], env);
const runAt = (now: string) => cli('run', '--once', '--output', 'jsonl', '--now', now);
const notices = (stdout: string) => jsonLines(stdout).filter((line) => line.type === 'notice');

async function sources(): Promise<Record<string, unknown>[]> {
  const result = await cli('sources', '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

/** Runs at these instants while arXiv fails, until it is paused; what the runs printed. */
async function pauseArxiv(...instants: string[]): Promise<string> {
  let stdout = '';
  for (const now of instants) {
    const run = await runAt(now);
    expect(run.code).toBe(1);
    stdout += run.stdout;
    if ((await sources())[0]!.state === 'paused') return stdout;
  }
  throw new Error(`arXiv not paused after runs at ${instants.join(', ')}`);
}

describe('a paused arXiv source', () => {
  it('is named in the notice, listed by `herald sources`, and resumed by `herald source resume arxiv`', async () => {
    const stdout = await pauseArxiv('2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z');
    expect(notices(stdout)).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(
          /Source arxiv .* is paused.*Resume it with \/source resume arxiv \(herald source resume arxiv\); it is also tried once a day by itself/,
        ),
      }),
    ]);
    const tried = server.requestsTo('/api/query').length;
    await runAt('2026-11-23T11:00:00Z');
    expect(server.requestsTo('/api/query')).toHaveLength(tried);

    expect(await sources()).toEqual([
      {
        id: 'arxiv',
        kind: 'arxiv-search',
        state: 'paused',
        lastSuccess: null,
        lastError: expect.stringContaining('503'),
        failures: 2,
        // A day after its last attempt.
        nextPoll: '2026-11-24T10:00:00.000Z',
      },
    ]);

    const resumed = await cli('source', 'resume', 'arxiv');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(
      'Source "arxiv" (arXiv search (1 by name)) resumed (it was paused since',
    );
    expect((await sources())[0]).toMatchObject({ id: 'arxiv', state: 'ok', failures: 0 });
    await runAt('2026-11-23T12:00:00Z');
    expect(server.requestsTo('/api/query').length).toBeGreaterThan(tried);
  });

  it('is resumed by `herald feed resume arxiv` too, as the old notice said', async () => {
    await pauseArxiv('2026-11-23T13:00:00Z', '2026-11-23T14:00:00Z');
    expect((await sources())[0]).toMatchObject({ state: 'paused' });
    const resumed = await cli('feed', 'resume', 'arxiv');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await sources())[0]).toMatchObject({ state: 'ok' });
  });

  it('is tried once a day by itself, stays paused while that fails, and is resumed when it works', async () => {
    await pauseArxiv('2026-11-24T09:00:00Z', '2026-11-24T10:00:00Z');
    const tried = server.requestsTo('/api/query').length;
    // Within the day: not tried, restart or not.
    await runAt('2026-11-25T09:59:00Z');
    expect(server.requestsTo('/api/query')).toHaveLength(tried);
    // A day on: tried; it still fails, so it stays paused (no second notice) until the next day.
    const stillDown = await runAt('2026-11-25T10:00:00Z');
    expect(server.requestsTo('/api/query').length).toBeGreaterThan(tried);
    expect(notices(stillDown.stdout)).toEqual([]);
    expect((await sources())[0]).toMatchObject({ state: 'paused', nextPoll: '2026-11-26T10:00:00.000Z' });

    server.route('/api/query', { body: arxivAtom(seedPapers()) });
    const back = await runAt('2026-11-26T10:00:00Z');
    expect(back.code, back.stderr).toBe(0);
    expect(notices(back.stdout)).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/Source arxiv .* works again and is no longer paused/),
      }),
    ]);
    expect((await sources())[0]).toMatchObject({
      state: 'ok',
      failures: 0,
      lastSuccess: '2026-11-26T10:00:00.000Z',
    });
  });
});
