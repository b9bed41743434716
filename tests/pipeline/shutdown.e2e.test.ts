/**
 * The long-running bot stops cleanly on SIGTERM and SIGINT: scheduling stops, the store is
 * closed, exit code 0, well within 10 s; also during a delivery that never gets an answer, and
 * with Redis unreachable (at start, or gone under a running bot). Chat platforms that cannot be
 * reached: tests/platforms/discord/unreachable-gateway.e2e.test.ts and the Slack twin.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { logWithin, stopWithin, tailOf, within } from '../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { startRedisServer } from '../support/redis-server.js';
import { writeRunConfig } from '../support/run-config.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';
import { refusedUrl } from '../support/unreachable.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let server: FixtureServer;
let workspace: Workspace;

beforeEach(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(seedPapers()) });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 10 }
fetch: { allowPrivateAddresses: true }
backfill: 2
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: console, target: stdout }]
`);
});

afterEach(async () => {
  await server.close();
  await workspace.remove();
});

describe('herald run', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s with exit code 0, after announcing what the first cycle found',
    async (signal) => {
      const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
        ARXIV_API_URL: server.url('/api/query'),
        ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
        DATA_DIR: workspace.dataDir,
      });
      await herald.waitFor(/"source":"arxiv".*"news":2/);
      await herald.waitFor(/\[lab\] New paper: Learn from your own latents/, 'stdout');
      const stoppedAt = performance.now();
      herald.signal(signal);
      const { code } = await herald.exited;
      expect(code).toBe(0);
      expect(performance.now() - stoppedAt).toBeLessThan(10_000);
      expect(herald.stderr).toContain('"msg":"stopping"');
    },
  );
});

/** The process must be gone within this long after the signal (the README's promise). */
const STOP_LIMIT_MS = 10_000;
const LOG_LIMIT_MS = 20_000;

async function expectCleanStop(herald: HeraldProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const exit = await stopWithin(herald, signal, STOP_LIMIT_MS);
  expect(exit, tailOf(herald)).toMatchObject({ code: 0, signal: null });
  // Everything was closed: the process ended by itself, not by the exit deadline.
  expect(herald.stderr).not.toContain('exiting anyway');
}

describe('herald run stops within 10 s', () => {
  it('during a delivery that Discord never answers', async () => {
    const discord = await FakeDiscord.start();
    discord.script('POST', `/channels/${discord.textChannelId}/messages`, 'hang');
    await writeRunConfig(workspace.configPath, {
      channel: `{ id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }`,
    });
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ARXIV_API_URL: server.url('/api/query'),
      ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
      DATA_DIR: workspace.dataDir,
      DISCORD_TOKEN: 'e2e-token',
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.state.guildId,
    });
    try {
      await within(
        LOG_LIMIT_MS,
        'the announcement to reach Discord',
        discord.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages')),
        () => tailOf(herald),
      );
    } finally {
      await expectCleanStop(herald);
      await discord.close();
    }
    expect(herald.stderr).toMatch(/"msg":"Discord gateway: stopped"/);
  });

  it('while Redis does not answer at start', async () => {
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ARXIV_API_URL: server.url('/api/query'),
      ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
      REDIS_URL: await refusedUrl('redis'),
      LOG_LEVEL: 'debug',
    });
    await logWithin(herald, /"msg":"Redis still unreachable"/, LOG_LIMIT_MS);
    await expectCleanStop(herald);
  });

  it('after Redis went away under a running bot', async () => {
    const redis = await startRedisServer();
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ARXIV_API_URL: server.url('/api/query'),
      ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
      REDIS_URL: redis.url,
      HERALD_NAMESPACE: `shutdown-${process.pid}`,
    });
    try {
      await logWithin(herald, /"msg":"source polled"/, LOG_LIMIT_MS);
      await redis.stop();
      await logWithin(herald, /"msg":"Redis connection lost/, LOG_LIMIT_MS);
    } finally {
      await expectCleanStop(herald, 'SIGINT');
      await redis.dispose();
    }
  });
});
