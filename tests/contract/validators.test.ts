/**
 * The contract checks themselves: they accept well-formed requests and reject each broken limit,
 * undocumented field, route, argument and encoding, so the capture tests can fail. Also: the
 * reduced specs are exactly what reduce-specs.ts makes of themselves, and every override still
 * applies to them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDiscordContract } from './discord-contract.js';
import type { CapturedRequest } from './recording.js';
import { REDUCED, reduceDiscord, reduceSlack } from './reduce-specs.js';
import { createSlackContract } from './slack-contract.js';
import { applyOverrides, DISCORD_OVERRIDES, SLACK_OVERRIDES, StaleOverrideError } from './spec-overrides.js';
import { DISCORD_OPERATIONS, SLACK_METHODS } from './used-operations.js';

type Json = Record<string, unknown>;

const discord = createDiscordContract();
const slack = createSlackContract();
const BOT = { authorization: 'Bot test-token' };
const CHANNEL = '/api/v10/channels/900000000000001001';

function captured(method: string, path: string, body: Buffer, headers: Json): CapturedRequest {
  return {
    method,
    url: new URL(path, 'http://127.0.0.1'),
    headers: headers as CapturedRequest['headers'],
    body,
  };
}

function json(method: string, path: string, body: unknown, headers: Json = BOT): CapturedRequest {
  const raw = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  return captured(method, path, raw, {
    ...headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  });
}

/** A multipart body as undici's FormData serialises it. */
async function multipart(path: string, parts: [string, string | File][]): Promise<CapturedRequest> {
  const form = new FormData();
  for (const [name, value] of parts) form.append(name, value);
  const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  const body = Buffer.from(await request.arrayBuffer());
  return captured('POST', path, body, { ...BOT, 'content-type': request.headers.get('content-type') });
}

const message = (extra: Json = {}) => ({
  content: 'New paper by **Alessandro Favero**',
  embeds: [
    {
      title: 'Learn from your own latents',
      url: 'https://arxiv.org/abs/2605.27734',
      description: 'Daniel J. Korchinski, **Alessandro Favero**, Matthieu Wyart',
      color: 0x3b82f6,
      fields: [{ name: 'Published', value: '2026-05-26', inline: true }],
      footer: { text: 'arXiv' },
    },
  ],
  allowed_mentions: { parse: [] },
  nonce: 'abcdefghijklmnopqrstuvwxy',
  enforce_nonce: true,
  ...extra,
});

const field = (name: string, value: string) => ({ name, value });

async function discordProblems(request: CapturedRequest): Promise<string> {
  return (await discord.check(request)).join('\n');
}

describe('the Discord contract', () => {
  it('accepts a well-formed head, thread, forum post, command registration and interaction answer', async () => {
    const requests = [
      json('POST', `${CHANNEL}/messages`, message()),
      json('POST', `${CHANNEL}/messages/900000000000001002/threads`, { name: 'Learn from your own latents' }),
      json('POST', `${CHANNEL}/threads`, {
        name: 'A talk',
        message: { content: 'x', allowed_mentions: { parse: [] } },
      }),
      json('PATCH', `${CHANNEL}/messages/900000000000001002`, { content: 'edited', embeds: [] }),
      json('GET', CHANNEL, undefined),
      json('GET', `${CHANNEL}/messages?limit=100`, undefined),
      json('PUT', '/api/v10/applications/900000000000000001/commands', [
        { name: 'status', description: 'Status', default_member_permissions: '32' },
      ]),
      json(
        'POST',
        '/api/v10/interactions/900000000000001003/token-abc/callback',
        { type: 5, data: { flags: 64 } },
        {},
      ),
      json(
        'PATCH',
        '/api/v10/webhooks/900000000000000001/token-abc/messages/%40original',
        { embeds: [] },
        {},
      ),
      await multipart(`${CHANNEL}/messages`, [
        ['payload_json', JSON.stringify(message())],
        ['files[0]', new File(['BEGIN:VCALENDAR'], 'talk.ics', { type: 'text/calendar' })],
      ]),
    ];
    for (const request of requests) expect(await discordProblems(request)).toBe('');
  });

  it.each([
    [
      'content of 2,001 characters',
      message({ content: 'x'.repeat(2001) }),
      /content: must NOT have more than 2000/,
    ],
    [
      '26 embed fields',
      message({ embeds: [{ fields: Array(26).fill(field('a', 'b')) }] }),
      /fields: must NOT have more than 25/,
    ],
    [
      'a title of 257 characters',
      message({ embeds: [{ title: 't'.repeat(257) }] }),
      /title: must NOT have more than 256/,
    ],
    [
      'a description of 4,097',
      message({ embeds: [{ description: 'd'.repeat(4097) }] }),
      /description: must NOT have more than 4096/,
    ],
    [
      'a field value of 1,025',
      message({ embeds: [{ fields: [field('a', 'v'.repeat(1025))] }] }),
      /value: must NOT have more than 1024/,
    ],
    [
      '6,001 characters of embed text',
      message({ embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] }),
      /embeds hold 6001 characters of text, more than 6000/,
    ],
    ['a nonce of 26 characters', message({ nonce: 'n'.repeat(26) }), /nonce: must NOT have more than 25/],
    ['11 embeds', message({ embeds: Array(11).fill({ title: 'x' }) }), /embeds: must NOT have more than 10/],
    [
      'a field Discord does not know',
      message({ allowedMentions: { parse: [] } }),
      /unevaluated properties.*allowedMentions/,
    ],
    ['a colour beyond 0xffffff', message({ embeds: [{ color: 0x1000000 }] }), /color: must be <= 16777215/],
  ])('rejects a message with %s', async (_, body, expected) => {
    expect(await discordProblems(json('POST', `${CHANNEL}/messages`, body))).toMatch(expected);
  });

  it('rejects an empty message: no content (or only white space), embed or file', async () => {
    const empty = /an empty message/;
    expect(
      await discordProblems(json('POST', `${CHANNEL}/messages`, { content: ' \n ', embeds: [] })),
    ).toMatch(empty);
    expect(
      await discordProblems(json('POST', `${CHANNEL}/threads`, { name: 'n', message: { content: '' } })),
    ).toMatch(empty);
    const withFile = await multipart(`${CHANNEL}/messages`, [
      ['payload_json', JSON.stringify({ content: '' })],
      ['files[0]', new File(['x'], 'talk.ics')],
    ]);
    expect(await discordProblems(withFile)).toBe('');
  });

  it('rejects thread names of 0 and 101 characters, in a channel and in a forum', async () => {
    for (const name of ['', 'n'.repeat(101)]) {
      const thread = json('POST', `${CHANNEL}/messages/900000000000001002/threads`, { name });
      expect(await discordProblems(thread)).toMatch(/name: must NOT have (fewer than 1|more than 100)/);
      const forum = json('POST', `${CHANNEL}/threads`, { name, message: { content: 'x' } });
      expect(await discordProblems(forum)).toMatch(/name: must NOT have (fewer than 1|more than 100)/);
    }
  });

  it('rejects an undocumented route or method, a bad id, an undocumented query and a missing token', async () => {
    expect(await discordProblems(json('POST', `${CHANNEL}/pins`, {}))).toMatch(/no such operation/);
    expect(await discordProblems(json('DELETE', `${CHANNEL}/messages`, undefined))).toMatch(
      /no such operation/,
    );
    expect(await discordProblems(json('POST', '/api/v9/channels/1/messages', message()))).toMatch(
      /not under \/api\/v10/,
    );
    expect(await discordProblems(json('GET', '/api/v10/channels/general', undefined))).toMatch(
      /channel_id: must match pattern/,
    );
    expect(await discordProblems(json('GET', `${CHANNEL}/messages?limit=101`, undefined))).toMatch(
      /limit: must be <= 100/,
    );
    expect(await discordProblems(json('GET', `${CHANNEL}/messages?count=5`, undefined))).toMatch(
      /count is not documented/,
    );
    expect(await discordProblems(json('POST', `${CHANNEL}/messages`, message(), {}))).toMatch(
      /needs "Authorization: Bot/,
    );
  });

  it('rejects a multipart body with a misnamed file, no payload_json, or a payload over a limit', async () => {
    const file = new File(['@article{x}'], 'citation.bib');
    const misnamed = await multipart(`${CHANNEL}/messages`, [
      ['payload_json', JSON.stringify(message())],
      ['file', file],
    ]);
    expect(await discordProblems(misnamed)).toMatch(/file part file is not documented/);
    const bare = await multipart(`${CHANNEL}/messages`, [['files[0]', file]]);
    expect(await discordProblems(bare)).toMatch(/without payload_json/);
    const tooLong = await multipart(`${CHANNEL}/messages`, [
      ['payload_json', JSON.stringify(message({ content: 'x'.repeat(2001) }))],
      ['files[0]', file],
    ]);
    expect(await discordProblems(tooLong)).toMatch(/payload_json \/content: must NOT have more than 2000/);
  });

  it('applies the documented overrides: content 2,000, permissions as a string, files in forum posts', async () => {
    const published = JSON.parse(readFileSync(REDUCED.discord, 'utf8')) as Json;
    const asPublished = createDiscordContract(published);
    const content2001 = json('POST', `${CHANNEL}/messages`, message({ content: 'x'.repeat(2001) }));
    expect(await asPublished.check(content2001)).toEqual([]);
    expect(await discordProblems(content2001)).not.toBe('');

    const commands = (permissions: unknown) =>
      json('PUT', '/api/v10/applications/900000000000000001/commands', [
        { name: 'status', description: 'Status', default_member_permissions: permissions },
      ]);
    expect(await discordProblems(commands('32'))).toBe('');
    expect(await discordProblems(commands(32))).toMatch(/default_member_permissions: must be string/);

    const forumUpload = await multipart(`${CHANNEL}/threads`, [
      ['payload_json', JSON.stringify({ name: 'A talk', message: { content: 'x' } })],
      ['files[0]', new File(['BEGIN:VCALENDAR'], 'talk.ics')],
    ]);
    expect(await discordProblems(forumUpload)).toBe('');
  });
});

function slackCall(method: string, args: Record<string, string>, headers: Json = {}): CapturedRequest {
  return captured('POST', `/api/${method}`, Buffer.from(new URLSearchParams(args).toString()), {
    authorization: 'Bearer xoxb-test',
    'content-type': 'application/x-www-form-urlencoded',
    ...headers,
  });
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const post = (blocks: unknown[], extra: Record<string, string> = {}) =>
  slackCall('chat.postMessage', {
    channel: 'C_PAPERS',
    text: 'New paper',
    blocks: JSON.stringify(blocks),
    ...extra,
  });

describe('the Slack contract', () => {
  it('accepts the calls the bot makes, form-encoded with the token in the header', () => {
    const metadata = JSON.stringify({
      event_type: 'paper_herald_delivery',
      event_payload: { key: 'arxiv:1' },
    });
    const calls = [
      post([section('*Title*'), { type: 'context', elements: [{ type: 'mrkdwn', text: 'Source: arXiv' }] }], {
        unfurl_links: 'false',
        unfurl_media: 'false',
        metadata,
      }),
      slackCall('chat.postMessage', { channel: 'C_PAPERS', text: 'reply', thread_ts: '1700000000.000001' }),
      slackCall('chat.update', { channel: 'C_PAPERS', ts: '1700000000.000001', text: 'x', blocks: '[]' }),
      slackCall('conversations.history', { channel: 'C_PAPERS', limit: '100', include_all_metadata: 'true' }),
      slackCall('conversations.replies', {
        channel: 'C_PAPERS',
        ts: '1700000000.000001',
        include_all_metadata: 'true',
      }),
      slackCall('users.info', { user: 'U1' }),
      slackCall('auth.test', {}),
      slackCall('apps.connections.open', {}, { authorization: 'Bearer xapp-1-test' }),
    ];
    for (const call of calls) expect(slack.check(call)).toEqual([]);
  });

  it.each([
    ['51 blocks', post(Array(51).fill({ type: 'divider' })), /blocks: must NOT have more than 50/],
    ['section text of 3,001', post([section('s'.repeat(3001))]), /text: must NOT have more than 3000/],
    ['empty section text', post([section('')]), /text: must NOT have fewer than 1/],
    [
      'a header of 151',
      post([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]),
      /text: must NOT have more than 150/,
    ],
    [
      'a context of 11 elements',
      post([{ type: 'context', elements: Array(11).fill({ type: 'mrkdwn', text: 'c' }) }]),
      /elements: must NOT have more than 10/,
    ],
    [
      '11 section fields',
      post([{ type: 'section', fields: Array(11).fill({ type: 'mrkdwn', text: 'f' }) }]),
      /fields: must NOT have more than 10/,
    ],
    [
      'an unknown block type',
      post([{ type: 'rich_text', elements: [] }]),
      /tag "type"|must match exactly one/,
    ],
    ['text of 40,001', post([], { text: 't'.repeat(40_001) }), /text: must NOT have more than 40000/],
    [
      'an undocumented argument',
      post([], { unfurl: 'false' }),
      /must NOT have additional properties.*unfurl/,
    ],
    [
      'a boolean written "yes"',
      post([], { unfurl_links: 'yes' }),
      /unfurl_links: must be equal to one of the allowed values/,
    ],
    ['metadata without event_type', post([], { metadata: '{"event_payload":{}}' }), /metadata.*event_type/],
  ])('rejects chat.postMessage with %s', (_, call, expected) => {
    expect(slack.check(call).join('\n')).toMatch(expected);
  });

  it('rejects an unknown method, a missing required argument, no token, and an encoding the method does not take', () => {
    expect(slack.check(slackCall('chat.postMessageX', { channel: 'C' })).join()).toMatch(/not a method/);
    expect(slack.check(slackCall('chat.update', { channel: 'C', text: 'x' })).join()).toMatch(
      /required property 'ts'/,
    );
    expect(
      slack.check(slackCall('chat.postMessage', { channel: 'C' }, { authorization: '' })).join(),
    ).toMatch(/no Slack token/);
    const history = captured('POST', '/api/conversations.history', Buffer.from('{"channel":"C"}'), {
      authorization: 'Bearer xoxb-test',
      'content-type': 'application/json',
    });
    expect(slack.check(history).join()).toMatch(/sent as "application\/json"/);
    expect(
      slack.check(slackCall('chat.postMessage', { channel: 'C', include_all_metadata: 'true' })).join(),
    ).toMatch(/additional properties.*include_all_metadata/);
  });

  it('rejects a message with nothing to show: no text (or only white space), blocks or attachments', () => {
    expect(slack.check(slackCall('chat.postMessage', { channel: 'C', text: ' ' })).join()).toMatch(
      /empty message/,
    );
    expect(
      slack.check(slackCall('chat.postMessage', { channel: 'C', text: '', blocks: '[]' })).join(),
    ).toMatch(/empty message/);
    expect(slack.check(post([section('x')], { text: '' }))).toEqual([]);
  });

  it('checks response_url bodies against the documented fields and Block Kit limits', () => {
    const respond = (body: unknown) =>
      captured('POST', '/response/1', Buffer.from(JSON.stringify(body)), {
        'content-type': 'application/json',
      });
    const good = { response_type: 'ephemeral', replace_original: false, text: 'ok', blocks: [section('ok')] };
    expect(slack.checkResponseUrlBody(respond(good))).toEqual([]);
    expect(
      slack.checkResponseUrlBody(respond({ ...good, blocks: Array(51).fill(section('x')) })).join(),
    ).toMatch(/must NOT have more than 50/);
    expect(slack.checkResponseUrlBody(respond({ ...good, response: 'x' })).join()).toMatch(
      /additional properties/,
    );
    expect(slack.checkResponseUrlBody(respond({ ...good, response_type: 'channel' })).join()).toMatch(
      /allowed values/,
    );
    expect(
      slack.checkResponseUrlBody(respond({ response_type: 'ephemeral', text: '', blocks: [] })).join(),
    ).toMatch(/must match a schema in anyOf/);
  });
});

describe('the reduced specs', () => {
  it('hold exactly the operations the bot uses and every schema they reference', () => {
    const discordSpec = JSON.parse(readFileSync(REDUCED.discord, 'utf8')) as Json;
    const slackSpec = JSON.parse(readFileSync(REDUCED.slack, 'utf8')) as Json;
    const provenance = discordSpec['x-herald-reduced'] as Json;
    expect(reduceDiscord(discordSpec, provenance)).toEqual(discordSpec);
    expect(reduceSlack(slackSpec, slackSpec['x-herald-reduced'] as Json)).toEqual(slackSpec);
    const operations = Object.entries(discordSpec.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual([...DISCORD_OPERATIONS].sort());
    const methods = Object.keys(slackSpec.paths as Json).map((path) => path.slice(1));
    expect([...methods, 'apps.connections.open'].sort()).toEqual([...SLACK_METHODS].sort());
    expect(provenance).toMatchObject({
      commit: '74fda0fad044407ea280043a03ffc9bc64c4e49e',
      license: expect.stringMatching(/^MIT/),
    });
  });

  it('still need every override: applying one to a spec it no longer fits throws', () => {
    const discordSpec = JSON.parse(readFileSync(REDUCED.discord, 'utf8')) as Json;
    const slackSpec = JSON.parse(readFileSync(REDUCED.slack, 'utf8')) as Json;
    const patchedDiscord = applyOverrides(discordSpec, DISCORD_OVERRIDES);
    const patchedSlack = applyOverrides(slackSpec, SLACK_OVERRIDES);
    for (const override of DISCORD_OVERRIDES) {
      expect(() => override.apply(structuredClone(patchedDiscord)), override.id).toThrow(StaleOverrideError);
    }
    for (const override of SLACK_OVERRIDES) {
      expect(() => override.apply(structuredClone(patchedSlack)), override.id).toThrow(StaleOverrideError);
    }
  });
});
