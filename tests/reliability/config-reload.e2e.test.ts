/**
 * Config reload, end to end: `herald run` as a child process gets SIGHUP after its config file
 * was edited. A valid file takes effect without a restart (a new person is searched for, a new
 * channel is announced to, the papers schedule runs at its new times); an invalid one is refused
 * with its problems logged and the running config kept; the bot stops cleanly afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithin, tailOf } from '../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { arxivAtom, numberedPapers, type SeedPaper, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const older = seedPapers();
const fresh = (first: number, title: string, authors: string[]): SeedPaper[] =>
  numberedPapers(1, {
    yymm: '2606',
    first,
    start: new Date('2026-06-20T10:00:00Z'),
    title: () => title,
    authors: () => authors,
  });

let server: FixtureServer;
let workspace: Workspace;
let herald: HeraldProcess;

function config(options: { papers: string; people: string; channels: string }): Promise<void> {
  return workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 0
schedule: { papers: "${options.papers}", papersTimezone: UTC }
people: ${options.people}
channels: ${options.channels}
`);
}

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(older) });
  workspace = await createWorkspace();
  // Papers once a year: after the poll at start, nothing polls unless the schedule changes.
  await config({
    papers: '0 0 1 1 *',
    people: '[{ id: favero, name: Alessandro Favero }]',
    channels: '[{ id: lab, platform: console, target: stdout }]',
  });
  herald = new HeraldProcess(['run', '--output', 'jsonl', '--config', workspace.configPath], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
  });
  await herald.waitFor(/"source":"arxiv".*"msg":"source polled"/);
});

afterAll(async () => {
  if (herald) await stopWithin(herald, 'SIGTERM', 10_000).catch(() => undefined);
  await server.close();
  await workspace.remove();
});

describe('SIGHUP', () => {
  it('applies a valid config at once: new people, new channels, new schedules', async () => {
    const searched = server.requestsTo('/api/query').length;
    server.route('/api/query', {
      body: arxivAtom([
        ...fresh(500, 'Announced after the reload', ['Alessandro Favero', 'Matthieu Wyart']),
        ...older,
      ]),
    });
    await config({
      papers: '* * * * * *',
      people: '[{ id: favero, name: Alessandro Favero }, { id: wyart, name: Matthieu Wyart }]',
      channels:
        '[{ id: lab, platform: console, target: stdout }, { id: lab2, platform: console, target: stdout }]',
    });
    herald.signal('SIGHUP');
    await herald.waitFor(/"msg":"config reloaded"/);
    expect(herald.stderr).toMatch(/"changed":\["schedule.papers","people","channels"\]/);
    // The rescheduled papers task polls within seconds, for both people, and announces to both channels.
    await herald.waitFor(/"channel":"lab2","type":"paper".*"title":"Announced after the reload"/, 'stdout');
    await herald.waitFor(/"channel":"lab","type":"paper".*"title":"Announced after the reload"/, 'stdout');
    const after = server.requestsTo('/api/query').slice(searched);
    expect(after.map((request) => request.query.get('search_query'))).toContain('au:favero_a OR au:wyart_m');
  });

  it('refuses an invalid file with its problems, keeps the running config, and goes on', async () => {
    await workspace.writeConfig(`
schedule: { papers: "every day" }
people: [{ id: favero }]
`);
    herald.signal('SIGHUP');
    await herald.waitFor(/config reload refused/);
    const refusal = herald.stderr.split('\n').find((line) => line.includes('config reload refused'))!;
    expect(refusal).toContain(`${workspace.configPath}: schedule.papers: is not a valid cron expression`);
    expect(refusal).toContain(`${workspace.configPath}: people.0.name: is required`);
    // Still the config before: both channels, the papers schedule of every second.
    server.route('/api/query', {
      body: arxivAtom([
        ...fresh(501, 'Still announced after a refused reload', ['Alessandro Favero']),
        ...older,
      ]),
    });
    await herald.waitFor(
      /"channel":"lab2","type":"paper".*"title":"Still announced after a refused reload"/,
      'stdout',
    );
  });

  it('stops cleanly afterwards', async () => {
    const exit = await stopWithin(herald, 'SIGTERM', 10_000);
    expect(exit, tailOf(herald)).toMatchObject({ code: 0, signal: null });
  });
});
