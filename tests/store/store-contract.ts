/**
 * The behaviour every store backend must have, run against each of them (SQLite file, Redis):
 * the KeyValueStore semantics in every collection, then the repositories on top of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/announce/announcement.js';
import { COLLECTIONS, type StoreBackend } from '../../src/store/key-value-store.js';
import { createStore, SCHEMA_VERSION, type Store } from '../../src/store/store.js';
import { feed, outboxEntry, paper, person } from './sample-data.js';

const AWKWARD_KEYS = [
  'doi:10.1000/xyz:123',
  'person:a:b:c',
  'ключ/日本語/😀',
  'with space and |pipe',
  '*?[glob]\\',
];

const NESTED = {
  title: 'Grüße — 日本語 😀',
  numbers: [0, -1, 2.5, 1e21],
  flags: { yes: true, no: false, nothing: null },
  deep: { a: { b: { c: [{ d: 'e' }, [], {}] } } },
  empty: '',
};

async function collect<T>(entries: AsyncIterable<[string, T]>): Promise<[string, T][]> {
  const result: [string, T][] = [];
  for await (const entry of entries) result.push(entry);
  return result;
}

export function describeStoreContract(
  name: string,
  open: () => Promise<StoreBackend>,
  cleanup: (backend: StoreBackend) => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let backend: StoreBackend;
    beforeEach(async () => {
      backend = await open();
    });
    afterEach(async () => {
      await cleanup(backend);
    });

    describe('key-value semantics', () => {
      it.each(COLLECTIONS)(
        '%s: get, set, overwrite, getMany, setMany, delete, entries',
        async (collectionName) => {
          const collection = backend.collection<unknown>(collectionName);
          expect(await collection.get(AWKWARD_KEYS[0]!)).toBeUndefined();
          await collection.set(AWKWARD_KEYS[0]!, NESTED);
          expect(await collection.get(AWKWARD_KEYS[0]!)).toEqual(NESTED);
          await collection.set(AWKWARD_KEYS[0]!, { replaced: true });
          expect(await collection.get(AWKWARD_KEYS[0]!)).toEqual({ replaced: true });

          await collection.setMany(
            AWKWARD_KEYS.slice(1).map((key, index) => [key, { key, index, NESTED }] as const),
          );
          expect(await collection.getMany([AWKWARD_KEYS[1]!, 'missing', AWKWARD_KEYS[4]!])).toEqual([
            { key: AWKWARD_KEYS[1], index: 0, NESTED },
            undefined,
            { key: AWKWARD_KEYS[4], index: 3, NESTED },
          ]);
          expect(await collection.getMany([])).toEqual([]);
          await collection.setMany([]);

          const listed = new Map(await collect(collection.entries()));
          expect([...listed.keys()].sort()).toEqual([...AWKWARD_KEYS].sort());
          expect(listed.get(AWKWARD_KEYS[2]!)).toEqual({ key: AWKWARD_KEYS[2], index: 1, NESTED });

          await collection.delete(AWKWARD_KEYS[2]!);
          await collection.delete('never-written');
          expect(await collection.get(AWKWARD_KEYS[2]!)).toBeUndefined();
          expect((await collect(collection.entries())).map(([key]) => key).sort()).toEqual(
            AWKWARD_KEYS.filter((_, index) => index !== 2).sort(),
          );
        },
      );

      it('keeps top-level numbers, strings and arrays as they were', async () => {
        await backend.collection<number>('meta').set('n', 42);
        await backend.collection<string>('aliases').set('doi:10.1/x', 'arxiv:2401.00001');
        await backend.collection<string[]>('changes').set('7', ['arxiv:1', 'doi:2']);
        expect(await backend.collection('meta').get('n')).toBe(42);
        expect(await backend.collection('aliases').get('doi:10.1/x')).toBe('arxiv:2401.00001');
        expect(await backend.collection('changes').get('7')).toEqual(['arxiv:1', 'doi:2']);
      });

      it('keeps collections apart: the same key in each holds its own value', async () => {
        for (const name of COLLECTIONS) await backend.collection(name).set('shared:key', { from: name });
        for (const name of COLLECTIONS) {
          expect(await backend.collection(name).get('shared:key')).toEqual({ from: name });
          expect(await collect(backend.collection(name).entries())).toEqual([['shared:key', { from: name }]]);
        }
        await backend.collection('records').delete('shared:key');
        expect(await backend.collection('aliases').get('shared:key')).toEqual({ from: 'aliases' });
      });

      it('lists 2,000 entries once each, and deletes them all after collecting', async () => {
        const outbox = backend.collection<{ n: number; text: string }>('outbox');
        const written = Array.from(
          { length: 2000 },
          (_, n) => [`entry:${n}:ü`, { n, text: `value ${n}` }] as const,
        );
        await outbox.setMany(written.slice(0, 1000));
        await outbox.setMany(written.slice(1000));
        await backend.collection('delivered').set('entry:0:ü', { n: -1, text: 'another collection' });

        const listed = await collect(outbox.entries());
        expect(listed).toHaveLength(2000);
        expect(new Set(listed.map(([key]) => key)).size).toBe(2000);
        expect(new Map(listed)).toEqual(new Map(written));

        // The port's rule: collect first, then delete (SQLite pages with OFFSET).
        for (const [key] of listed) await outbox.delete(key);
        expect(await collect(outbox.entries())).toEqual([]);
        expect(await backend.collection('delivered').get('entry:0:ü')).toEqual({
          n: -1,
          text: 'another collection',
        });
      });
    });

    describe('repositories', () => {
      let store: Store;
      beforeEach(async () => {
        store = await createStore(backend);
      });

      it('records: save with aliases, resolve aliases, change log with gaps', async () => {
        const { records } = store;
        await records.save([paper(1), paper(2)], [['doi:10.1/one', 'arxiv:2401.00001']]);
        await records.save([paper(3)]);
        expect(await records.get('arxiv:2401.00002')).toEqual(paper(2));
        expect(await records.getMany(['arxiv:2401.00003', 'arxiv:missing'])).toEqual([paper(3), undefined]);
        const resolved = await records.resolveAliases(['doi:10.1/one', 'doi:10.1/unknown']);
        expect([...resolved]).toEqual([['doi:10.1/one', 'arxiv:2401.00001']]);

        expect(await records.revision()).toBe(2);
        expect(await records.changesSince(0)).toEqual([
          { rev: 1, ids: ['arxiv:2401.00001', 'arxiv:2401.00002'] },
          { rev: 2, ids: ['arxiv:2401.00003'] },
        ]);
        expect(await records.changesSince(1)).toEqual([{ rev: 2, ids: ['arxiv:2401.00003'] }]);
        expect(await records.changesSince(2)).toEqual([]);

        // Aliases alone are no change for the index.
        await records.save([], [['doi:10.1/three', 'arxiv:2401.00003']]);
        expect(await records.revision()).toBe(2);
        expect((await records.resolveAliases(['doi:10.1/three'])).get('doi:10.1/three')).toBe(
          'arxiv:2401.00003',
        );

        await backend.collection('changes').delete('1');
        expect(await records.changesSince(0)).toBeUndefined();
        expect(await records.changesSince(1)).toEqual([{ rev: 2, ids: ['arxiv:2401.00003'] }]);

        const all: string[] = [];
        for await (const record of records.all()) all.push(record.id);
        expect(all.sort()).toEqual(['arxiv:2401.00001', 'arxiv:2401.00002', 'arxiv:2401.00003']);
      });

      it('outbox: enqueue ignores queued and delivered entries; complete; pending in order', async () => {
        const { outbox } = store;
        const late = outboxEntry(1, 'general', '2024-01-01T10:00:00.000Z');
        const earlyB = outboxEntry(2, 'papers', '2024-01-01T09:00:00.000Z');
        const earlyA = outboxEntry(3, 'general', '2024-01-01T09:00:00.000Z');
        expect(await outbox.enqueue([late, earlyB, earlyA])).toHaveLength(3);
        const fourth = outboxEntry(4, 'general', '2024-01-01T08:00:00.000Z');
        expect(await outbox.enqueue([{ ...late, attempts: 9 }, fourth])).toEqual([fourth]);
        expect((await outbox.get(late.key))?.attempts).toBe(0);

        const posted = {
          ...earlyB,
          head: { messageId: 'm1', threadId: 't1', channelId: 'c1' },
          repliesPosted: 3,
        };
        await outbox.save(posted);
        const receipt = await outbox.complete(posted, new Date('2024-01-02T00:00:00Z'));
        expect(receipt).toMatchObject({ key: earlyB.key, recordId: 'arxiv:2401.00002', event: 'new' });
        expect(await outbox.receipt(earlyB.key)).toEqual(receipt);
        expect(await outbox.get(earlyB.key)).toBeUndefined();
        expect(await outbox.enqueue([earlyB])).toEqual([]);

        expect((await outbox.pending()).map((entry) => entry.key)).toEqual([
          fourth.key,
          earlyA.key,
          late.key,
        ]);
      });

      it('outbox: held deliveries are listed and queued again by key, channel or all', async () => {
        const { outbox } = store;
        const a = outboxEntry(1, 'general', '2024-01-01T09:00:00.000Z');
        const b = outboxEntry(2, 'papers', '2024-01-01T10:00:00.000Z');
        const c = outboxEntry(3, 'general', '2024-01-01T11:00:00.000Z');
        await outbox.enqueue([a, b, c]);
        const held = (entry: typeof a) => ({
          ...entry,
          heldAt: '2024-01-02T00:00:00.000Z',
          attempts: 10,
          notBefore: '2024-01-03T00:00:00.000Z',
          lastError: 'Missing Access',
        });
        for (const entry of [a, b, c]) await outbox.save(held(entry));
        expect((await outbox.held()).map((entry) => entry.key)).toEqual([a.key, b.key, c.key]);

        expect((await outbox.redeliver({ key: b.key })).map((entry) => entry.key)).toEqual([b.key]);
        expect(await outbox.get(b.key)).toMatchObject({ attempts: 0, lastError: 'Missing Access' });
        expect((await outbox.get(b.key))?.heldAt).toBeUndefined();
        expect((await outbox.get(b.key))?.notBefore).toBeUndefined();
        expect((await outbox.redeliver({ channelId: 'general' })).map((entry) => entry.key)).toEqual([
          a.key,
          c.key,
        ]);
        expect(await outbox.held()).toEqual([]);
        await outbox.save(held(a));
        expect((await outbox.redeliver('all')).map((entry) => entry.key)).toEqual([a.key]);
      });

      it('outbox: a refusal receipt of an older version is found and turned back into a delivery', async () => {
        const { outbox } = store;
        const entry = outboxEntry(5, 'general', '2024-01-01T09:00:00.000Z');
        const legacy = {
          key: entry.key,
          channelId: 'general',
          recordId: (entry.announcement as Announcement).record.id,
          event: 'new' as const,
          deliveredAt: '2024-01-01T09:05:00.000Z',
          failed: 'Missing Access',
        };
        await backend.collection('delivered').set(legacy.key, legacy);
        const done = outboxEntry(6, 'general', '2024-01-01T09:00:00.000Z');
        await outbox.complete(done, new Date('2024-01-01T09:01:00.000Z'));
        const refused = [];
        for await (const receipt of outbox.refusedReceipts()) refused.push(receipt);
        expect(refused).toEqual([legacy]);

        await outbox.restoreRefused(legacy, {
          ...entry,
          heldAt: legacy.deliveredAt,
          lastError: legacy.failed,
        });
        expect(await outbox.receipt(legacy.key)).toBeUndefined();
        expect((await outbox.held()).map((held) => held.key)).toEqual([entry.key]);
        expect(await outbox.enqueue([entry])).toEqual([]);
      });

      it('source state: update merges and removes what is set to undefined', async () => {
        const { sources } = store;
        expect(await sources.get('arxiv')).toEqual({ failures: 0 });
        await sources.update('arxiv', { failures: 2, etag: '"abc"', lastError: 'HTTP 503' });
        const next = await sources.update('arxiv', {
          failures: 0,
          lastError: undefined,
          lastSuccessAt: 'now',
        });
        expect(next).toEqual({ failures: 0, etag: '"abc"', lastSuccessAt: 'now' });
        const stored = await sources.get('arxiv');
        expect(stored).toEqual(next);
        expect('lastError' in stored).toBe(false);
        await sources.update('feed:seminars', { failures: 1 });
        const many = await sources.getMany(['arxiv', 'unknown']);
        expect(many.get('unknown')).toEqual({ failures: 0 });
        expect([...(await sources.all()).keys()].sort()).toEqual(['arxiv', 'feed:seminars']);
      });

      it('watchlist: stored changes are layered over the config lists', async () => {
        const { watchlist } = store;
        const at = new Date('2024-03-01T12:00:00Z');
        const configPeople = [person('ada', 'Ada Lovelace'), person('alan', 'Alan Turing')];
        const configFeeds = [feed('colloquium')];
        await watchlist.addPerson(person('grace', 'Grace Hopper'), 'U1', at, undefined);
        await watchlist.removePerson('ada', 'U1', at, configPeople[0]);
        await watchlist.addFeed(feed('seminars'), 'U2', at, undefined);
        await watchlist.removeFeed('colloquium', 'U2', at, configFeeds[0]);
        const applied = await watchlist.apply(configPeople, configFeeds);
        expect(applied.people.map((p) => p.id).sort()).toEqual(['alan', 'grace']);
        expect(applied.feeds).toEqual([feed('seminars')]);
        expect(
          applied.overrides.map(({ kind, id, action, by }) => `${kind} ${id} ${action} by ${by}`),
        ).toEqual([
          'person ada removed by U1',
          'person grace added by U1',
          'feed colloquium removed by U2',
          'feed seminars added by U2',
        ]);

        await watchlist.addPerson(person('ada', 'Ada King'), 'U3', at, configPeople[0]);
        const again = await watchlist.apply(configPeople, configFeeds);
        expect(again.people.find((p) => p.id === 'ada')?.name).toBe('Ada King');
      });

      it('watchlist: the newest edit wins; a chat removal lasts until the file edits that entry', async () => {
        const { watchlist } = store;
        const at = new Date('2024-03-01T12:00:00Z');
        const ada = person('ada', 'Ada Lovelace');
        await watchlist.removePerson('ada', 'U1', at, ada);
        // Another entry of the file edited: the removal stands.
        const alan = person('alan', 'Alan Turing');
        expect((await watchlist.apply([ada, alan], [])).people.map((p) => p.id)).toEqual(['alan']);
        // Ada's own entry edited: the file is the newer edit, she is back, and stays back.
        const edited = { ...ada, aliases: ['A. Lovelace'] };
        expect((await watchlist.apply([edited, alan], [])).people.map((p) => p.id)).toEqual(['ada', 'alan']);
        expect((await watchlist.apply([ada, alan], [])).people.map((p) => p.id)).toEqual(['ada', 'alan']);
        // A person added in chat gives way to an entry of that id the file gains later.
        await watchlist.addPerson(person('grace', 'Grace Hopper'), 'U2', at, undefined);
        const fromFile = person('grace', 'Grace Brewster Murray Hopper');
        const layered = await watchlist.apply([fromFile], []);
        expect(layered.people).toEqual([fromFile]);
        expect(layered.overrides).toEqual([]);
      });
    });

    describe('schema version', () => {
      it('stamps a new store and refuses one written by a newer version', async () => {
        await createStore(backend);
        expect(await backend.collection('meta').get('schemaVersion')).toBe(SCHEMA_VERSION);
        await backend.collection('meta').set('schemaVersion', 999);
        await expect(createStore(backend)).rejects.toMatchObject({ code: 'STORE_SCHEMA' });
      });
    });
  });
}
