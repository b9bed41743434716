/**
 * No silent stand-in: a Discord and a Slack channel are configured but only SLACK_BOT_TOKEN is
 * set. `herald run --once` posts to Slack, names the Discord channel, leaves its deliveries
 * waiting (nothing printed and recorded in its place), and exits 1; `herald check` and
 * `herald status` say so. A later run with DISCORD_TOKEN (from a `.env` in the directory herald
 * starts in, where the environment's own values win) posts each waiting delivery once. With no
 * token at all, announcements are printed once (console mode) and still wait.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const papers = numberedPapers(3, {
  yymm: '2608',
  first: 30_000,
  start: new Date(Date.UTC(2026, 7, 1)),
  title: (i) => `Waiting paper ${i}`,
});

let discord: FakeDiscord;
let slack: FakeSlack;
let arxiv: FixtureServer;
let workspace: Workspace;

beforeAll(async () => {
  [discord, slack, arxiv] = await Promise.all([FakeDiscord.start(), FakeSlack.start(), startFixtureServer()]);
  arxiv.route('/api/query', { body: arxivAtom(papers) });
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), arxiv?.close()]);
});

/** A workspace whose channels are new ones: a bot's nonces and metadata must not meet earlier posts. */
async function freshWorkspace(discordChannel: string, slackChannel: string): Promise<Workspace> {
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
delivery: { retryBaseMs: 10 }
backfill: ${papers.length}
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: lab-discord, platform: discord, target: "${discordChannel}", kinds: [paper] }
  # One paper only: Slack takes a post a second per channel (a head and three replies each).
  - { id: lab-slack, platform: slack, target: ${slackChannel}, kinds: [paper], keywords: ["${papers[0]!.title}"] }
`);
  return workspace;
}

function env(tokens: Record<string, string>): Record<string, string> {
  return {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_API_URL: slack.apiUrl,
    ...tokens,
  };
}

const run = (tokens: Record<string, string>, cwd?: string) =>
  runCli(['run', '--once', '--config', workspace.configPath], env(tokens), cwd ? { cwd } : {});

const discordHeads = (channel: string) =>
  discord.state.messagesIn(channel).filter((m: Json) => m.embeds?.[0]?.title?.startsWith('Waiting paper'));
const slackHeads = (channel: string) => slack.messagesIn(channel).filter((m) => m.thread_ts === undefined);
const titles = papers.map((paper) => paper.title).sort();

describe('a channel whose platform has no token', () => {
  it('waits, is named at start, by check and by status, and is posted once when the token is there', async () => {
    const channel = discord.textChannelId;
    await freshWorkspace(channel, 'C_LAB');
    try {
      const first = await run({ SLACK_BOT_TOKEN: 'xoxb-missing-token' });
      expect(first.code, first.stderr).toBe(1);
      expect(first.stderr).toContain('channel lab-discord is discord but DISCORD_TOKEN is not set');
      expect(first.stderr).toMatch(/some deliveries wait for a chat token that is not set/);
      expect(first.stdout).toBe('');
      expect(discord.requests).toEqual([]);
      expect(slackHeads('C_LAB')).toHaveLength(1);

      const check = await runCli(['check', '--config', workspace.configPath], env({ SLACK_BOT_TOKEN: 'x' }));
      expect(check.code).toBe(0);
      expect(check.stderr).toContain('warning: channel lab-discord is discord but DISCORD_TOKEN is not set');
      const status = await runCli(['status', '--config', workspace.configPath], env({}));
      expect(status.stdout).toContain(`${papers.length} waiting for a chat token`);
      expect(status.stdout).toContain(`Waiting: ${papers.length} deliveries to lab-discord`);
      expect(status.stdout).toContain('DISCORD_TOKEN is not set');

      // The token comes from .env in the directory herald starts in; the environment's Slack token wins.
      await writeFile(join(workspace.dir, '.env'), 'DISCORD_TOKEN=from-dotenv\nSLACK_BOT_TOKEN=\n');
      const second = await run({ SLACK_BOT_TOKEN: 'xoxb-missing-token' }, workspace.dir);
      expect(second.code, second.stderr).toBe(0);
      expect(discord.requests.every((request) => request.headers.authorization === 'Bot from-dotenv')).toBe(
        true,
      );
      expect(
        discordHeads(channel)
          .map((m: Json) => m.embeds[0].title)
          .sort(),
      ).toEqual(titles);
      for (const head of discordHeads(channel)) expect(discord.state.messagesIn(head.id)).toHaveLength(3);
      expect(slackHeads('C_LAB')).toHaveLength(1);

      const third = await run({ SLACK_BOT_TOKEN: 'xoxb-missing-token', DISCORD_TOKEN: 't' });
      expect(third.code).toBe(0);
      expect(discordHeads(channel)).toHaveLength(papers.length);
      expect(slackHeads('C_LAB')).toHaveLength(1);
    } finally {
      await workspace.remove();
    }
  });

  it('with no token at all prints each announcement once and records none as posted', async () => {
    const channel = discord.state.addChannel('console-first', 0);
    await freshWorkspace(channel, 'C_CONSOLE_FIRST');
    try {
      const printed = await run({});
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stderr).toContain('No DISCORD_TOKEN or SLACK_BOT_TOKEN set');
      for (const title of titles) {
        expect(printed.stdout.split(`[lab-discord] New paper: ${title}`)).toHaveLength(2);
      }
      expect(printed.stdout.split(`[lab-slack] New paper: ${papers[0]!.title}`)).toHaveLength(2);
      const again = await run({});
      expect(again.stdout).toBe('');

      expect(discordHeads(channel)).toEqual([]);
      const posted = await run({ SLACK_BOT_TOKEN: 'xoxb-console-then-real', DISCORD_TOKEN: 't' });
      expect(posted.code, posted.stderr).toBe(0);
      expect(posted.stdout).toBe('');
      expect(
        discordHeads(channel)
          .map((m: Json) => m.embeds[0].title)
          .sort(),
      ).toEqual(titles);
      expect(slackHeads('C_CONSOLE_FIRST')).toHaveLength(1);
    } finally {
      await workspace.remove();
    }
  });
});
