/**
 * Every request the Discord adapter sends, as the real @discordjs/rest puts it on the wire, checked
 * against Discord's published OpenAPI description (discord-contract.ts): announcements, their
 * threads and replies (with .ics and BibTeX uploads), edits and notices in a text channel and in a
 * forum; slash command registration, global and per guild; interaction answers (deferred, edited,
 * replaced by an ephemeral follow-up, autocomplete). The clients talk to a recording proxy in front
 * of the fake Discord.
 */
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryChannel } from '../../src/announce/chat-platform.js';
import type { ChannelConfig } from '../../src/config/schema.js';
import { PAUSED_TEXT } from '../../src/follows/paused-follows.js';
import { silentLogger } from '../../src/log.js';
import { createDiscordPoster, type DiscordBot, startDiscordBot } from '../../src/platforms/discord/index.js';
import { syncSlashCommands } from '../../src/platforms/discord/slash-commands.js';
import { type ServiceFixture, serviceFixture, testConfig } from '../commands/service-fixture.js';
import {
  STATUS_CHANNELS,
  STATUS_DIGEST_AND_FOLLOW_TEXTS,
  seedWaitingForStatus,
} from '../commands/status-fixture.js';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { seedPapers } from '../search/seed-papers.js';
import { calendarTalks, contractCorpus, MARKUP, notices } from './announcement-corpus.js';
import { ADVERSARIAL_QUERIES, ContractCommands } from './contract-commands.js';
import { deliverAll, deliverDigests } from './deliver.js';
import { contractDigests } from './digest-corpus.js';
import { createDiscordContract } from './discord-contract.js';
import { isMultipart, RecordingProxy, within } from './recording.js';

const TOKEN = 'contract-test-token';
const MANAGE_GUILD = (1n << 5n).toString();
const String_ = 3;
const Subcommand = 1;
const contract = createDiscordContract();

let fake: FakeDiscord;
let proxy: RecordingProxy;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  proxy = await RecordingProxy.start(`http://127.0.0.1:${fake.port}`);
});

afterAll(async () => {
  await proxy.close();
  await fake.close();
});

const apiUrl = () => `${proxy.url}/api`;

function channel(target: string): ChannelConfig {
  return { id: `contract-${target}`, platform: 'discord', target, kinds: ['paper', 'talk'], keywords: [] };
}

/** Violations of every request captured since `from`, one line each, with the request's place. */
async function violationsSince(from: number): Promise<string[]> {
  const requests = proxy.requests.slice(from);
  const found = await Promise.all(requests.map((request) => contract.check(request)));
  return found.flatMap((problems, index) => problems.map((problem) => `#${from + index} ${problem}`));
}

function operationsSince(from: number): Set<string> {
  return new Set(proxy.requests.slice(from).map((request) => contract.operationOf(request) ?? 'unknown'));
}

describe('the Discord poster keeps the contract', () => {
  // @discordjs/rest sends at most 50 requests a second: the forum gets a sample of the seeds and talks.
  it.each<[string, () => string, { seeds?: number; perCalendar?: number }]>([
    ['a text channel', () => fake.textChannelId, {}],
    ['a forum channel', () => fake.forumChannelId, { seeds: 3, perCalendar: 1 }],
  ])('in %s: heads, threads, replies, uploads, edits and notices', async (_, targetId, sample) => {
    const from = proxy.requests.length;
    const poster = createDiscordPoster({ token: TOKEN, apiUrl: apiUrl(), logger: silentLogger, retries: 0 });
    const target = channel(targetId());
    try {
      await deliverAll(poster, target, contractCorpus(sample), notices());
    } finally {
      await poster.close();
    }

    expect(await violationsSince(from)).toEqual([]);
    const uploads = proxy.requests.slice(from).filter(isMultipart);
    const operations = operationsSince(from);
    expect(operations).toContain('POST /channels/{channel_id}/messages');
    expect(operations).toContain('PATCH /channels/{channel_id}/messages/{message_id}');
    expect(operations).toContain(
      targetId() === fake.forumChannelId
        ? 'POST /channels/{channel_id}/threads'
        : 'POST /channels/{channel_id}/messages/{message_id}/threads',
    );
    // Every talk's .ics, and the BibTeX of the adversarial paper (too long for a message).
    expect(uploads.length).toBeGreaterThanOrEqual(calendarTalks(sample.perCalendar).length + 2);
    const uploaded = uploads.map((request) => request.body.toString('latin1'));
    expect(uploaded.some((body) => body.includes('filename="talk.ics"'))).toBe(true);
    expect(uploaded.some((body) => body.includes('filename="citation.bib"'))).toBe(true);
  });
});

describe('digests and direct messages keep the contract', () => {
  const poster = () =>
    createDiscordPoster({ token: TOKEN, apiUrl: apiUrl(), logger: silentLogger, retries: 0 });

  it.each<[string, () => string]>([
    ['a text channel', () => fake.textChannelId],
    ['a forum channel', () => fake.forumChannelId],
  ])('a long digest in %s, split over replies, and an empty one', async (_, targetId) => {
    const from = proxy.requests.length;
    const discordPoster = poster();
    const target = channel(targetId());
    const digests = contractDigests(target.id);
    try {
      await deliverDigests(discordPoster, target, digests);
    } finally {
      await discordPoster.close();
    }
    expect(await violationsSince(from)).toEqual([]);
    // Split: a reply per paper, the talks over several lists.
    const talkLists = digests[0]!.replies.filter(
      (reply) => reply.kind === 'digest' && reply.section === 'talks',
    );
    expect(talkLists.length).toBeGreaterThan(1);
  });

  it("in a member's direct messages: the DM opened, announcements, a digest, lookups; the member told in a channel", async () => {
    const from = proxy.requests.length;
    const discordPoster = poster();
    const member = '900000000000000777';
    const dm: DeliveryChannel = {
      ...channel(member),
      id: `dm:discord:${member}`,
      direct: { userId: member },
    };
    try {
      await deliverAll(discordPoster, dm, contractCorpus({ seeds: 3, perCalendar: 1 }), notices());
      await deliverDigests(discordPoster, dm, contractDigests(dm.id));
      await discordPoster.tellMember({ channel: fake.textChannelId, userId: member }, PAUSED_TEXT);
    } finally {
      await discordPoster.close();
    }
    expect(await violationsSince(from)).toEqual([]);
    const operations = operationsSince(from);
    expect(operations).toContain('POST /users/@me/channels');
    expect(operations).toContain('GET /channels/{channel_id}/messages');
  });
});

describe('the capture', () => {
  it('reports what @discordjs/rest lets through: 2,001 characters, 26 fields, a 101-character thread name', async () => {
    const from = proxy.requests.length;
    const rest = new REST({ api: apiUrl(), retries: 0 }).setToken(TOKEN);
    try {
      const message = (await rest.post(Routes.channelMessages(fake.textChannelId), {
        body: {
          content: 'x'.repeat(2001),
          embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }],
        },
      })) as { id: string };
      await rest.post(Routes.threads(fake.textChannelId, message.id), { body: { name: 'n'.repeat(101) } });
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
    const violations = (await violationsSince(from)).join('\n');
    expect(violations).toMatch(/content: must NOT have more than 2000/);
    expect(violations).toMatch(/fields: must NOT have more than 25/);
    expect(violations).toMatch(/name: must NOT have more than 100/);
  });
});

describe('slash command registration keeps the contract', () => {
  it('puts the command definitions globally and in a guild', async () => {
    const from = proxy.requests.length;
    const rest = new REST({ api: apiUrl() }).setToken(TOKEN);
    try {
      for (const guildId of [undefined, fake.state.guildId]) {
        await syncSlashCommands(rest, {
          applicationId: fake.applicationId,
          logger: silentLogger,
          ...(guildId ? { guildId } : {}),
        });
      }
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
    expect(await violationsSince(from)).toEqual([]);
    expect(operationsSince(from)).toEqual(
      new Set([
        'GET /applications/{application_id}/commands',
        'PUT /applications/{application_id}/commands',
        'GET /applications/{application_id}/guilds/{guild_id}/commands',
        'PUT /applications/{application_id}/guilds/{guild_id}/commands',
      ]),
    );
  });
});

describe('interaction answers keep the contract', () => {
  let service: ServiceFixture;
  let bot: DiscordBot;

  beforeAll(async () => {
    // /status with digests waiting and more paused members than it names.
    service = await serviceFixture({ config: testConfig({ channels: STATUS_CHANNELS }) });
    await seedWaitingForStatus(service.store, { pausedMembers: 40 });
    bot = await startDiscordBot({
      token: TOKEN,
      apiUrl: apiUrl(),
      guildId: fake.state.guildId,
      adminRoleIds: [],
      commands: new ContractCommands(service.service),
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await bot.close();
    await service.close();
  });

  const admin = { permissions: MANAGE_GUILD };
  const query = (value: string) => [{ type: String_, name: 'query', value }];
  const sub = (name: string, options: Json[] = []) => [{ type: Subcommand, name, options }];
  const answered = (what: string, outcome: ReturnType<FakeDiscord['sendCommand']>) =>
    within(15_000, `the answer to ${what}`, () => `${fake.requests.length} requests at the fake`, outcome);

  it('defers, edits, replaces with an ephemeral follow-up and autocompletes within the description', async () => {
    const from = proxy.requests.length;
    type Command = [string, string, Json[], typeof admin | undefined];
    const commands: Command[] = [
      ['/papers diffusion', 'papers', query('diffusion'), undefined],
      ['/papers (no match)', 'papers', query('zzzzqqq'), undefined],
      ['/talks', 'talks', [], undefined],
      ['/watch list', 'watch', sub('list'), admin],
      [
        '/watch add (refused)',
        'watch',
        sub('add', [{ type: String_, name: 'name', value: MARKUP }]),
        undefined,
      ],
      ['/feed list', 'feed', sub('list'), admin],
      ['/status', 'status', [], admin],
      ['/follow favero', 'follow', [{ type: String_, name: 'target', value: 'favero' }], undefined],
      ['/follow (not watched)', 'follow', [{ type: String_, name: 'target', value: MARKUP }], undefined],
      ['/following', 'following', [], undefined],
      ['/unfollow all', 'unfollow', [{ type: String_, name: 'target', value: 'all' }], undefined],
      [
        '/channel digest weekly',
        'channel',
        sub('digest', [{ type: String_, name: 'every', value: 'weekly' }]),
        admin,
      ],
      ['/sources', 'sources', [], admin],
      [
        '/source resume',
        'source',
        sub('resume', [{ type: String_, name: 'id', value: 'feed:group-blog' }]),
        admin,
      ],
      ['/explain', 'explain', [{ type: String_, name: 'id', value: seedPapers()[0]!.id }], admin],
      ...ADVERSARIAL_QUERIES.map((text): Command => [`/papers ${text}`, 'papers', query(text), undefined]),
    ];
    const answers = new Map<string, Awaited<ReturnType<FakeDiscord['sendCommand']>>>();
    for (const [what, name, options, member] of commands) {
      answers.set(what, await answered(what, fake.sendCommand(name, options, member)));
    }
    await answered(
      'autocomplete of /papers author',
      fake.sendAutocomplete('papers', [{ type: String_, name: 'author', value: 'fa', focused: true }]),
    );
    await answered(
      'autocomplete of /follow target',
      fake.sendAutocomplete('follow', [{ type: String_, name: 'target', value: '', focused: true }]),
    );

    expect(await violationsSince(from)).toEqual([]);
    const operations = operationsSince(from);
    for (const expected of [
      'POST /interactions/{interaction_id}/{interaction_token}/callback',
      'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
      'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original',
      'POST /webhooks/{webhook_id}/{webhook_token}',
    ]) {
      expect(operations).toContain(expected);
    }
    const callbacks = proxy.requests
      .slice(from)
      .filter((request) => request.url.pathname.endsWith('/callback'))
      .map((request) => JSON.parse(request.body.toString('utf8')).type as number);
    expect(new Set(callbacks)).toEqual(new Set([5, 8]));
    // The /status checked above carries the digests and the paused follows.
    const status = JSON.stringify(answers.get('/status')!.answer.body);
    for (const text of STATUS_DIGEST_AND_FOLLOW_TEXTS) expect(status).toContain(text);
  });
});
