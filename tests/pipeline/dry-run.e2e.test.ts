/**
 * `herald run --once --dry-run` reads the store and writes nothing to it: running it twice
 * announces the same thing twice, and a real run afterwards still finds it new. Nor does it post:
 * with the tokens set, what Discord and Slack would get is printed, and nothing reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
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

describe('herald run --dry-run with the chat tokens set', () => {
  it('prints what Discord and Slack would get and posts nothing to them', async () => {
    const [discord, slack] = await Promise.all([FakeDiscord.start(), FakeSlack.start()]);
    try {
      await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 1
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: lab-discord, platform: discord, target: "${discord.textChannelId}" }
  - { id: lab-slack, platform: slack, target: C0DRYRUN }
`);
      const result = await runCli(['run', '--once', '--dry-run', '--config', workspace.configPath], {
        ARXIV_API_URL: server.url('/api/query'),
        ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
        DATA_DIR: `${workspace.dir}/dry-data`,
        DISCORD_TOKEN: 'dry-run',
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: 'xoxb-dry-run',
        SLACK_API_URL: slack.apiUrl,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('Dry run: nothing is stored and nothing is posted');
      expect(result.stdout).toContain('[lab-discord]');
      expect(result.stdout).toContain('[lab-slack]');
      expect(discord.requests).toEqual([]);
      expect(slack.requests).toEqual([]);
    } finally {
      await Promise.all([discord.close(), slack.close()]);
    }
  });
});
