/**
 * The digest tick over a real SQLite store: deliveries to a digest channel wait for it; at its
 * time one digest is queued in the outbox, once, whatever crashes in between; after downtime one
 * digest covers the whole gap; what follows up a digested paper goes into the next digest, even
 * once the channel is back to instant mode (where it goes out at once, as a last digest).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDigest } from '../../src/announce/announcement.js';
import type { DeliveryChannel } from '../../src/announce/chat-platform.js';
import { composePaperAnnouncement, composePublishedFollowUp } from '../../src/announce/compose-paper.js';
import { DeliveryQueue } from '../../src/announce/delivery-queue.js';
import { type DigestAnnouncement, digestItems } from '../../src/announce/digest/digest-model.js';
import { DigestTick } from '../../src/announce/digest/digest-tick.js';
import { silentLogger } from '../../src/log.js';
import { deliveryKey, newOutboxEntry } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { paper } from '../store/sample-data.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
let store: Store;
let now: Date;
let channel: DeliveryChannel;

const weekly: DeliveryChannel = {
  id: 'lab',
  platform: 'discord',
  target: '123',
  kinds: ['paper', 'talk'],
  keywords: [],
  mode: 'digest',
  digest: { every: 'weekly', at: 'Mon 09:00', sendEmpty: false },
};

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
  now = new Date('2026-06-03T12:00:00Z');
  channel = weekly;
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

const queue = () => new DeliveryQueue(store.outbox, store.digests);
const tick = () =>
  new DigestTick({
    digests: store.digests,
    outbox: store.outbox,
    channels: async () => [channel],
    timezone: 'UTC',
    clock: () => now,
    logger: silentLogger,
  }).run();

async function announce(...numbers: number[]): Promise<number> {
  const entries = numbers.map((n) =>
    newOutboxEntry(composePaperAnnouncement(paper(n), 'lab', [], 'arXiv'), now),
  );
  return queue().enqueue(entries, [channel]);
}

async function digests(): Promise<DigestAnnouncement[]> {
  return (await store.outbox.pending()).map((entry) => entry.announcement).filter(isDigest);
}

const ids = (digest: DigestAnnouncement) => digestItems(digest).map((item) => item.id);

describe('the digest tick', () => {
  it('collects from its first tick and queues one digest at the scheduled time, once', async () => {
    expect(await tick()).toBe(0);
    expect(await announce(1, 2)).toBe(2);
    expect(await store.outbox.pending()).toEqual([]);
    // The same papers seen again are not collected twice.
    expect(await announce(1, 2)).toBe(0);
    now = new Date('2026-06-08T08:59:00Z');
    expect(await tick()).toBe(0);
    now = new Date('2026-06-08T09:00:00Z');
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    const [digest] = await digests();
    expect(digest!.key).toBe('digest:2026-06-03T12:00:00.000Z');
    expect(digest!.digest).toMatchObject({ to: '2026-06-08T09:00:00.000Z', papers: 2 });
    expect(ids(digest!)).toEqual(['arxiv:2401.00001', 'arxiv:2401.00002']);
    // Digested, the papers are not collected again either.
    expect(await announce(1, 2)).toBe(0);
  });

  it('queues the same digest once when the process dies before or after queuing it', async () => {
    await tick();
    await announce(1);
    now = new Date('2026-06-08T09:00:30Z');
    const enqueue = store.outbox.enqueue.bind(store.outbox);
    store.outbox.enqueue = async () => {
      throw new Error('killed before the outbox write');
    };
    await expect(tick()).rejects.toThrow('killed before');
    store.outbox.enqueue = enqueue;
    await announce(2);
    const mark = store.digests.markDigested.bind(store.digests);
    store.digests.markDigested = async () => {
      throw new Error('killed after the outbox write');
    };
    await expect(tick()).rejects.toThrow('killed after');
    store.digests.markDigested = mark;
    // Paper 3 arrives after the digest was queued: it waits for the next one.
    await announce(3);
    expect(await tick()).toBe(0);
    const queued = await digests();
    expect(queued).toHaveLength(1);
    expect(ids(queued[0]!)).toEqual(['arxiv:2401.00001', 'arxiv:2401.00002']);
    now = new Date('2026-06-15T09:00:00Z');
    expect(await tick()).toBe(1);
    expect((await digests()).map(ids)).toEqual([
      ['arxiv:2401.00001', 'arxiv:2401.00002'],
      ['arxiv:2401.00003'],
    ]);
  });

  it('sends one digest covering the whole gap after downtime over several scheduled times', async () => {
    now = new Date('2026-06-01T09:00:00Z');
    await tick();
    await announce(1);
    now = new Date('2026-06-10T10:00:00Z');
    await announce(2);
    now = new Date('2026-06-23T14:00:00Z');
    await announce(3);
    expect(await tick()).toBe(1);
    expect(await tick()).toBe(0);
    const [digest] = await digests();
    expect(digest!.digest).toMatchObject({
      from: '2026-06-01T09:00:00.000Z',
      to: '2026-06-22T09:00:00.000Z',
      headline: 'Since 1 June 2026: 3 papers',
    });
  });

  it('puts the publication of a digested paper into the next digest, even back in instant mode', async () => {
    await tick();
    await announce(1);
    now = new Date('2026-06-08T09:00:00Z');
    await tick();
    const published = composePublishedFollowUp(paper(1, { venue: 'JMLR 27 (2026)' }), 'lab', []);
    const original = deliveryKey('lab', 'arxiv:2401.00001');
    expect(await queue().announced([original])).toEqual(new Set([original]));
    channel = { ...weekly, mode: 'instant' };
    expect(
      await queue().enqueue([newOutboxEntry(published, now, { of: original, editHead: true })], [channel]),
    ).toBe(1);
    expect((await store.outbox.pending()).filter((entry) => entry.followUp)).toEqual([]);
    now = new Date('2026-06-08T09:05:00Z');
    expect(await tick()).toBe(1);
    const last = (await digests())[1]!;
    expect(digestItems(last)).toEqual([
      expect.objectContaining({ id: 'arxiv:2401.00001', update: 'published' }),
    ]);
    expect(await tick()).toBe(0);
  });

  it('sends nothing for an empty period, unless asked to', async () => {
    await tick();
    now = new Date('2026-06-08T09:00:00Z');
    expect(await tick()).toBe(0);
    channel = { ...weekly, digest: { every: 'weekly', sendEmpty: true } };
    now = new Date('2026-06-15T09:00:00Z');
    expect(await tick()).toBe(1);
    expect((await digests())[0]!.digest.headline).toBe('Nothing new this week.');
  });
});
