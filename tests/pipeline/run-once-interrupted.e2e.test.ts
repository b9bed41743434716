/**
 * `herald run --once` stopped by SIGTERM or SIGINT, as a child process: during a poll stuck on a
 * feed that never answers, during a post Discord never answers, and while Redis does not answer at
 * start. Each time it stops within 10 s, having closed what it opened (it ends by itself, not by
 * the exit deadline), exits 128 + the signal's number, and records nothing that did not happen:
 * the poll cut short is no failure of its source, and the announcement Discord never took is
 * posted, once, by the next run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { logWithin, stopWithin, tailOf, within } from '../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { runCli } from '../support/run-cli.js';
import { writeRunConfig } from '../support/run-config.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';
import { refusedUrl } from '../support/unreachable.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

/** The process must be gone within this long after the signal (the README's promise). */
const STOP_LIMIT_MS = 10_000;
/** For what the run does before the signal: start, poll, post. */
const START_LIMIT_MS = 30_000;

let server: FixtureServer;
let workspace: Workspace;

beforeEach(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(seedPapers()) });
  workspace = await createWorkspace();
});

afterEach(async () => {
  await server.close();
  await workspace.remove();
});

const env = (extra: Record<string, string> = {}) => ({
  ARXIV_API_URL: server.url('/api/query'),
  ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
  DATA_DIR: workspace.dataDir,
  ...extra,
});

/** Stops `herald` with `signal`; it must end by itself within the limit, saying it was interrupted. */
async function expectInterrupted(herald: HeraldProcess, signal: NodeJS.Signals, code: number) {
  const exit = await stopWithin(herald, signal, STOP_LIMIT_MS);
  expect(exit, tailOf(herald)).toMatchObject({ code, signal: null });
  expect(herald.stderr).toMatch(/"msg":"interrupted: the cycle is stopped/);
  // Everything was closed: the process ended by itself, not by the exit deadline.
  expect(herald.stderr).not.toContain('exiting anyway');
}

describe('herald run --once, interrupted', () => {
  it('by SIGTERM during a poll stuck on a feed: exit 143, and the poll is no failure of the feed', async () => {
    let feedAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => {
      feedAsked = resolve;
    });
    server.route('/feeds/stuck.xml', () => {
      feedAsked();
      return { hang: true };
    });
    await workspace.writeConfig(`
arxiv: { requestIntervalMs: 10 }
fetch: { allowPrivateAddresses: true }
people: [{ id: favero, name: Alessandro Favero }]
feeds: [{ id: stuck, url: "${server.url('/feeds/stuck.xml')}", kind: paper }]
channels: [{ id: lab, platform: console, target: stdout }]
`);
    const herald = new HeraldProcess(['run', '--once', '--config', workspace.configPath], env());
    await within(START_LIMIT_MS, 'the feed to be asked for', asked, () => tailOf(herald));
    await expectInterrupted(herald, 'SIGTERM', 143);

    const sources = await runCli(['sources', '--json', '--config', workspace.configPath], env());
    expect(sources.code, sources.stderr).toBe(0);
    const feed = (
      JSON.parse(sources.stdout) as { id: string; failures: number; lastError: string | null }[]
    ).find((source) => source.id === 'feed:stuck');
    expect(feed).toMatchObject({ failures: 0, lastError: null });
  });

  it('by SIGINT during a post Discord never answers: exit 130, and the next run posts it once', async () => {
    const discord = await FakeDiscord.start();
    try {
      discord.script('POST', `/channels/${discord.textChannelId}/messages`, 'hang');
      await writeRunConfig(workspace.configPath, {
        channel: `{ id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }`,
      });
      const discordEnv = env({ DISCORD_TOKEN: 'e2e-token', DISCORD_API_URL: discord.apiUrl });
      const herald = new HeraldProcess(['run', '--once', '--config', workspace.configPath], discordEnv);
      await within(
        START_LIMIT_MS,
        'the announcement to reach Discord',
        discord.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages')),
        () => tailOf(herald),
      );
      await expectInterrupted(herald, 'SIGINT', 130);
      // The channel holds the heads (their replies are in threads).
      const heads = () =>
        discord.state
          .messagesIn(discord.textChannelId)
          .filter((message: unknown) => JSON.stringify(message).includes('Learn from your own latents'));
      expect(heads()).toHaveLength(0);

      // Not recorded as delivered: the next run posts it, once.
      const next = await runCli(['run', '--once', '--config', workspace.configPath], discordEnv);
      expect(next.code, next.stderr).toBe(0);
      expect(heads()).toHaveLength(1);
    } finally {
      await discord.close();
    }
  });

  it('by SIGTERM while Redis does not answer at start: exit 143', async () => {
    await workspace.writeConfig(`
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: console, target: stdout }]
`);
    const herald = new HeraldProcess(
      ['run', '--once', '--config', workspace.configPath],
      env({ REDIS_URL: await refusedUrl('redis'), LOG_LEVEL: 'debug' }),
    );
    await logWithin(herald, /"msg":"Redis still unreachable"/, START_LIMIT_MS);
    const exit = await stopWithin(herald, 'SIGTERM', STOP_LIMIT_MS);
    expect(exit, tailOf(herald)).toMatchObject({ code: 143, signal: null });
    expect(herald.stderr).not.toContain('exiting anyway');
  });
});
