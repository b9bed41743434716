import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { SlackDeliveryError } from '../../../src/platforms/slack/errors.js';
import {
  createSlackPoster,
  DELIVERY_EVENT_TYPE,
  type SlackPoster,
} from '../../../src/platforms/slack/web-poster.js';
import { FakeSlack, type StoredMessage } from '../../fakes/slack/fake-slack.js';
import { stepOf } from '../../support/delivery-step.js';
import { announcementOf, CHANNEL, FAST_RETRY, seedPaper } from './support.js';

let fake: FakeSlack;
let poster: SlackPoster;

beforeEach(async () => {
  fake = await FakeSlack.start();
  poster = createSlackPoster({
    token: 'xoxb-test',
    apiUrl: fake.apiUrl,
    logger: silentLogger,
    retryConfig: FAST_RETRY,
    channelIntervalMs: 0,
  });
});

afterEach(async () => {
  await poster.close();
  await fake.close();
});

/** Posts a head and all its replies in order, as the delivery worker does. */
async function deliver(announcement = announcementOf(seedPaper())) {
  const ref = await poster.postHead(CHANNEL, announcement, stepOf(announcement.key));
  for (const [index, reply] of announcement.replies.entries())
    await poster.postReply(CHANNEL, ref, reply, index, stepOf(announcement.key));
  return ref;
}

function blockTexts(message: StoredMessage | undefined): string {
  return JSON.stringify(message?.blocks ?? []);
}

describe('createSlackPoster', () => {
  it('posts the head with blocks, marker and no unfurling, then the replies in its thread in order', async () => {
    const ref = await deliver();
    const [head, abstract, links, bibtex, ...rest] = fake.messagesIn(CHANNEL.target);
    expect(rest).toEqual([]);
    expect(ref).toEqual({ messageId: head!.ts, threadId: CHANNEL.target, channelId: CHANNEL.target });

    const headText = (head!.blocks![0] as { text: { text: string } }).text.text;
    expect(headText).toContain(
      '*<https://arxiv.org/abs/2505.00001|Learn from your own latents and not from tokens: A sample-complexity theory>*',
    );
    expect(headText).toContain('Daniel J. Korchinski, *Alessandro Favero*, Matthieu Wyart');
    expect(headText).toContain('2025-05-26 · cs.LG');
    expect(blockTexts(head)).toContain('Source: arXiv');
    expect(head!.text).toContain('Learn from your own latents');
    expect(head!.metadata).toEqual({
      event_type: 'paper_herald_delivery',
      event_payload: { key: 'arxiv:2505.00001' },
    });
    const post = fake.requestsTo('chat.postMessage')[0]!.body;
    expect(post).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });

    for (const reply of [abstract, links, bibtex]) expect(reply!.thread_ts).toBe(head!.ts);
    expect(blockTexts(abstract)).toContain('Generative models, from diffusion models');
    expect(blockTexts(links)).toContain('<https://arxiv.org/pdf/2505.00001|PDF>');
    expect(bibtex!.text).toMatch(/^```@article\{korchinski2025learn,[\s\S]*\}```$/);
  });

  it('looks a head up by its metadata only when it may have been posted, and then posts no second one', async () => {
    const announcement = announcementOf(seedPaper());
    const first = await poster.postHead(CHANNEL, announcement, stepOf('delivery-1'));
    expect(fake.callCount('conversations.history')).toBe(0);
    await poster.postNotice(CHANNEL, 'something else happened since');

    const queuedAt = new Date(Date.now() - 60_000).toISOString();
    const marker = (key: string) => ({ event_type: DELIVERY_EVENT_TYPE, event_payload: { key } });
    expect(await poster.findPosted({ channel: CHANNEL.target }, marker('delivery-1'), queuedAt)).toBe(
      first.messageId,
    );
    expect(
      await poster.findPosted({ channel: CHANNEL.target }, marker('delivery-2'), queuedAt),
    ).toBeUndefined();
    const again = await poster.postHead(CHANNEL, announcement, stepOf('delivery-1', true));
    expect(again).toEqual(first);
    expect(fake.messagesIn(CHANNEL.target).filter((m) => m.metadata)).toHaveLength(1);
    expect(fake.requestsTo('conversations.history')[0]!.body).toMatchObject({ include_all_metadata: 'true' });
  });

  it('finds a reply already in the thread by its delivery key and index, not by position', async () => {
    const announcement = announcementOf(seedPaper());
    const ref = await poster.postHead(CHANNEL, announcement, stepOf('delivery-1'));
    await poster.postReply(CHANNEL, ref, announcement.replies[0]!, 0, stepOf('delivery-1'));
    // A follow-up's first reply in the same thread has index 0 too, under another key.
    await poster.postReply(CHANNEL, ref, announcement.replies[1]!, 0, stepOf('delivery-1#changed', true));
    await poster.postReply(CHANNEL, ref, announcement.replies[0]!, 0, stepOf('delivery-1', true));
    expect(
      fake.messagesIn(CHANNEL.target).filter((m) => m.thread_ts === ref.messageId && m.ts !== ref.messageId),
    ).toHaveLength(2);
    expect(fake.requestsTo('conversations.replies').map((r) => r.body)).toEqual([
      expect.objectContaining({ ts: ref.messageId, include_all_metadata: 'true' }),
      expect.objectContaining({ ts: ref.messageId, include_all_metadata: 'true' }),
    ]);
  });

  it('waits out a 429 for its Retry-After and sends again: Slack did nothing', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, [1]);
    await poster.postNotice(CHANNEL, 'after the rate limit');
    const [limited, sent] = fake.requestsTo('chat.postMessage');
    expect(sent!.at - limited!.at).toBeGreaterThanOrEqual(990);
    expect(fake.messagesIn(CHANNEL.target).map((m) => m.text)).toEqual(['after the rate limit']);
  });

  it('never repeats a post by itself after a 500 or ok:false: Slack may have stored it', async () => {
    fake.fail('chat.postMessage', { status: 500 }, [1]);
    fake.fail('chat.postMessage', { error: 'internal_error' }, [2]);
    for (const expected of [1, 2]) {
      const error = await poster.postNotice(CHANNEL, 'x').catch((e: unknown) => e);
      expect(error).toMatchObject({ permanent: false });
      expect(fake.callCount('chat.postMessage')).toBe(expected);
    }
  });

  it('reports channel_not_found as a permanent SlackDeliveryError without retrying', async () => {
    fake.fail('conversations.history', { error: 'channel_not_found' }, 'always');
    const error = await poster
      .postHead(CHANNEL, announcementOf(seedPaper()), stepOf('k', true))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(error).toMatchObject({ code: 'SLACK_DELIVERY', permanent: true, slackError: 'channel_not_found' });
    expect(fake.callCount('conversations.history')).toBe(1);

    fake.fail('chat.postMessage', { error: 'channel_not_found' }, 'always');
    const notice = await poster.postNotice(CHANNEL, 'x').catch((e: unknown) => e);
    expect(notice).toMatchObject({ permanent: true, slackError: 'channel_not_found' });
    expect(fake.callCount('chat.postMessage')).toBe(1);
  });

  it('retries a lookup under the retry policy: reading twice is harmless', async () => {
    fake.fail('conversations.history', { status: 500 }, [1, 2]);
    await poster.postHead(CHANNEL, announcementOf(seedPaper()), stepOf('k', true));
    expect(fake.callCount('conversations.history')).toBe(3);
    expect(fake.messagesIn(CHANNEL.target)).toHaveLength(1);
  });

  it('posts anyway when the bot may not read the history (not_in_channel)', async () => {
    fake.fail('conversations.history', { error: 'not_in_channel' }, 'always');
    await poster.postHead(CHANNEL, announcementOf(seedPaper()), stepOf('k', true));
    expect(fake.messagesIn(CHANNEL.target)).toHaveLength(1);
  });

  it('escapes <!channel> and <@U123> in a title so that nobody is notified', async () => {
    const paper = { ...seedPaper(), title: 'Attention <!channel> & <@U123> is *all* you need' };
    await deliver(announcementOf(paper));
    const [head, abstract] = fake.messagesIn(CHANNEL.target);
    for (const text of [blockTexts(head), head!.text ?? '', blockTexts(abstract)]) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<@U123>');
    }
    expect(blockTexts(head)).toContain(
      'Attention &lt;!channel&gt; &amp; &lt;@U123&gt; is \u2217all\u2217 you need',
    );
  });

  it('keeps a 10,000-character abstract within block limits, cut at words', async () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i % 10}rd`).join(' ');
    const paper = { ...seedPaper(), abstract: words.slice(0, 10_000) };
    await deliver(announcementOf(paper));
    const abstract = fake.messagesIn(CHANNEL.target)[1]!;
    const sections = abstract.blocks as { type: string; text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(4);
    expect(sections.length).toBeLessThanOrEqual(50);
    for (const block of sections) {
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
      expect(block.text.text).toMatch(/^(\*Abstract\*|w\drd( w\drd)*)$/);
    }
    const body = sections
      .slice(1)
      .map((block) => block.text.text)
      .join(' ');
    expect(body).toBe(paper.abstract.trim());
    expect((abstract.text ?? '').length).toBeLessThanOrEqual(40_000);
  });

  it('edits a head in place', async () => {
    const announcement = announcementOf(seedPaper());
    const ref = await poster.postHead(CHANNEL, announcement, stepOf('k'));
    await poster.editHead!(CHANNEL, ref, { ...announcement.head, event: 'changed', title: 'A new title' });
    const [head] = fake.messagesIn(CHANNEL.target);
    expect(blockTexts(head)).toContain('*Updated:* *<https://arxiv.org/abs/2505.00001|A new title>*');
  });

  it('paces posts to one channel but not across channels', async () => {
    const paced = createSlackPoster({
      token: 'xoxb-test',
      apiUrl: fake.apiUrl,
      logger: silentLogger,
      retryConfig: FAST_RETRY,
      channelIntervalMs: 200,
    });
    const other = { ...CHANNEL, id: 'other', target: 'C_OTHER' };
    await Promise.all([
      paced.postNotice(CHANNEL, 'one'),
      paced.postNotice(CHANNEL, 'two'),
      paced.postNotice(other, 'elsewhere'),
    ]);
    await paced.close();
    const arrivals = fake.requestsTo('chat.postMessage');
    const at = (text: string) => arrivals.find((request) => request.body.text === text)!.at;
    expect(at('two') - at('one')).toBeGreaterThanOrEqual(190);
    expect(at('elsewhere') - at('one')).toBeLessThan(150);
    expect(fake.messagesIn(CHANNEL.target).map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('opens no socket and no listener: only Web API calls', async () => {
    const servers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
    const before = servers();
    const onceOnly = createSlackPoster({ token: 'xoxb-test', apiUrl: fake.apiUrl, logger: silentLogger });
    await onceOnly.postNotice(CHANNEL, 'from herald run --once');
    await onceOnly.close();
    expect(servers()).toBeLessThanOrEqual(before);
    expect(fake.socketConnections).toBe(0);
    expect(fake.requests.map((r) => r.method)).toEqual(['chat.postMessage']);
  });
});
