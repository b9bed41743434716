import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { type SlackAppHandle, startSlackApp } from '../../../src/platforms/slack/app.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { FAST_RETRY, StubCommandService } from './support.js';

let fake: FakeSlack;
let service: StubCommandService;
let app: SlackAppHandle;

beforeEach(async () => {
  fake = await FakeSlack.start();
  service = new StubCommandService();
  app = await startSlackApp({
    botToken: 'xoxb-test',
    appToken: 'xapp-test',
    port: 0,
    apiUrl: fake.apiUrl,
    admins: ['U_CONFIG_ADMIN'],
    commands: service,
    logger: silentLogger,
    retryConfig: FAST_RETRY,
  });
});

afterEach(async () => {
  await app.close();
  await fake.close();
});

/** Sends a slash command over the socket; resolves with the ack payload and the respond() body. */
async function run(command: string, text: string, userId?: string) {
  const ack = await fake.sendSlashCommand(fake.slashCommand(command, text, userId));
  const responses = await fake.waitForResponses(fake.responses.length + 1);
  return { ack, response: responses.at(-1)! };
}

describe('startSlackApp in Socket Mode', () => {
  it('connects over the socket and answers /papers diffusion through the command service', async () => {
    expect(app.mode).toBe('socket');
    expect(fake.socketConnections).toBe(1);
    const { ack, response } = await run('/papers', 'diffusion');

    expect(ack).toEqual({});
    expect(service.calls).toEqual([
      {
        request: { name: 'papers', query: 'diffusion' },
        caller: {
          platform: 'slack',
          userId: 'U_MEMBER',
          displayName: 'name-of-U_MEMBER',
          isAdmin: false,
          channelId: 'C_COMMANDS',
        },
      },
    ]);
    expect(response).toMatchObject({ response_type: 'in_channel', replace_original: false });
    const blocks = JSON.stringify(response.blocks);
    expect(blocks).toContain('*<https://arxiv.org/abs/2505.00002|Diffusion &lt;!channel&gt; models>*');
    expect(blocks).toContain('*Alessandro Favero*');
    expect(blocks).toContain('how *diffusion* models learn');
    expect(blocks).toContain('"type":"context"');
    expect(blocks).not.toContain('<!channel>');
    // Not an admin command: nobody asked Slack who is an admin.
    expect(fake.callCount('users.info')).toBe(0);
  });

  it('acknowledges before the command service has answered', async () => {
    const release = service.hold();
    const ack = await fake.sendSlashCommand(fake.slashCommand('/papers', 'slow query'));
    expect(ack).toEqual({});
    expect(fake.responses).toEqual([]);
    release();
    const [response] = await fake.waitForResponses(1);
    expect(String(response!.text)).toContain('slow query');
  });

  it('passes isAdmin false for a member running /watch add, and the refusal is ephemeral', async () => {
    const { response } = await run('/watch', 'add Alessandro Favero favero_a_1');
    expect(service.calls[0]).toMatchObject({
      request: { name: 'watch', action: 'add', personName: 'Alessandro Favero', arxivAuthorId: 'favero_a_1' },
      caller: { isAdmin: false },
    });
    expect(response).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only admins can change who is watched.',
    });
    expect(fake.requestsTo('users.info')[0]!.body).toMatchObject({ user: 'U_MEMBER' });
  });

  it('treats users in slack.admins as admins without asking Slack', async () => {
    await run('/watch', 'list', 'U_CONFIG_ADMIN');
    expect(service.calls[0]!.caller.isAdmin).toBe(true);
    expect(fake.callCount('users.info')).toBe(0);
  });

  it('treats workspace admins and owners (users.info) as admins, asking once', async () => {
    fake.users.set('U_WORKSPACE_ADMIN', { is_admin: true });
    fake.users.set('U_OWNER', { is_owner: true });
    await run('/feed', 'list', 'U_WORKSPACE_ADMIN');
    await run('/status', '', 'U_WORKSPACE_ADMIN');
    await run('/status', '', 'U_OWNER');
    expect(service.calls.map((call) => call.caller.isAdmin)).toEqual([true, true, true]);
    expect(fake.requestsTo('users.info').map((r) => r.body.user)).toEqual(['U_WORKSPACE_ADMIN', 'U_OWNER']);
  });

  it('refuses admin rights when users.info fails', async () => {
    fake.fail('users.info', { error: 'user_not_found' }, 'always');
    await run('/status', '', 'U_UNKNOWN');
    expect(service.calls[0]!.caller.isAdmin).toBe(false);
  });

  it('answers a syntax error with an ephemeral usage message, without calling the service', async () => {
    const { response } = await run('/feed', 'pause seminars');
    expect(service.calls).toEqual([]);
    expect(response).toMatchObject({ response_type: 'ephemeral' });
    expect(String(response.text)).toContain('unknown subcommand');
    expect(String(response.text)).toContain('Usage: /feed add');
  });
});
