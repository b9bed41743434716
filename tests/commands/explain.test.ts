/**
 * /explain over a real store: each delivery state a channel can be in (posted with its link,
 * queued, retrying, held), a record stored by an older version, a channel added later, a talk not
 * yet in its window, and the command refused to members.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/commands/explain.js';
import type { TalkRecord } from '../../src/records/record.js';
import { outboxEntry, paper } from '../store/sample-data.js';
import { member, NOW, type ServiceFixture, serviceFixture, testConfig } from './service-fixture.js';

let fixture: ServiceFixture;
afterEach(async () => {
  await fixture?.close();
});

const channels = ['posted', 'queued', 'retrying', 'held', 'later'].map((id) => ({
  id,
  platform: 'discord',
  target: '123456789012345678',
}));

async function explain(id: string): Promise<Explanation> {
  const reply = await fixture.run({ name: 'explain', id });
  expect(reply.status, reply.text).toBe('ok');
  return reply.data as Explanation;
}

describe('/explain', () => {
  it('in a digest channel: waiting for the next digest, or in the digest that went out', async () => {
    const digestChannels = ['weekly', 'daily'].map((id) => ({
      id,
      platform: 'discord',
      target: '123456789012345678',
      mode: 'digest',
    }));
    const record = { ...paper(1), decision: { at: '2026-11-20T09:00:00.000Z', source: 'arxiv' } };
    fixture = await serviceFixture({ records: [record], config: testConfig({ channels: digestChannels }) });
    const [waiting, digested] = ['weekly', 'daily'].map((channel) =>
      outboxEntry(1, channel, '2026-11-20T09:00:00.000Z'),
    );
    await fixture.store.digests.add(
      [waiting!, digested!].map(({ key, channelId, announcement, createdAt }) => ({
        key,
        channelId,
        announcement: announcement as never,
        queuedAt: createdAt,
      })),
    );
    const digest = outboxEntry(2, 'daily', '2026-11-21T08:00:00.000Z');
    await fixture.store.outbox.enqueue([digest]);
    await fixture.store.outbox.save({
      ...digest,
      head: { messageId: '7', threadId: '7', channelId: '123', link: 'https://discord.com/channels/1/123/7' },
    });
    await fixture.store.digests.markDigested([digested!.key], digest.key, new Date('2026-11-21T08:00:00Z'));
    const before = (await explain('arxiv:2401.00001')).channels[1];
    await fixture.store.outbox.complete(
      (await fixture.store.outbox.get(digest.key))!,
      new Date('2026-11-21T08:01:00Z'),
    );

    const explanation = await explain('arxiv:2401.00001');
    expect(before).toMatchObject({ channel: 'daily', state: 'waiting', reason: 'in-digest' });
    expect(explanation.channels).toEqual([
      expect.objectContaining({ channel: 'weekly', state: 'waiting', reason: 'in-digest' }),
      expect.objectContaining({
        channel: 'daily',
        state: 'announced',
        reason: 'digested',
        message: 'https://discord.com/channels/1/123/7',
      }),
    ]);
  });

  it('says where each delivery stands: posted (with its link), queued, retrying, held; a channel added since', async () => {
    const record = { ...paper(1), decision: { at: '2026-11-20T09:00:00.000Z', source: 'arxiv' } };
    fixture = await serviceFixture({ records: [record], config: testConfig({ channels }) });
    const [posted, queued, retrying, held] = ['posted', 'queued', 'retrying', 'held'].map((channel) =>
      outboxEntry(1, channel, '2026-11-20T09:00:00.000Z'),
    );
    await fixture.store.outbox.enqueue([posted!, queued!, retrying!, held!]);
    await fixture.store.outbox.save({
      ...posted!,
      head: { messageId: '9', threadId: '9', channelId: '123', link: 'https://discord.com/channels/1/123/9' },
    });
    await fixture.store.outbox.complete(
      (await fixture.store.outbox.get(posted!.key))!,
      new Date('2026-11-20T09:01:00Z'),
    );
    await fixture.store.outbox.save({
      ...retrying!,
      attempts: 2,
      lastError: 'Discord answered 503',
      notBefore: '2026-11-23T09:05:00.000Z',
    });
    await fixture.store.outbox.save({
      ...held!,
      heldAt: '2026-11-20T09:02:00.000Z',
      lastError: 'Missing Access',
    });

    const explanation = await explain('arxiv:2401.00001');
    expect(explanation.channels).toEqual([
      {
        channel: 'posted',
        state: 'announced',
        reason: 'posted',
        text: 'posted: https://discord.com/channels/1/123/9',
        at: '2026-11-20T09:01:00.000Z',
        message: 'https://discord.com/channels/1/123/9',
      },
      expect.objectContaining({ channel: 'queued', state: 'waiting', reason: 'queued' }),
      expect.objectContaining({
        channel: 'retrying',
        state: 'waiting',
        reason: 'retrying',
        text: 'failed 2 times (Discord answered 503); next attempt 2026-11-23T09:05:00.000Z',
      }),
      expect.objectContaining({
        channel: 'held',
        state: 'held',
        reason: 'held',
        text: expect.stringMatching(
          /^held since .*: Missing Access; `herald redeliver held\|arxiv:2401.00001` queues it again$/,
        ),
      }),
      expect.objectContaining({ channel: 'later', state: 'not-announced', reason: 'channel-added' }),
    ]);
  });

  it('a record stored before decisions were recorded says so', async () => {
    fixture = await serviceFixture({ records: [paper(2)], config: testConfig({ channels }) });
    const explanation = await explain('2401.00002');
    expect(new Set(explanation.channels.map((channel) => channel.reason))).toEqual(new Set(['not-recorded']));
  });

  it('a talk not yet in its window is announced later, from the day it enters it', async () => {
    const talk: TalkRecord = {
      kind: 'talk',
      id: 'talk:0123456789abcdef',
      title: 'Scaling laws of deep networks',
      abstract: '',
      url: 'https://seminars.example/1',
      links: {},
      people: ['favero'],
      source: 'feed:seminars',
      published: '2026-12-31T15:00:00+01:00',
      speakers: ['Alessandro Favero'],
      start: '2026-12-31T15:00:00+01:00',
      end: '2026-12-31T16:00:00+01:00',
      status: 'confirmed',
    };
    fixture = await serviceFixture({
      records: [talk],
      config: testConfig({ channels: [{ id: 'lab', platform: 'console', target: 'stdout' }] }),
    });
    const explanation = await explain('talk:0123456789abcdef');
    expect(explanation.channels).toEqual([
      expect.objectContaining({
        state: 'not-announced',
        reason: 'talk-not-due',
        text: 'announced 14 days before it starts, from 2026-12-17T14:00:00.000Z',
      }),
    ]);
    expect(NOW < new Date('2026-12-17T14:00:00Z')).toBe(true);
  });

  it('is for admins only', async () => {
    fixture = await serviceFixture();
    const reply = await fixture.run({ name: 'explain', id: '2401.00001' }, member);
    expect(reply.status).toBe('refused');
  });
});
