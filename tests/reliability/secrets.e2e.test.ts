/**
 * Secrets never appear in logs: chat tokens from the environment and credentials in feed URLs,
 * even when every request fails and everything is logged (LOG_LEVEL=debug).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789';
const SLACK_BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_SIGNING_SECRET = 'signing-secret-value-1234567890';
const FEED_PASSWORD = 'feed-password-4321';

let server: FixtureServer;
let workspace: Workspace;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(seedPapers()) });
  server.route('/private.xml', { status: 401, body: 'who are you' });
  // Both platforms refuse the token: permanent failures, logged with everything around them.
  const slackRefusal = {
    body: JSON.stringify({ ok: false, error: 'invalid_auth' }),
    contentType: 'application/json',
  };
  for (const method of ['conversations.history', 'chat.postMessage'])
    server.route(`/slack/api/${method}`, slackRefusal);
  server.route('/discord/api/v10/channels/123456789012345678', {
    status: 401,
    body: JSON.stringify({ message: '401: Unauthorized', code: 0 }),
    contentType: 'application/json',
  });
  workspace = await createWorkspace();
  const feedUrl = server.url('/private.xml').replace('http://', `http://reader:${FEED_PASSWORD}@`);
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
backfill: 1
delivery: { retryBaseMs: 10 }
fetch: { allowPrivateAddresses: true }
people: [{ id: favero, name: Alessandro Favero }]
feeds: [{ id: private, url: "${feedUrl}", kind: paper }]
channels:
  - { id: d, platform: discord, target: "123456789012345678" }
  - { id: s, platform: slack, target: C0123456789 }
`);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('secrets', () => {
  it('appear in no log line, whatever fails', async () => {
    const result = await runCli(['run', '--once', '--config', workspace.configPath], {
      ARXIV_API_URL: server.url('/api/query'),
      ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
      DATA_DIR: workspace.dataDir,
      DISCORD_TOKEN,
      DISCORD_API_URL: server.url('/discord/api'),
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: server.url('/slack/api/'),
      LOG_LEVEL: 'debug',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('feed:private');
    expect(result.stderr).toContain('401');
    // The announcement's posts failed on both platforms, and were logged.
    // The tokens were really used (so a careless log line would have had them).
    expect(server.requests.find((r) => r.path.startsWith('/discord/'))!.headers.authorization).toBe(
      `Bot ${DISCORD_TOKEN}`,
    );
    expect(server.requests.some((r) => r.path.startsWith('/slack/api/'))).toBe(true);
    expect(result.stderr).toContain('delivery held');
    const output = result.stdout + result.stderr;
    for (const secret of [DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, FEED_PASSWORD]) {
      expect(output).not.toContain(secret);
    }
    // The feed was fetched with its credentials all the same.
    expect(server.requestsTo('/private.xml')[0]!.headers.authorization).toMatch(/^Basic /);
  });
});
