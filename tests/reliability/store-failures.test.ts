/**
 * A store write that fails surfaces as an error and is retried; nothing is marked delivered that
 * was not posted, and a head whose save failed is not posted twice (the platform is handed the
 * same delivery key, as Discord's nonce and Slack's marker need).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composePaperAnnouncement } from '../../src/announce/compose-paper.js';
import { DeliveryWorker } from '../../src/announce/delivery-worker.js';
import type { ChannelConfig } from '../../src/config/schema.js';
import { channelSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { PaperRecord } from '../../src/records/record.js';
import { StoreError } from '../../src/store/errors.js';
import type { CollectionName, KeyValueStore, StoreBackend } from '../../src/store/key-value-store.js';
import { deliveryKey } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { ScriptedPlatform } from '../support/scripted-platform.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

/** Our own port, wrapped: the Nth write to one collection fails like a full disk would. */
function flaky(backend: StoreBackend, name: CollectionName, failOnWrite: number): StoreBackend {
  let writes = 0;
  return {
    ...backend,
    collection<T>(collection: CollectionName): KeyValueStore<T> {
      const real = backend.collection<T>(collection);
      if (collection !== name) return real;
      const fail = () => {
        writes++;
        if (writes === failOnWrite) throw new StoreError(`could not write ${name}: SQLITE_FULL`);
      };
      return {
        ...real,
        get: (key) => real.get(key),
        getMany: (keys) => real.getMany(keys),
        entries: () => real.entries(),
        delete: (key) => real.delete(key),
        set: async (key, value) => {
          fail();
          await real.set(key, value);
        },
        setMany: async (entries) => {
          fail();
          await real.setMany(entries);
        },
      };
    },
  };
}

/** Posts once per delivery key, as Discord does with an enforced nonce. */
class DedupingPlatform extends ScriptedPlatform {
  readonly #heads = new Map<string, Awaited<ReturnType<ScriptedPlatform['postHead']>>>();
  override async postHead(...args: Parameters<ScriptedPlatform['postHead']>) {
    const known = this.#heads.get(args[2].deliveryKey);
    if (known) return known;
    const ref = await super.postHead(...args);
    this.#heads.set(args[2].deliveryKey, ref);
    return ref;
  }
}

const channel: ChannelConfig = channelSchema.parse({ id: 'lab', platform: 'console', target: 'x' });
const paper: PaperRecord = {
  kind: 'paper',
  id: 'arxiv:2605.27734',
  title: 'Learn from your own latents and not from tokens',
  abstract: 'Generative models...',
  authors: ['Alessandro Favero'],
  categories: ['cs.LG'],
  url: 'https://arxiv.org/abs/2605.27734',
  links: { abs: 'https://arxiv.org/abs/2605.27734' },
  people: ['favero'],
  source: 'arxiv',
  published: '2026-05-26T17:59:59Z',
};

let workspace: Workspace;
let store: Store;
let now = new Date('2026-06-01T00:00:00Z');

beforeEach(async () => {
  workspace = await createWorkspace();
  now = new Date('2026-06-01T00:00:00Z');
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

async function open(failing?: { name: CollectionName; onWrite: number }) {
  const backend = await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite'));
  store = await createStore(failing ? flaky(backend, failing.name, failing.onWrite) : backend);
}

function worker(platform: ScriptedPlatform) {
  return new DeliveryWorker({
    outbox: store.outbox,
    channels: () => new Map([[channel.id, channel]]),
    platformFor: () => ({ platform }),
    clock: () => now,
    logger: silentLogger,
    notifyAdmins: async () => {},
    retryBaseMs: 10,
    random: () => 0.5,
  });
}

async function enqueue() {
  const announcement = composePaperAnnouncement(paper, channel.id, [], 'arXiv');
  const key = deliveryKey(channel.id, announcement.key);
  await store.outbox.enqueue([
    { key, channelId: channel.id, announcement, createdAt: now.toISOString(), attempts: 0, repliesPosted: 0 },
  ]);
  return key;
}

describe('store writes that fail', () => {
  it('after the head was posted: retried, the head not posted twice, the receipt only when all is out', async () => {
    // Writes to the outbox: 1 enqueue, 2 "started", 3 the head's message id (fails).
    await open({ name: 'outbox', onWrite: 3 });
    const key = await enqueue();
    const platform = new DedupingPlatform();
    expect(await worker(platform).run()).toMatchObject({ delivered: 0, failed: 1, held: 0 });
    expect(await store.outbox.receipt(key)).toBeUndefined();
    now = new Date(now.getTime() + 60_000);
    expect(await worker(platform).run()).toMatchObject({ delivered: 1, failed: 0, held: 0 });
    expect(platform.posted.filter((p) => p.kind === 'head')).toHaveLength(1);
    expect(platform.posted.filter((p) => p.kind === 'reply').map((p) => p.index)).toEqual([0, 1, 2]);
    expect(await store.outbox.receipt(key)).toMatchObject({ recordId: paper.id });
  });

  it('when the receipt cannot be written: the delivery stays queued, and nothing is posted again', async () => {
    await open({ name: 'delivered', onWrite: 1 });
    const key = await enqueue();
    const platform = new DedupingPlatform();
    await worker(platform).run();
    expect(await store.outbox.receipt(key)).toBeUndefined();
    expect((await store.outbox.pending()).map((entry) => entry.key)).toEqual([key]);
    now = new Date(now.getTime() + 60_000);
    await worker(platform).run();
    expect(await store.outbox.receipt(key)).toBeDefined();
    expect(platform.posted).toHaveLength(4);
  });

  it('when queueing fails: the error surfaces and nothing is marked as queued or delivered', async () => {
    await open({ name: 'outbox', onWrite: 1 });
    await expect(enqueue()).rejects.toBeInstanceOf(StoreError);
    expect(await store.outbox.pending()).toEqual([]);
  });
});
