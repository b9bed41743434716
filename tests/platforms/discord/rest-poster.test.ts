/**
 * The REST poster end to end: the real @discordjs/rest against the fake Discord on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Announcement } from '../../../src/announce/announcement.js';
import type { ChatPlatform, MessageRef } from '../../../src/announce/chat-platform.js';
import type { ChannelConfig } from '../../../src/config/schema.js';
import { silentLogger } from '../../../src/log.js';
import {
  createDiscordPoster,
  DiscordDeliveryError,
  type DiscordRestTuning,
} from '../../../src/platforms/discord/index.js';
import { FakeDiscord, type Json } from '../../fakes/discord/fake-discord.js';
import { stepOf } from '../../support/delivery-step.js';
import { BIBTEX, channel, paperAnnouncement, talkAnnouncement } from './fixtures.js';

let fake: FakeDiscord;
let poster: ChatPlatform | undefined;

beforeEach(async () => {
  fake = await FakeDiscord.start();
});

afterEach(async () => {
  await poster?.close();
  poster = undefined;
  await fake.close();
});

function createPoster(tuning: DiscordRestTuning = {}): ChatPlatform {
  poster = createDiscordPoster({ token: 'test-token', apiUrl: fake.apiUrl, logger: silentLogger, ...tuning });
  return poster;
}

async function deliver(
  platform: ChatPlatform,
  target: ChannelConfig,
  announcement: Announcement,
): Promise<MessageRef> {
  const ref = await platform.postHead(target, announcement, stepOf(announcement.key));
  for (const [index, reply] of announcement.replies.entries()) {
    await platform.postReply(target, ref, reply, index, stepOf(announcement.key));
  }
  return ref;
}

async function failureOf(promise: Promise<unknown>): Promise<DiscordDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DiscordDeliveryError);
  return error as DiscordDeliveryError;
}

describe('announcements in a text channel', () => {
  it('posts the head as an embed, starts a thread named after the title, and replies in order', async () => {
    const announcement = paperAnnouncement();
    const ref = await deliver(createPoster(), channel(fake.textChannelId), announcement);

    expect(ref).toEqual({
      messageId: ref.threadId,
      threadId: ref.threadId,
      channelId: fake.textChannelId,
      // What Discord's "Copy Message Link" gives, for `herald explain`.
      link: `https://discord.com/channels/${fake.state.guildId}/${fake.textChannelId}/${ref.messageId}`,
    });
    const [head] = fake.requestsTo('POST', `/channels/${fake.textChannelId}/messages`);
    const embed = head?.body.embeds[0];
    expect(embed).toMatchObject({
      title: 'Learn from your own latents and not from tokens: A sample-complexity theory',
      url: 'https://arxiv.org/abs/2605.27734',
      description: 'Daniel J. Korchinski, **Alessandro Favero**, Matthieu Wyart',
      footer: { text: 'arXiv' },
    });
    expect(embed.fields).toEqual([
      { name: 'Published', value: '2026-05-26', inline: true },
      { name: 'Category', value: 'cs.LG', inline: true },
    ]);
    expect(head?.body.content).toBe('📄 New paper by **Alessandro Favero**');
    expect(head?.body.nonce.length).toBeLessThanOrEqual(25);
    expect(head?.body.enforce_nonce).toBe(true);

    const [thread] = fake.requestsTo(
      'POST',
      `/channels/${fake.textChannelId}/messages/${ref.messageId}/threads`,
    );
    expect(thread?.body.name).toBe(announcement.head.title);

    const replies = fake.state.messagesIn(ref.threadId);
    expect(replies).toHaveLength(3);
    expect(replies[0].embeds[0].description).toContain('Generative models, from diffusion models');
    expect(replies[1].content).toBe(
      [
        '**Links**',
        '- [Abstract page](<https://arxiv.org/abs/2605.27734>)',
        '- [PDF](<https://arxiv.org/pdf/2605.27734>)',
        '- [HTML](<https://arxiv.org/html/2605.27734v1>)',
      ].join('\n'),
    );
    expect(replies[2].content).toBe(`\`\`\`bibtex\n${BIBTEX}\n\`\`\``);
  });

  it('sends allowed_mentions parse [] on every message it posts', async () => {
    const target = channel(fake.textChannelId);
    const platform = createPoster();
    const ref = await deliver(platform, target, talkAnnouncement());
    await platform.postNotice(target, 'Feed "seminars" paused after 10 failures');
    await platform.editHead?.(target, ref, {
      ...talkAnnouncement().head,
      event: 'cancelled',
      cancelled: true,
    });

    const bodies = fake.requests.filter((r) => r.path.endsWith('/messages') || r.method === 'PATCH');
    expect(bodies).toHaveLength(6);
    for (const request of bodies) expect(request.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('neither pings nor renders @everyone and role mentions from a feed title', async () => {
    const announcement = paperAnnouncement({
      title: '@everyone look: <@&123> and @here',
      people: [{ name: '@everyone', watched: true }],
    });
    const ref = await createPoster().postHead(channel(fake.textChannelId), announcement, stepOf('key-1'));

    const [request] = fake.requestsTo('POST', `/channels/${fake.textChannelId}/messages`);
    expect(request?.body.allowed_mentions).toEqual({ parse: [] });
    const message = fake.state.messages.get(ref.messageId);
    expect(message.mention_everyone).toBe(false);
    expect(message.mention_roles).toEqual([]);
    expect(message.embeds[0].title).toBe('@\u200beveryone look: <\u200b@&123> and @\u200bhere');
    expect(message.content).not.toMatch(/@everyone/);
  });

  it('renders a talk with times for each reader, the place, and the calendar as a link and an .ics file', async () => {
    const ref = await deliver(createPoster(), channel(fake.textChannelId), talkAnnouncement());

    const head = fake.state.messages.get(ref.messageId);
    const start = Date.parse('2026-06-10T16:00:00+02:00') / 1000;
    const end = Date.parse('2026-06-10T17:00:00+02:00') / 1000;
    expect(head.embeds[0].fields).toEqual([
      { name: 'When', value: `<t:${start}:F> (<t:${start}:R>)\nuntil <t:${end}:F>` },
      { name: 'Where', value: 'Room CE 1 4, EPFL' },
    ]);
    const [, calendar, bio] = fake.state.messagesIn(ref.threadId);
    expect(calendar.content).toContain('[Google Calendar](<https://calendar.google.com/calendar/render?');
    expect(calendar.attachments.map((a: { filename: string }) => a.filename)).toEqual(['talk.ics']);
    const upload = fake.requests.find((r) => r.files.length > 0);
    expect(upload?.files[0]?.content).toContain('BEGIN:VEVENT');
    expect(bio.embeds[0].title).toBe('About the speaker');
  });

  it('edits the head when a talk is cancelled', async () => {
    const platform = createPoster();
    const target = channel(fake.textChannelId);
    const ref = await platform.postHead(target, talkAnnouncement(), stepOf('talk-key'));
    await platform.editHead?.(target, ref, {
      ...talkAnnouncement().head,
      event: 'cancelled',
      cancelled: true,
    });

    const edited = fake.state.messages.get(ref.messageId);
    expect(edited.embeds[0].title).toBe('Cancelled: How deep networks learn hierarchical data');
    expect(edited.embeds[0].color).toBe(0x9ca3af);
    expect(edited.content).toContain('Talk cancelled');
  });
});

describe('forum channels', () => {
  it('creates a forum post with the head as its first message, looking the channel type up once', async () => {
    const platform = createPoster();
    const target = channel(fake.forumChannelId, 'talks');
    const first = await deliver(platform, target, talkAnnouncement());
    await deliver(platform, target, paperAnnouncement());

    const posts = fake.requestsTo('POST', `/channels/${fake.forumChannelId}/threads`);
    expect(posts).toHaveLength(2);
    expect(posts[0]?.body.name).toBe('How deep networks learn hierarchical data');
    expect(posts[0]?.body.message.embeds[0].title).toBe('How deep networks learn hierarchical data');
    expect(posts[0]?.body.message.allowed_mentions).toEqual({ parse: [] });
    expect(first).toEqual({
      messageId: first.threadId,
      threadId: first.threadId,
      channelId: first.threadId,
      link: `https://discord.com/channels/${fake.state.guildId}/${first.threadId}/${first.threadId}`,
    });
    expect(fake.state.messagesIn(first.threadId)).toHaveLength(4);
    expect(fake.requestsTo('GET', `/channels/${fake.forumChannelId}`)).toHaveLength(1);
  });
});

describe('retries and failures', () => {
  const messagesPath = () => `/channels/${fake.textChannelId}/messages`;

  it('waits out a 429 for its Retry-After, then posts', async () => {
    fake.script('POST', messagesPath(), {
      status: 429,
      headers: { 'retry-after': '0.2' },
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
    });
    const ref = await createPoster().postHead(channel(fake.textChannelId), paperAnnouncement(), stepOf('k'));

    const [limited, retried] = fake.requestsTo('POST', messagesPath());
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(200);
    expect(fake.state.messages.has(ref.messageId)).toBe(true);
  });

  it('retries a 500 and succeeds with one message', async () => {
    fake.script('POST', messagesPath(), { status: 500, body: { message: 'oops', code: 0 } });
    await createPoster().postHead(channel(fake.textChannelId), paperAnnouncement(), stepOf('k'));

    expect(fake.requestsTo('POST', messagesPath())).toHaveLength(2);
    expect(fake.state.messagesIn(fake.textChannelId)).toHaveLength(1);
  });

  it('reports a 5xx that outlasts the retries as transient', async () => {
    const outage = { status: 503, body: { message: 'unavailable', code: 0 } };
    fake.script('POST', messagesPath(), outage, outage);
    const error = await failureOf(
      createPoster({ retries: 1 }).postHead(channel(fake.textChannelId), paperAnnouncement(), stepOf('k')),
    );

    expect(error).toMatchObject({ code: 'DISCORD_UNAVAILABLE', permanent: false, status: 503 });
  });

  it('reports 403 Missing Permissions as permanent without retrying', async () => {
    fake.script('POST', messagesPath(), {
      status: 403,
      body: { message: 'Missing Permissions', code: 50013 },
    });
    const error = await failureOf(
      createPoster().postHead(channel(fake.textChannelId), paperAnnouncement(), stepOf('k')),
    );

    expect(error).toMatchObject({ code: 'DISCORD_MISSING_PERMISSIONS', permanent: true, discordCode: 50013 });
    expect(fake.requestsTo('POST', messagesPath())).toHaveLength(1);
  });

  it('reports an unknown channel as permanent', async () => {
    const error = await failureOf(
      createPoster().postHead(channel('123456789012345678'), paperAnnouncement(), stepOf('k')),
    );

    expect(error).toMatchObject({ code: 'DISCORD_UNKNOWN_CHANNEL', permanent: true, status: 404 });
  });

  it('reports a request that times out as transient', async () => {
    fake.script('POST', messagesPath(), 'hang');
    const error = await failureOf(
      createPoster({ retries: 0, timeoutMs: 100 }).postHead(
        channel(fake.textChannelId),
        paperAnnouncement(),
        stepOf('k'),
      ),
    );

    expect(error).toMatchObject({ code: 'DISCORD_TIMEOUT', permanent: false });
  });
});

describe('exactly once', () => {
  it('posts one message when the same delivery is retried after a lost answer', async () => {
    const platform = createPoster();
    const target = channel(fake.textChannelId);
    const announcement = paperAnnouncement();
    const first = await platform.postHead(target, announcement, stepOf('arxiv:2605.27734@papers'));
    // The process died before storing `first`: the outbox posts the same delivery again.
    const again = await platform.postHead(target, announcement, stepOf('arxiv:2605.27734@papers', true));
    await platform.postReply(target, again, announcement.replies[0]!, 0, stepOf('arxiv:2605.27734@papers'));
    await platform.postReply(
      target,
      again,
      announcement.replies[0]!,
      0,
      stepOf('arxiv:2605.27734@papers', true),
    );

    expect(again).toEqual(first);
    expect(fake.state.messagesIn(fake.textChannelId)).toHaveLength(1);
    expect(fake.state.messagesIn(first.threadId)).toHaveLength(1);
    expect(fake.requestsTo('POST', /\/threads$/)).toHaveLength(2);
  });

  const serverError = { status: 500, body: { message: 'Internal Server Error', code: 0 } };

  it('retries a post answered 500 after Discord stored it with the same nonce: one message', async () => {
    const path = `/channels/${fake.textChannelId}/messages`;
    fake.script('POST', path, { afterActing: serverError });
    await createPoster().postHead(channel(fake.textChannelId), paperAnnouncement(), stepOf('k'));

    const [first, retried] = fake.requestsTo('POST', path);
    expect(retried?.body.nonce).toBe(first?.body.nonce);
    expect(fake.state.messagesIn(fake.textChannelId)).toHaveLength(1);
  });

  it('after the nonce is forgotten, finds the head and a reply by what they show before posting again', async () => {
    fake.state.nonceWindowMs = 0;
    const platform = createPoster();
    const target = channel(fake.textChannelId);
    const announcement = talkAnnouncement();
    const first = await platform.postHead(target, announcement, stepOf('talk-key'));
    for (const [index, reply] of announcement.replies.entries())
      await platform.postReply(target, first, reply, index, stepOf('talk-key'));
    // Resumed later, unsure whether the head and the .ics reply went out: neither is posted twice.
    const again = await platform.postHead(target, announcement, stepOf('talk-key', true));
    await platform.postReply(target, again, announcement.replies[1]!, 1, stepOf('talk-key', true));

    expect(again).toEqual(first);
    expect(fake.state.messagesIn(fake.textChannelId)).toHaveLength(1);
    expect(fake.state.messagesIn(first.threadId)).toHaveLength(announcement.replies.length);
    expect(fake.requestsTo('GET', `/channels/${first.threadId}/messages`)).toHaveLength(1);
  });

  it('posts a step again whose earlier attempt never reached Discord', async () => {
    fake.state.nonceWindowMs = 0;
    const platform = createPoster();
    const target = channel(fake.textChannelId);
    const ref = await platform.postHead(target, paperAnnouncement(), stepOf('k', true));
    await platform.postReply(target, ref, paperAnnouncement().replies[0]!, 0, stepOf('k', true));
    expect(fake.state.messagesIn(fake.textChannelId)).toHaveLength(1);
    expect(fake.state.messagesIn(ref.threadId)).toHaveLength(1);
  });

  it('sends a forum post once (no nonce there) and, after a 500 that made it, finds it instead of a second', async () => {
    const platform = createPoster();
    const target = channel(fake.forumChannelId, 'talks');
    const path = `/channels/${fake.forumChannelId}/threads`;
    // Another post with the same name but another paper must not be taken for it.
    await platform.postHead(
      target,
      paperAnnouncement({ url: 'https://arxiv.org/abs/2605.00001' }),
      stepOf('other'),
    );
    fake.script('POST', path, { afterActing: serverError });

    const failed = await failureOf(platform.postHead(target, paperAnnouncement(), stepOf('k')));
    expect(failed).toMatchObject({ permanent: false, status: 500 });
    expect(fake.requestsTo('POST', path)).toHaveLength(2);
    const found = await platform.postHead(target, paperAnnouncement(), stepOf('k', true));

    expect(fake.requestsTo('POST', path)).toHaveLength(2);
    const posts = fake.state
      .activeThreads()
      .filter((thread: Json) => thread.parent_id === fake.forumChannelId);
    expect(posts).toHaveLength(2);
    expect(fake.state.messages.get(found.messageId).embeds[0].url).toBe('https://arxiv.org/abs/2605.27734');
  });

  it('finds a forum post that has been archived since', async () => {
    const platform = createPoster();
    const target = channel(fake.forumChannelId, 'talks');
    const first = await platform.postHead(target, talkAnnouncement(), stepOf('k'));
    fake.state.channels.get(first.threadId).thread_metadata.archived = true;

    expect(await platform.postHead(target, talkAnnouncement(), stepOf('k', true))).toEqual(first);
    expect(fake.requestsTo('POST', `/channels/${fake.forumChannelId}/threads`)).toHaveLength(1);
    expect(fake.requestsTo('GET', `/channels/${fake.forumChannelId}/threads/archived/public`)).toHaveLength(
      1,
    );
  });

  it('makes the forum post when the failed attempt never reached Discord', async () => {
    const platform = createPoster();
    const target = channel(fake.forumChannelId, 'talks');
    fake.script('POST', `/channels/${fake.forumChannelId}/threads`, serverError);
    await failureOf(platform.postHead(target, talkAnnouncement(), stepOf('k')));
    const ref = await platform.postHead(target, talkAnnouncement(), stepOf('k', true));
    expect(fake.state.messages.get(ref.messageId).embeds[0].title).toBe(talkAnnouncement().head.title);
    expect(fake.state.activeThreads()).toHaveLength(1);
  });

  it('never opens a websocket', async () => {
    await deliver(createPoster(), channel(fake.textChannelId), paperAnnouncement());

    expect(fake.gatewayConnections).toBe(0);
    expect(fake.requestsTo('GET', '/gateway/bot')).toHaveLength(0);
  });
});

describe('limits', () => {
  it('trims a 5000-character abstract without cutting a word or a URL', async () => {
    const urls: string[] = [];
    let text = '';
    for (let index = 0; text.length < 5000; index++) {
      const url = `https://example.org/papers/${index}/appendix-with-a-long-path`;
      urls.push(url);
      text += `word${index} lorem ipsum ${url} `;
    }
    const announcement: Announcement = {
      ...paperAnnouncement({ title: `${'A very long title '.repeat(20)}end` }),
      replies: [{ kind: 'abstract', title: 'Abstract', text }],
    };
    await deliver(createPoster(), channel(fake.textChannelId), announcement);

    const [thread] = fake.requestsTo('POST', /\/threads$/);
    expect(thread?.body.name.length).toBeLessThanOrEqual(100);
    expect(announcement.head.title.startsWith(thread?.body.name.slice(0, -1).trimEnd())).toBe(true);
    const description: string = fake.requests.at(-1)?.body.embeds[0].description;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description.endsWith('…')).toBe(true);
    const kept = description.slice(0, -1);
    expect(text.startsWith(kept)).toBe(true);
    expect(text.charAt(kept.length)).toBe(' ');
    for (const url of kept.match(/https?:\/\/\S+/g) ?? []) expect(urls).toContain(url);
  });
});
