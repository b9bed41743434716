/**
 * Refusals an earlier version dropped (a receipt marked `failed`, the announcement forgotten)
 * become held deliveries, composed again from the stored record, once per store; a refused
 * follow-up, which cannot be composed again, stays a receipt.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/announce/announcement.js';
import { restoreLegacyRefusals } from '../../src/app/legacy-refusals.js';
import { configSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { DeliveryReceipt } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import { paper } from './sample-data.js';

let workspace: Workspace;
let store: Store;
const config = configSchema.parse({
  people: [{ id: 'favero', name: 'Alessandro Favero' }],
  channels: [{ id: 'lab', platform: 'discord', target: '123456789012345678' }],
});
const context = () => ({
  store,
  config,
  clock: () => new Date('2026-06-01T00:00:00Z'),
  logger: silentLogger,
});

function legacyReceipt(key: string, recordId: string, event: DeliveryReceipt['event']): DeliveryReceipt {
  return {
    key,
    channelId: 'lab',
    recordId,
    event,
    deliveredAt: '2026-05-01T10:00:00.000Z',
    failed: 'Missing Access',
  };
}

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

describe('refusals recorded by an earlier version', () => {
  it('become held deliveries of the same key, with the refusal as their error, once', async () => {
    const record = paper(7);
    await store.records.save([record], []);
    const receipts = store.backend.collection<DeliveryReceipt>('delivered');
    const first = legacyReceipt(`lab|${record.id}`, record.id, 'new');
    const followUp = legacyReceipt(`lab|talk:x#reminder-1h`, 'talk:x', 'reminder');
    await receipts.set(first.key, first);
    await receipts.set(followUp.key, followUp);

    expect(await restoreLegacyRefusals(context())).toBe(1);
    const [held] = await store.outbox.held();
    expect(held).toMatchObject({
      key: first.key,
      channelId: 'lab',
      heldAt: first.deliveredAt,
      lastError: 'Missing Access',
      repliesPosted: 0,
    });
    const announcement = held!.announcement as Announcement;
    expect(announcement.head).toMatchObject({
      title: record.title,
      sourceLabel: 'arXiv',
    });
    expect(announcement.head.people).toContainEqual({
      name: 'Alessandro Favero',
      watched: true,
    });
    expect(held?.announcement.replies.map((reply) => reply.kind)).toEqual(['abstract', 'links', 'bibtex']);
    expect(await store.outbox.receipt(first.key)).toBeUndefined();
    expect(await store.outbox.receipt(followUp.key)).toEqual(followUp);

    await receipts.set(first.key, first);
    expect(await restoreLegacyRefusals(context())).toBe(0);
  });
});
