/**
 * End to end with the real Bolt and WebClient: `herald run` as a child process with
 * SLACK_BOT_TOKEN set, against the fake Slack (Web API, Socket Mode) and a loopback arXiv
 * serving the seed corpus; in Socket Mode, in HTTP mode, and `--once`.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../../support/fixture-server.js';
import { HeraldProcess } from '../../support/herald-process.js';
import { runCli } from '../../support/run-cli.js';
import { arxivAtom, seedPapers } from '../../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../../support/workspace.js';
import { slackSignature } from './support.js';

const SECRET = 'e2e-signing-secret';
const papers = seedPapers();
const newest = papers[0]!;

let slack: FakeSlack;
let arxiv: FixtureServer;
let workspace: Workspace;
let base: Record<string, string>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  slack = await FakeSlack.start();
  arxiv = await startFixtureServer();
  arxiv.route('/api/query', { body: arxivAtom(papers) });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 1
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: slack, target: C_LAB, kinds: [paper] }]
slack: { admins: [U0ADMIN] }
`);
  base = {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_API_URL: slack.apiUrl,
  };
});

afterAll(async () => {
  await slack.close();
  await arxiv.close();
  await workspace.remove();
});

function textOf(response: unknown): string {
  return JSON.stringify(response);
}

describe('herald run with SLACK_BOT_TOKEN', () => {
  it('in Socket Mode: announces as blocks with thread replies, answers /papers, refuses a non-admin /watch add', async () => {
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ...base,
      SLACK_APP_TOKEN: 'xapp-e2e',
    });
    try {
      await herald.waitFor(/"msg":"source polled"/);
      await herald.waitFor(/"mode":"socket"/);
      const answered = slack.waitForResponses(1);
      const ack = await slack.sendSlashCommand(slack.slashCommand('/papers', 'diffusion', 'U_MEMBER'));
      expect(ack).toBeDefined();
      const [papersAnswer] = await answered;
      expect(textOf(papersAnswer).toLowerCase()).toContain('diffusion');
      expect(textOf(papersAnswer)).toContain('results for');

      const refusedAnswer = slack.waitForResponses(2);
      await slack.sendSlashCommand(slack.slashCommand('/watch', 'add Marc Mezard', 'U_MEMBER'));
      const refusal = (await refusedAnswer)[1]!;
      expect(refusal.response_type).toBe('ephemeral');
      expect(textOf(refusal)).toMatch(/admin/i);
      const list = await runCli(['watch', 'list', '--config', workspace.configPath], base);
      expect(list.stdout).not.toContain('Mezard');

      // The announcement of the newest seed paper: head with blocks, then three replies in its thread.
      const [head, ...replies] = await slack.waitForMessages('C_LAB', 4);
      expect(head!.text).toContain(newest.title);
      expect(JSON.stringify(head!.blocks)).toContain(newest.title);
      expect(replies.map((reply) => reply.thread_ts)).toEqual([head!.ts, head!.ts, head!.ts]);
      expect(JSON.stringify(replies[2]!.blocks ?? replies[2]!.text)).toContain('@misc');
    } finally {
      herald.signal('SIGTERM');
      expect((await herald.exited).code).toBe(0);
    }
  });

  it('in HTTP mode: answers a signed /papers, refuses a bad signature with 401', async () => {
    const port = await freePort();
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ...base,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(port),
    });
    try {
      await herald.waitFor(/"mode":"http"/);
      const body = new URLSearchParams(
        slack.slashCommand('/papers', 'task arithmetic', 'U_MEMBER'),
      ).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body,
        });
      const before = slack.responses.length;
      expect((await post(slackSignature('not-the-secret', body, timestamp))).status).toBe(401);
      const answered = slack.waitForResponses(before + 1);
      expect((await post(slackSignature(SECRET, body, timestamp))).status).toBe(200);
      const answer = (await answered)[before]!;
      expect(textOf(answer).toLowerCase()).toContain('task arithmetic');
    } finally {
      herald.signal('SIGTERM');
      expect((await herald.exited).code).toBe(0);
    }
  });

  it('`herald run --once` posts through the Web API alone: no socket, no listener', async () => {
    const sockets = slack.socketConnections;
    const port = await freePort();
    const fresh = {
      ...newest,
      arxivId: '2606.00002',
      title: 'Another fresh paper by Alessandro Favero',
      published: '2026-06-03T10:00:00Z',
    };
    arxiv.route('/api/query', { body: arxivAtom([fresh, ...papers]) });
    const result = await runCli(['run', '--once', '--config', workspace.configPath], {
      ...base,
      SLACK_APP_TOKEN: 'xapp-e2e',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(port),
    });
    expect(result.code).toBe(0);
    expect(slack.socketConnections).toBe(sockets);
    expect(slack.messagesIn('C_LAB').some((message) => message.text?.includes('Another fresh paper'))).toBe(
      true,
    );
    await expect(fetch(`http://127.0.0.1:${port}/slack/events`)).rejects.toThrow();
  });
});
