/**
 * A member's direct messages with `--output jsonl` (no chat token: printed, as every delivery is
 * in console mode): each new paper a member follows is a line for the channel
 * `dm:<platform>:<user id>`; a member who asked for `digest:weekly` gets nothing during the week
 * and one digest line on Monday. Follows made with `herald follow add`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers, type SeedPaper } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const [earlier, ...fresh] = numberedPapers(3, {
  yymm: '2606',
  first: 40_000,
  start: new Date(Date.UTC(2026, 5, 6)),
  title: (i) => `Personal paper ${i}`,
});

let server: FixtureServer;
let workspace: Workspace;
let served: SeedPaper[] = [earlier!];

beforeAll(async () => {
  [server, workspace] = await Promise.all([startFixtureServer(), createWorkspace()]);
  server.route('/api/query', () => ({ body: arxivAtom([...served].reverse()) }));
  await workspace.writeConfig(`
timezone: UTC
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
people: [{ id: favero, name: Alessandro Favero }]
`);
});

afterAll(async () => {
  await Promise.all([server?.close(), workspace?.remove()]);
});

const herald = (...args: string[]) =>
  runCli([...args, '--config', workspace.configPath], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
  });
const runAt = async (now: string) =>
  jsonLines((await herald('run', '--once', '--output', 'jsonl', '--now', now)).stdout);

describe("a member's direct messages", () => {
  it('are lines for dm:<platform>:<user id>, one per paper, or one weekly digest', async () => {
    expect((await herald('follow', 'add', '--user', 'discord:111111111', 'favero')).code).toBe(0);
    const weekly = await herald(
      'follow',
      'add',
      '--user',
      'slack:U0WEEKLY',
      'Alessandro Favero',
      '--digest',
      'weekly',
    );
    expect(weekly.stdout).toContain('one direct message a week');
    expect(await runAt('2026-06-07T10:00:00Z')).toEqual([]);
    served = [earlier!, ...fresh];
    const week = await runAt('2026-06-07T11:00:00Z');
    expect(week.map((line) => [line.channel, line.type, line.title])).toEqual(
      fresh.map((paper) => ['dm:discord:111111111', 'paper', paper.title]),
    );
    const monday = await runAt('2026-06-08T09:00:00Z');
    expect(monday).toEqual([
      {
        type: 'digest',
        channel: 'dm:slack:U0WEEKLY',
        from: '2026-06-07T10:00:00.000Z',
        to: '2026-06-08T09:00:00.000Z',
        items: fresh.map((paper) => expect.objectContaining({ type: 'paper', title: paper.title })),
      },
    ]);
  });
});
