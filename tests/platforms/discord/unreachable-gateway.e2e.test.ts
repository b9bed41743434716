/**
 * `herald run` with DISCORD_TOKEN set while Discord's gateway cannot be reached (REST works, so
 * announcements can go out): a gateway that accepts TCP and never answers, and one that refuses
 * connections. Polling and delivery start at once; SIGTERM ends the process with exit 0 within
 * 10 s during the login, after the login gave up, and during a cycle; a gateway that comes back
 * brings the slash commands up without a restart. The real @discordjs/ws, as a child process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { logWithin, stopWithin, tailOf, within } from '../../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../../support/fixture-server.js';
import { HeraldProcess } from '../../support/herald-process.js';
import { runCli } from '../../support/run-cli.js';
import { writeRunConfig } from '../../support/run-config.js';
import { arxivAtom, seedPapers } from '../../support/seed-corpus.js';
import { refusedUrl, type SilentServer, startSilentServer } from '../../support/unreachable.js';
import { createWorkspace, type Workspace } from '../../support/workspace.js';

/** The process must be gone within this long after SIGTERM (the README's promise). */
const STOP_LIMIT_MS = 10_000;
/** Far below the production login timeout (60 s): an announcement that waited for the login would miss it. */
const ANNOUNCE_LIMIT_MS = 25_000;
const LOG_LIMIT_MS = 20_000;
const FAST_RETRIES = {
  HERALD_CONNECT_TIMEOUT_MS: '1000',
  HERALD_RECONNECT_BASE_MS: '200',
  HERALD_RECONNECT_MAX_MS: '500',
};

let discord: FakeDiscord;
let arxiv: FixtureServer;
let silent: SilentServer;
let refused: string;
let workspace: Workspace;
let env: Record<string, string>;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  arxiv = await startFixtureServer();
  arxiv.route('/api/query', { body: arxivAtom(seedPapers()) });
  silent = await startSilentServer();
  refused = await refusedUrl('ws', '/gateway');
  workspace = await createWorkspace();
  env = {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DISCORD_TOKEN: 'e2e-token',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.state.guildId,
  };
});

afterAll(async () => {
  await discord.close();
  await arxiv.close();
  await silent.close();
  await workspace.remove();
});

/** A fresh config and data directory per run, so each first cycle announces the newest paper again. */
let run: { config: string; env: Record<string, string> };
let runs = 0;
async function startHerald(options: { feedUrl?: string; env?: Record<string, string> } = {}) {
  runs += 1;
  run = {
    config: `${workspace.dir}/herald-${runs}.yaml`,
    env: { ...env, DATA_DIR: `${workspace.dir}/data-${runs}` },
  };
  await writeRunConfig(run.config, {
    channel: `{ id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }`,
    feedUrl: options.feedUrl,
  });
  return new HeraldProcess(['run', '--config', run.config], { ...run.env, ...options.env });
}

const status = () => runCli(['status', '--config', run.config], run.env);

/** The announcement heads posted so far. */
const heads = () => discord.requestsTo('POST', `/channels/${discord.textChannelId}/messages`);

async function expectCleanStop(herald: HeraldProcess): Promise<void> {
  const exit = await stopWithin(herald, 'SIGTERM', STOP_LIMIT_MS);
  expect(exit, tailOf(herald)).toMatchObject({ code: 0, signal: null });
  expect(herald.stderr).toContain('"msg":"stopping"');
  expect(herald.stderr).toMatch(/"msg":"Discord gateway: stopped"/);
  // Everything was closed: the process ended by itself, not by the exit deadline.
  expect(herald.stderr).not.toContain('exiting anyway');
}

describe.each([
  ['accepts TCP and never answers', () => silent.url('ws', '/gateway')],
  ['refuses connections', () => refused],
])('herald run when the Discord gateway %s', (_, gatewayUrl) => {
  beforeAll(() => discord.redirectGateway(gatewayUrl()));
  afterAll(() => discord.redirectGateway(undefined));

  it('announces at once, and stops on SIGTERM during the login', async () => {
    const before = heads().length;
    // Production timing: the login attempt may take 60 s; nothing waits for it.
    const herald = await startHerald();
    try {
      await within(
        ANNOUNCE_LIMIT_MS,
        'the first announcement through REST',
        discord.waitForRequest(() => heads().length > before),
        () => tailOf(herald),
      );
      await logWithin(herald, /"msg":"Discord gateway: connecting"/, LOG_LIMIT_MS);
      expect(herald.stderr).not.toMatch(/Discord gateway: (connected|failed)/);
    } finally {
      await expectCleanStop(herald);
    }
  });

  it('stops on SIGTERM after the login gave up, while waiting to retry', async () => {
    const herald = await startHerald({
      env: { HERALD_CONNECT_TIMEOUT_MS: '1000', HERALD_RECONNECT_BASE_MS: '60000' },
    });
    try {
      await logWithin(
        herald,
        /Discord gateway: failed \(Discord gateway: no connection within 1 s\)/,
        LOG_LIMIT_MS,
      );
      await logWithin(herald, /"msg":"source polled"/, LOG_LIMIT_MS);
    } finally {
      await expectCleanStop(herald);
    }
  });

  it('stops on SIGTERM during a cycle (a feed that never answers) while logging in', async () => {
    const feed = await startSilentServer();
    const herald = await startHerald({ feedUrl: feed.url('http', '/feed.xml') });
    try {
      await within(LOG_LIMIT_MS, 'the feed poll to reach its server', feed.waitForConnections(1), () =>
        tailOf(herald),
      );
    } finally {
      await expectCleanStop(herald);
      await feed.close();
    }
    expect(herald.stderr).not.toMatch(/"source":"feed:stalled".*"msg":"source polled"/);
  });
});

describe('herald run with DISCORD_SHARDS when the gateway never answers', () => {
  it("stops on SIGTERM during the shards' login, shard processes included", async () => {
    discord.redirectGateway(silent.url('ws', '/gateway'));
    const herald = await startHerald({ env: { DISCORD_SHARDS: '2' } });
    try {
      await logWithin(herald, /"shard":0,"msg":"Discord shard started"/, LOG_LIMIT_MS);
      await logWithin(herald, /"shards":"0".*"msg":"Discord gateway \(shards 0\): connecting"/, LOG_LIMIT_MS);
    } finally {
      discord.redirectGateway(undefined);
      const exit = await stopWithin(herald, 'SIGTERM', STOP_LIMIT_MS);
      expect(exit, tailOf(herald)).toMatchObject({ code: 0, signal: null });
      expect(herald.stderr).not.toContain('exiting anyway');
    }
    expect(herald.stderr).toMatch(/"msg":"Discord gateway \(shards 0\): stopped"/);
    const pids = [...herald.stderr.matchAll(/"pid":(\d+),"shard":\d+,"msg":"Discord shard started"/g)].map(
      (match) => Number(match[1]),
    );
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(() => process.kill(pid, 0), `shard process ${pid}`).toThrow(/ESRCH/);
  });
});

describe('herald run when the Discord gateway goes down after the login', () => {
  it('stops on SIGTERM while @discordjs/ws reconnects', async () => {
    const herald = await startHerald();
    try {
      await logWithin(herald, /"msg":"Discord gateway: connected"/, LOG_LIMIT_MS);
      discord.dropGateway();
      await logWithin(
        herald,
        /"msg":"Discord gateway: connection lost \(the gateway connection dropped\); reconnecting"/,
        LOG_LIMIT_MS,
      );
    } finally {
      await expectCleanStop(herald);
      discord.restoreGateway();
    }
  });

  it('starts afresh when the reconnection takes too long, and answers again once the gateway is back', async () => {
    const herald = await startHerald({ env: FAST_RETRIES });
    try {
      await logWithin(herald, /"msg":"Discord gateway: connected"/, LOG_LIMIT_MS);
      discord.dropGateway();
      await logWithin(
        herald,
        /"msg":"Discord gateway: failed \(Discord gateway: no connection within 1 s\)/,
        LOG_LIMIT_MS,
      );
      const connected = (herald.stderr.match(/"msg":"Discord gateway: connected"/g) ?? []).length;
      discord.restoreGateway();
      await within(
        LOG_LIMIT_MS,
        'a second "connected"',
        herald.waitFor(new RegExp(`("msg":"Discord gateway: connected"[^]*){${connected + 1}}`)),
        () => tailOf(herald),
      );
      await logWithin(herald, /"msg":"source polled"/, LOG_LIMIT_MS);
      const answer = await within(
        LOG_LIMIT_MS,
        'the answer to /papers',
        discord.sendCommand('papers', [{ type: 3, name: 'query', value: 'diffusion' }]),
        () => tailOf(herald),
      );
      expect(JSON.stringify(answer.answer.body)).toMatch(/results? for \\"diffusion\\"/);
    } finally {
      discord.restoreGateway();
      await expectCleanStop(herald);
    }
  });
});

describe('herald run when the Discord gateway comes back', () => {
  it('brings the slash commands up without a restart, and /status says so', async () => {
    discord.redirectGateway(refused);
    const herald = await startHerald({
      env: {
        HERALD_CONNECT_TIMEOUT_MS: '1000',
        HERALD_RECONNECT_BASE_MS: '200',
        HERALD_RECONNECT_MAX_MS: '500',
      },
    });
    try {
      await logWithin(herald, /"msg":"Discord gateway: failed/, LOG_LIMIT_MS);
      const during = await status();
      expect(during.stdout).toMatch(/chat: Discord gateway (failed|connecting)/);
      expect(during.stdout).toMatch(/\d+\. Discord gateway\n {3}State: (failed|connecting) since/);

      discord.redirectGateway(undefined);
      await within(LOG_LIMIT_MS, 'a gateway login', discord.gatewayReady, () => tailOf(herald));
      await logWithin(herald, /"msg":"Discord gateway: connected"/, LOG_LIMIT_MS);
      await logWithin(herald, /"msg":"source polled"/, LOG_LIMIT_MS);
      const answer = await within(
        LOG_LIMIT_MS,
        'the answer to /papers',
        discord.sendCommand('papers', [{ type: 3, name: 'query', value: 'diffusion' }]),
        () => tailOf(herald),
      );
      expect(JSON.stringify(answer.answer.body)).toMatch(/results? for \\"diffusion\\"/);
      const after = await status();
      expect(after.stdout).toMatch(/\d+\. Discord gateway\n {3}State: connected since/);
    } finally {
      discord.redirectGateway(undefined);
      await expectCleanStop(herald);
    }
  });
});
