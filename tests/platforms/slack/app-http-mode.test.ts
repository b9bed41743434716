import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { type SlackAppHandle, startSlackApp } from '../../../src/platforms/slack/app.js';
import { SlackSetupError } from '../../../src/platforms/slack/errors.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { FAST_RETRY, StubCommandService, slackSignature } from './support.js';

const SECRET = 'test-signing-secret';

let fake: FakeSlack;
let service: StubCommandService;
let app: SlackAppHandle;

beforeEach(async () => {
  fake = await FakeSlack.start();
  service = new StubCommandService();
  app = await startSlackApp({
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    apiUrl: fake.apiUrl,
    admins: [],
    commands: service,
    logger: silentLogger,
    retryConfig: FAST_RETRY,
  });
});

afterEach(async () => {
  await app.close();
  await fake.close();
});

function slashCommandBody(text: string): string {
  return new URLSearchParams(fake.slashCommand('/papers', text)).toString();
}

/** POSTs to the app's events endpoint with the given headers added. */
async function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`http://127.0.0.1:${app.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

const now = () => Math.floor(Date.now() / 1000);

describe('startSlackApp in HTTP mode', () => {
  it('answers a signed /papers diffusion', async () => {
    expect(app.mode).toBe('http');
    const body = slashCommandBody('diffusion');
    const response = await post(body, slackSignature(SECRET, body, now()));
    expect(response.status).toBe(200);
    const [answer] = await fake.waitForResponses(1);
    expect(service.calls.map((call) => call.request)).toEqual([{ name: 'papers', query: 'diffusion' }]);
    expect(answer).toMatchObject({ response_type: 'in_channel' });
    expect(JSON.stringify(answer!.blocks)).toContain('how *diffusion* models learn');
    expect(fake.socketConnections).toBe(0);
  });

  it('refuses a bad signature, a stale timestamp and a missing signature with 401', async () => {
    const body = slashCommandBody('diffusion');
    const wrongSecret = await post(body, slackSignature('not-the-secret', body, now()));
    const stale = await post(body, slackSignature(SECRET, body, now() - 6 * 60));
    const unsigned = await post(body, {});
    const tampered = await post(slashCommandBody('other'), slackSignature(SECRET, body, now()));
    expect([wrongSecret.status, stale.status, unsigned.status, tampered.status]).toEqual([
      401, 401, 401, 401,
    ]);
    expect(service.calls).toEqual([]);
    // A signed request after them is the first and only one the service sees.
    await post(body, slackSignature(SECRET, body, now()));
    await fake.waitForResponses(1);
    expect(service.calls.map((call) => call.request)).toEqual([{ name: 'papers', query: 'diffusion' }]);
    expect(fake.responses).toHaveLength(1);
  });
});

describe('startSlackApp configuration', () => {
  it('needs a signing secret in HTTP mode', async () => {
    const starting = startSlackApp({
      botToken: 'xoxb-test',
      port: 0,
      apiUrl: fake.apiUrl,
      admins: [],
      commands: service,
      logger: silentLogger,
    });
    await expect(starting).rejects.toBeInstanceOf(SlackSetupError);
    await expect(starting).rejects.toMatchObject({ code: 'SLACK_SETUP', message: /SLACK_SIGNING_SECRET/ });
  });

  it('fails with a setup error, and leaves no request behind, when Slack does not answer the token check', async () => {
    const closed = await FakeSlack.start();
    const apiUrl = closed.apiUrl;
    await closed.close();
    const starting = startSlackApp({
      botToken: 'xoxb-test',
      signingSecret: SECRET,
      port: 0,
      host: '127.0.0.1',
      apiUrl,
      admins: [],
      commands: service,
      logger: silentLogger,
      retryConfig: FAST_RETRY,
    });
    await expect(starting).rejects.toMatchObject({ code: 'SLACK_SETUP', message: /auth\.test/ });
  });
});
