/**
 * `herald test-post <channel>` as an admin runs it, against the loopback Discord and Slack: it
 * posts a test announcement through the same posters (head, thread, a reply, a reply with a
 * file), deletes nothing, exits 0; when the platform refuses it exits 1 and names what the bot
 * lacks: the Discord permission of the request that was refused, the Slack scope or invitation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { discordError } from '../fakes/discord/fake-rest-routes.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { runCli } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const SLACK_CHANNEL = 'C0TESTPOST';
let discord: FakeDiscord;
let slack: FakeSlack;
let workspace: Workspace;

beforeAll(async () => {
  [discord, slack, workspace] = await Promise.all([
    FakeDiscord.start(),
    FakeSlack.start(),
    createWorkspace(),
  ]);
  await workspace.writeConfig(`
channels:
  - { id: lab-discord, platform: discord, target: "${discord.textChannelId}" }
  - { id: lab-forum, platform: discord, target: "${discord.forumChannelId}" }
  - { id: gone, platform: discord, target: "123456789012345678" }
  - { id: lab-slack, platform: slack, target: ${SLACK_CHANNEL} }
  - { id: lab-console, platform: console, target: stdout }
`);
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), workspace?.remove()]);
});

beforeEach(() => {
  discord.setChaos(undefined);
  discord.state.noAttachFiles.clear();
});

const testPost = (channel: string, env: Record<string, string> = {}) =>
  runCli(['test-post', channel, '--config', workspace.configPath], {
    DATA_DIR: workspace.dataDir,
    DISCORD_TOKEN: 'test-post',
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-test-post',
    SLACK_API_URL: slack.apiUrl,
    ...env,
  });

/** Refuses the requests `matches` picks, before Discord acts on them. */
function refuse(matches: (method: string, path: string) => boolean, code: 50001 | 50013): void {
  const [status, message] = code === 50001 ? [403, 'Missing Access'] : [403, 'Missing Permissions'];
  discord.setChaos((request) =>
    matches(request.method, request.path)
      ? { when: 'before', response: discordError(status, code, message) }
      : undefined,
  );
}

describe('herald test-post to Discord', () => {
  it('posts a head, its thread, a reply and a file, deletes nothing, and gives the message link', async () => {
    const result = await testPost('lab-discord');
    expect(result.code, result.stderr).toBe(0);
    const head = discord.state
      .messagesIn(discord.textChannelId)
      .find((message: Json) => message.embeds?.[0]?.title === 'paper-herald test post');
    expect(head).toBeDefined();
    const thread = discord.state.messagesIn(head.id);
    expect(
      thread.flatMap((message: Json) => message.attachments ?? []).map((file: Json) => file.filename),
    ).toEqual(['talk.ics']);
    expect(result.stdout).toContain(
      `https://discord.com/channels/${discord.state.guildId}/${discord.textChannelId}/${head.id}`,
    );
    expect(discord.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  it('posts a forum post to a forum channel', async () => {
    const result = await testPost('lab-forum');
    expect(result.code, result.stderr).toBe(0);
    expect(discord.requestsTo('POST', `/channels/${discord.forumChannelId}/threads`)).toHaveLength(1);
  });

  it.each([
    [
      'reading the channel: View Channel',
      (method: string, path: string) => method === 'GET' && path === `/channels/${discord.textChannelId}`,
      50001 as const,
      'the View Channel permission in this channel',
    ],
    [
      'posting in it: Send Messages and Embed Links',
      (method: string, path: string) =>
        method === 'POST' && path === `/channels/${discord.textChannelId}/messages`,
      50013 as const,
      'the Send Messages and Embed Links permissions',
    ],
    [
      'starting the thread: Create Public Threads',
      (method: string, path: string) => method === 'POST' && /\/messages\/\d+\/threads$/.test(path),
      50013 as const,
      'the Create Public Threads permission',
    ],
    [
      'replying in the thread: Send Messages in Threads',
      (method: string, path: string) =>
        method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(path) &&
        !path.includes(discord.textChannelId),
      50013 as const,
      'the Send Messages in Threads permission',
    ],
  ])('a refusal when %s', async (_what, matches, code, missing) => {
    refuse(matches, code);
    const result = await testPost('lab-discord');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Discord refused (403, code ${code})`);
    expect(result.stderr).toContain(`The bot needs ${missing}.`);
  });

  it('a reply with a file refused: Attach Files', async () => {
    discord.state.noAttachFiles.add(discord.textChannelId);
    const result = await testPost('lab-discord');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The bot needs the Attach Files permission.');
  });

  it('a channel id Discord does not know', async () => {
    const result = await testPost('gone');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The bot needs a channel it can find: .*Copy Channel ID/);
  });
});

describe('herald test-post to Slack', () => {
  it('posts the head and its replies in the thread', async () => {
    const result = await testPost('lab-slack');
    expect(result.code, result.stderr).toBe(0);
    const posted = slack.messagesIn(SLACK_CHANNEL);
    expect(posted.length).toBe(3);
    expect(result.stdout).toContain(`message ${posted[0]!.ts} in ${SLACK_CHANNEL}`);
  });

  it('not in the channel: invite it or add chat:write.public', async () => {
    slack.fail('chat.postMessage', { error: 'not_in_channel' }, [slack.callCount('chat.postMessage') + 1]);
    const result = await testPost('lab-slack');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not_in_channel');
    expect(result.stderr).toMatch(/The bot needs to be in the channel: invite it .*chat:write\.public/);
  });

  it('a missing scope: the one Slack names', async () => {
    slack.fail('chat.postMessage', { error: 'missing_scope', needed: 'chat:write', provided: 'commands' }, [
      slack.callCount('chat.postMessage') + 1,
    ]);
    const result = await testPost('lab-slack');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The bot needs the chat:write scope (the token has commands)');
  });
});

describe('herald test-post, nothing to post with', () => {
  it('prints to the console for a console channel', async () => {
    const result = await testPost('lab-console');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('paper-herald test post');
  });

  it('exits 1 for a channel not in the config, or whose platform has no token', async () => {
    const unknown = await testPost('nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'no channel has the id "nope" (known: lab-discord, lab-forum, gone, lab-slack, lab-console)',
    );
    const noToken = await testPost('lab-discord', { DISCORD_TOKEN: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('DISCORD_TOKEN is not set: nothing was posted to lab-discord');
  });
});
