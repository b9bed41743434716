/**
 * The delivery worker over the real SQLite store, with a scripted platform: order, resumption
 * after failures and restarts, permanent refusals.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composePaperAnnouncement } from '../../src/announce/compose-paper.js';
import { DeliveryWorker } from '../../src/announce/delivery-worker.js';
import { type ChannelConfig, channelSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { PaperRecord } from '../../src/records/record.js';
import { deliveryKey } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { PlatformFailure, ScriptedPlatform } from '../support/scripted-platform.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const channel: ChannelConfig = channelSchema.parse({ id: 'lab', platform: 'console', target: 'x' });
const paper: PaperRecord = {
  kind: 'paper',
  id: 'arxiv:2605.27734',
  title: 'Learn from your own latents and not from tokens',
  abstract: 'Generative models...',
  authors: ['Daniel J. Korchinski', 'Alessandro Favero', 'Matthieu Wyart'],
  categories: ['cs.LG'],
  url: 'https://arxiv.org/abs/2605.27734',
  links: { abs: 'https://arxiv.org/abs/2605.27734', pdf: 'https://arxiv.org/pdf/2605.27734' },
  people: ['favero'],
  source: 'arxiv',
  published: '2026-05-26T17:59:59Z',
};

let workspace: Workspace;
let store: Store;
let platform: ScriptedPlatform;
let now: Date;
const notices: string[] = [];

async function open(): Promise<Store> {
  return createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
}

function worker(channels = [channel]) {
  return new DeliveryWorker({
    outbox: store.outbox,
    channels: () => new Map(channels.map((c) => [c.id, c])),
    platformFor: () => platform,
    clock: () => now,
    logger: silentLogger,
    notifyAdmins: async (text) => {
      notices.push(text);
    },
    random: () => 0.5,
  });
}

async function enqueue(record = paper) {
  const announcement = composePaperAnnouncement(record, channel.id, [], 'arXiv');
  await store.outbox.enqueue([
    {
      key: deliveryKey(channel.id, announcement.key),
      channelId: channel.id,
      announcement,
      createdAt: now.toISOString(),
      attempts: 0,
      repliesPosted: 0,
    },
  ]);
}

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await open();
  platform = new ScriptedPlatform();
  now = new Date('2026-06-01T00:00:00Z');
  notices.length = 0;
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

describe('the delivery worker', () => {
  it('posts the head, then the replies in order, then writes a receipt', async () => {
    await enqueue();
    expect(await worker().run()).toEqual({ delivered: 1, failed: 0, deferred: 0 });
    expect(platform.posted.map((p) => `${p.kind}${p.index ?? ''}`)).toEqual([
      'head',
      'reply0',
      'reply1',
      'reply2',
    ]);
    expect(platform.posted.slice(1).map((p) => p.text)).toEqual(['abstract', 'links', 'bibtex']);
    expect(await store.outbox.pending()).toEqual([]);
    expect(await store.outbox.receipt('lab|arxiv:2605.27734')).toMatchObject({
      recordId: paper.id,
      head: { messageId: '1' },
    });
  });

  it('never queues a delivered announcement again', async () => {
    await enqueue();
    await worker().run();
    await enqueue();
    expect(await store.outbox.pending()).toEqual([]);
  });

  it('resumes after a transient failure from the reply that failed, with the same head, after a backoff', async () => {
    await enqueue();
    platform.failNext('reply:1', new PlatformFailure('503 Service Unavailable', false));
    expect(await worker().run()).toEqual({ delivered: 0, failed: 0, deferred: 1 });
    const [pending] = await store.outbox.pending();
    expect(pending).toMatchObject({
      attempts: 1,
      repliesPosted: 1,
      head: { messageId: '1' },
      lastError: '503 Service Unavailable',
    });
    expect(new Date(pending!.notBefore!).getTime() - now.getTime()).toBe(5000);

    expect(await worker().run()).toEqual({ delivered: 0, failed: 0, deferred: 0 }); // not due yet
    now = new Date(now.getTime() + 5000);
    expect(await worker().run()).toEqual({ delivered: 1, failed: 0, deferred: 0 });
    expect(platform.posted.map((p) => `${p.kind}${p.index ?? ''}`)).toEqual([
      'head',
      'reply0',
      'reply1',
      'reply2',
    ]);
  });

  it('survives a restart between the head and the replies: the head is not posted again', async () => {
    await enqueue();
    platform.failNext('reply:0', new PlatformFailure('connection reset', false));
    await worker().run();
    await store.close();
    store = await open(); // a new process: only what was stored is known
    now = new Date(now.getTime() + 60_000);
    await worker().run();
    expect(platform.posted.filter((p) => p.kind === 'head')).toHaveLength(1);
    expect(platform.posted.filter((p) => p.kind === 'reply').map((p) => p.index)).toEqual([0, 1, 2]);
  });

  it('gives up on a permanent refusal, tells the admins, and does not retry', async () => {
    await enqueue();
    platform.failNext('head', new PlatformFailure('Missing Access', true));
    expect(await worker().run()).toEqual({ delivered: 0, failed: 1, deferred: 0 });
    expect(notices).toEqual([expect.stringContaining('Missing Access')]);
    expect(await store.outbox.receipt('lab|arxiv:2605.27734')).toMatchObject({ failed: 'Missing Access' });
    now = new Date(now.getTime() + 86_400_000);
    expect(await worker().run()).toEqual({ delivered: 0, failed: 0, deferred: 0 });
    expect(platform.posted).toEqual([]);
  });

  it('backs off exponentially while failures go on', async () => {
    await enqueue();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      platform.failNext('head', new PlatformFailure('502', false));
      await worker().run();
      const [pending] = await store.outbox.pending();
      delays.push(new Date(pending!.notBefore!).getTime() - now.getTime());
      now = new Date(pending!.notBefore!);
    }
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000]);
  });

  it('keeps a channel in order: a deferred delivery holds back the later ones of that channel only', async () => {
    const other: ChannelConfig = { ...channel, id: 'other' };
    await enqueue();
    await enqueue({ ...paper, id: 'arxiv:2605.23821', title: 'Second' });
    const announcement = composePaperAnnouncement(paper, 'other', [], 'arXiv');
    await store.outbox.enqueue([
      {
        key: deliveryKey('other', paper.id),
        channelId: 'other',
        announcement,
        createdAt: now.toISOString(),
        attempts: 0,
        repliesPosted: 0,
      },
    ]);
    platform.failNext('lab:head', new PlatformFailure('500', false));
    const report = await worker([channel, other]).run();
    expect(report.deferred).toBe(1);
    expect(report.delivered).toBe(1);
    expect(platform.posted.filter((p) => p.kind === 'head').map((p) => p.channel)).toEqual(['other']);
  });

  it('refuses a delivery whose channel left the config', async () => {
    await enqueue();
    expect(await worker([]).run()).toEqual({ delivered: 0, failed: 1, deferred: 0 });
    expect(notices[0]).toContain('no longer configured');
  });
});
