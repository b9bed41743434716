/**
 * `herald run` in Slack Socket Mode while the Socket Mode endpoint never answers (the Web API
 * works, so announcements can go out): announcements start at once; SIGTERM ends the process with
 * exit 0 within 10 s during the connection attempt, after it gave up, and during a cycle; an
 * endpoint that comes back brings the slash commands up without a restart. The real Bolt, as a
 * child process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { logWithin, stopWithin, tailOf, within } from '../../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../../support/fixture-server.js';
import { HeraldProcess } from '../../support/herald-process.js';
import { writeRunConfig } from '../../support/run-config.js';
import { arxivAtom, seedPapers } from '../../support/seed-corpus.js';
import { type SilentServer, startSilentServer } from '../../support/unreachable.js';
import { createWorkspace, type Workspace } from '../../support/workspace.js';

const STOP_LIMIT_MS = 10_000;
/** Far below the production connection timeout (60 s). */
const ANNOUNCE_LIMIT_MS = 25_000;
const LOG_LIMIT_MS = 20_000;
const FAST_RETRIES = {
  HERALD_CONNECT_TIMEOUT_MS: '1000',
  HERALD_RECONNECT_BASE_MS: '200',
  HERALD_RECONNECT_MAX_MS: '500',
};

let slack: FakeSlack;
let arxiv: FixtureServer;
let silent: SilentServer;
let workspace: Workspace;
let runs = 0;

beforeAll(async () => {
  slack = await FakeSlack.start();
  arxiv = await startFixtureServer();
  arxiv.route('/api/query', { body: arxivAtom(seedPapers()) });
  silent = await startSilentServer();
  slack.redirectSocket(silent.url('ws', '/socket'));
  workspace = await createWorkspace();
});

afterAll(async () => {
  await slack.close();
  await arxiv.close();
  await silent.close();
  await workspace.remove();
});

/** A fresh config, data directory and channel per run, so each first cycle announces again. */
async function startHerald(options: { feedUrl?: string; env?: Record<string, string> } = {}) {
  runs += 1;
  const channel = `C_RUN${runs}`;
  const config = `${workspace.dir}/herald-${runs}.yaml`;
  await writeRunConfig(config, {
    channel: `{ id: lab, platform: slack, target: ${channel}, kinds: [paper] }`,
    feedUrl: options.feedUrl,
  });
  const herald = new HeraldProcess(['run', '--config', config], {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: `${workspace.dir}/data-${runs}`,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_APP_TOKEN: 'xapp-e2e',
    SLACK_API_URL: slack.apiUrl,
    ...options.env,
  });
  return { herald, channel };
}

async function expectCleanStop(herald: HeraldProcess): Promise<void> {
  const exit = await stopWithin(herald, 'SIGTERM', STOP_LIMIT_MS);
  expect(exit, tailOf(herald)).toMatchObject({ code: 0, signal: null });
  expect(herald.stderr).toMatch(/"msg":"Slack Socket Mode: stopped"/);
  expect(herald.stderr).not.toContain('exiting anyway');
}

describe('herald run when the Slack Socket Mode endpoint never answers', () => {
  it('announces at once, and stops on SIGTERM during the connection attempt', async () => {
    const { herald, channel } = await startHerald();
    try {
      await within(
        ANNOUNCE_LIMIT_MS,
        'the first announcement through the Web API',
        slack.waitForMessages(channel, 1),
        () => tailOf(herald),
      );
      await logWithin(herald, /"msg":"Slack Socket Mode: connecting"/, LOG_LIMIT_MS);
      expect(herald.stderr).not.toMatch(/Slack Socket Mode: (connected|failed)/);
    } finally {
      await expectCleanStop(herald);
    }
  });

  it('stops on SIGTERM after the attempt gave up, while waiting to retry', async () => {
    const { herald, channel } = await startHerald({
      env: { HERALD_CONNECT_TIMEOUT_MS: '1000', HERALD_RECONNECT_BASE_MS: '60000' },
    });
    try {
      await logWithin(
        herald,
        /Slack Socket Mode: failed \(Slack Socket Mode: no connection within 1 s\)/,
        LOG_LIMIT_MS,
      );
      await within(ANNOUNCE_LIMIT_MS, 'the first announcement', slack.waitForMessages(channel, 1), () =>
        tailOf(herald),
      );
    } finally {
      await expectCleanStop(herald);
    }
  });

  it('stops on SIGTERM during a cycle (a feed that never answers)', async () => {
    const feed = await startSilentServer();
    const { herald } = await startHerald({ feedUrl: feed.url('http', '/feed.xml'), env: FAST_RETRIES });
    try {
      await within(LOG_LIMIT_MS, 'the feed poll to reach its server', feed.waitForConnections(1), () =>
        tailOf(herald),
      );
    } finally {
      await expectCleanStop(herald);
      await feed.close();
    }
  });

  it('answers slash commands once the endpoint comes back, without a restart', async () => {
    const { herald } = await startHerald({ env: FAST_RETRIES });
    try {
      await logWithin(herald, /"msg":"Slack Socket Mode: failed/, LOG_LIMIT_MS);
      const sockets = slack.socketConnections;
      slack.redirectSocket(undefined);
      await logWithin(herald, /"msg":"Slack Socket Mode: connected"/, LOG_LIMIT_MS);
      await logWithin(herald, /"msg":"source polled"/, LOG_LIMIT_MS);
      expect(slack.socketConnections).toBe(sockets + 1);
      const answered = slack.waitForResponses(slack.responses.length + 1);
      await within(
        LOG_LIMIT_MS,
        'the ack of /papers',
        slack.sendSlashCommand(slack.slashCommand('/papers', 'diffusion')),
        () => tailOf(herald),
      );
      const answer = (await within(LOG_LIMIT_MS, 'the answer to /papers', answered, () => tailOf(herald))).at(
        -1,
      );
      expect(JSON.stringify(answer)).toContain('results for');
    } finally {
      slack.redirectSocket(silent.url('ws', '/socket'));
      await expectCleanStop(herald);
    }
  });
});
