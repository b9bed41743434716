/**
 * The tracker and the tick over the real SQLite store, driven with poll results as a talk source
 * returns them, and delivered by the real delivery worker to a scripted platform: who is
 * announced where and when, what is followed up in which thread, what is stored.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/announce/delivery-worker.js';
import { configSchema, type HeraldConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { CycleContext } from '../../src/pipeline/poll-cycle.js';
import type { TalkRecord } from '../../src/records/record.js';
import { buildWatchlist } from '../../src/records/watchlist.js';
import type { TalkEvent } from '../../src/sources/calendars/index.js';
import type { PollResult, Source } from '../../src/sources/source.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { createTalks, type Talks } from '../../src/talks/index.js';
import { talkRecordFrom } from '../../src/talks/talk-record.js';
import { ScriptedPlatform } from '../support/scripted-platform.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const HOUR = 60 * 60_000;

const config: HeraldConfig = configSchema.parse({
  people: [
    { id: 'favero', name: 'Alessandro Favero' },
    { id: 'wyart', name: 'Matthieu Wyart' },
  ],
  channels: [
    { id: 'talks', platform: 'console', target: 'x', kinds: ['talk'] },
    { id: 'wyart-only', platform: 'console', target: 'x', people: ['wyart'] },
  ],
});

let workspace: Workspace;
let store: Store;
let talks: Talks;
let platform: ScriptedPlatform;
let now: Date;

function event(key: string, start: string, overrides: Partial<TalkEvent> = {}): TalkEvent {
  const end = new Date(Date.parse(start) + HOUR).toISOString();
  return {
    key,
    title: `Talk ${key}`,
    description: '',
    start,
    end,
    allDay: false,
    status: 'confirmed',
    attendees: [],
    speakerHints: [],
    location: 'Room 1',
    ...overrides,
  };
}

function talkOf(key: string, start: string, overrides: Partial<TalkEvent> = {}): TalkRecord {
  return talkRecordFrom(event(key, start, overrides), 'seminar', 'feed:seminar');
}

function source(announceAll = false, id = 'feed:seminar'): Source {
  return {
    id,
    kind: 'talk',
    label: 'https://seminars.example.org/calendar.ics',
    schedule: 'feeds',
    personIds: [],
    announceAll,
    fingerprint: '',
    poll: async () => ({ records: [], itemCount: 0 }),
  };
}

function poll(records: TalkRecord[], extra: Partial<PollResult> = {}): PollResult {
  return { records, itemCount: Math.max(records.length, 1), ...extra };
}

function handle(result: PollResult, announceAll = false, sourceId = 'feed:seminar'): Promise<number> {
  const context: CycleContext = {
    now,
    watchlist: buildWatchlist(config.people),
    newPeople: new Set(),
    channels: config.channels,
    enqueue: async () => 0,
    enqueueFollowUps: async () => 0,
    announced: async () => new Set(),
  };
  return talks.handleTalks(source(announceAll, sourceId), result, context);
}

/** Delivers the outbox; returns what was posted as `<channel> <kind> <text>`. */
async function deliver(): Promise<string[]> {
  const before = platform.posted.length;
  const worker = new DeliveryWorker({
    outbox: store.outbox,
    channels: () => new Map(config.channels.map((channel) => [channel.id, channel])),
    platformFor: () => ({ platform }),
    clock: () => now,
    logger: silentLogger,
    notifyAdmins: async () => undefined,
  });
  const report = await worker.run();
  expect(report.failed).toBe(0);
  return platform.posted.slice(before).map((post) => `${post.channel} ${post.kind} ${post.text}`);
}

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
  now = new Date('2026-04-01T12:00:00Z');
  talks = createTalks({
    config,
    store,
    fetcher: { fetch: () => Promise.reject(new Error('not used')) },
    clock: () => now,
    logger: silentLogger,
  });
  platform = new ScriptedPlatform();
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

const favero = talkOf('favero-1', '2026-04-10T14:00:00Z', { speakerHints: ['Alessandro Favero'] });
const namesake = talkOf('namesake-1', '2026-04-10T16:00:00Z', { speakerHints: ['Andrea Favero'] });
const later = talkOf('wyart-1', '2026-05-01T14:00:00Z', { speakerHints: ['Matthieu Wyart'] });

describe('new talks', () => {
  it('announces a watched speaker once per matching channel and stores the talk for search', async () => {
    expect(await handle(poll([favero, namesake]))).toBe(1);
    expect(await deliver()).toEqual(['talks head Talk favero-1', 'talks reply calendar']);
    expect(await store.records.get(favero.id)).toMatchObject({
      people: ['favero'],
      speakers: ['Alessandro Favero'],
    });
    expect(await store.records.get(namesake.id)).toBeUndefined();
    expect(await handle(poll([favero, namesake]))).toBe(0);
  });

  it('matches on the text when a talk names no speaker', async () => {
    const unnamed = talkOf('text-1', '2026-04-10T14:00:00Z', {
      description: 'A talk by A. Favero on kernels.',
    });
    expect(unnamed.speakers).toEqual([]);
    expect(await handle(poll([unnamed]))).toBe(1);
  });

  it('stores a talk beyond the window, which the tick announces once the window opens', async () => {
    expect(await handle(poll([later]))).toBe(0);
    expect(await talks.tick()).toBe(0);
    now = new Date('2026-04-17T14:00:00Z');
    expect(await talks.tick()).toBe(2);
    // Channels are delivered in parallel: their order is not part of the contract.
    expect((await deliver()).filter((post) => post.includes(' head ')).sort()).toEqual([
      'talks head Talk wyart-1',
      'wyart-only head Talk wyart-1',
    ]);
    expect(await talks.tick()).toBe(0);
  });

  it('announces every talk of an announceAll feed, but not in channels kept to some people', async () => {
    expect(await handle(poll([favero, namesake]), true)).toBe(2);
    expect((await deliver()).filter((post) => post.includes(' head ')).sort()).toEqual([
      'talks head Talk favero-1',
      'talks head Talk namesake-1',
    ]);
  });

  it('never announces as new a cancelled talk or one under way', async () => {
    const cancelled = talkOf('c-1', '2026-04-05T14:00:00Z', {
      status: 'cancelled',
      speakerHints: ['Alessandro Favero'],
    });
    const started = talkOf('s-1', '2026-04-01T11:30:00Z', { speakerHints: ['Alessandro Favero'] });
    expect(await handle(poll([cancelled, started]))).toBe(0);
    expect(await talks.tick()).toBe(0);
    expect(await store.records.get(cancelled.id)).toMatchObject({ status: 'cancelled' });
  });
});

describe('changes of announced talks', () => {
  beforeEach(async () => {
    await handle(poll([favero]));
    await deliver();
  });

  it('edits the head and tells the move in the thread, once', async () => {
    const moved = { ...favero, start: '2026-04-11T09:00:00Z', end: '2026-04-11T10:00:00Z' };
    expect(await handle(poll([moved]))).toBe(1);
    const [entry] = await store.outbox.pending();
    expect(entry?.followUp).toEqual({ of: `talks|${favero.id}`, editHead: true });
    expect(entry?.announcement.replies[0]?.kind).toBe('notice');
    expect(await deliver()).toEqual(['talks edit Talk favero-1', 'talks reply notice']);
    expect(await handle(poll([moved]))).toBe(0);
    expect(await store.records.get(favero.id)).toMatchObject({ start: moved.start });
  });

  it('follows STATUS:CANCELLED once, and never announces the talk again', async () => {
    const cancelled = { ...favero, status: 'cancelled' as const };
    expect(await handle(poll([cancelled]))).toBe(1);
    expect((await store.outbox.pending()).map((entry) => entry.key)).toEqual([
      `talks|${favero.id}#cancelled`,
    ]);
    await deliver();
    expect(await handle(poll([cancelled]))).toBe(0);
    expect(await talks.tick()).toBe(0);
  });

  it('takes a talk gone from a readable feed before its start as cancelled', async () => {
    expect(await handle(poll([namesake]))).toBe(1);
    expect((await store.outbox.pending()).map((entry) => entry.announcement.event)).toEqual(['cancelled']);
    expect(await store.records.get(favero.id)).toMatchObject({ status: 'cancelled' });
  });

  it('takes nothing for gone from an unchanged (304) or an empty reading', async () => {
    expect(await handle(poll([], { notModified: true, itemCount: 0 }))).toBe(0);
    expect(await handle({ records: [], itemCount: 0 })).toBe(0);
    expect(await store.outbox.pending()).toEqual([]);
    expect(await store.records.get(favero.id)).toMatchObject({ status: 'confirmed' });
  });

  it('says nothing about a change once the talk is over', async () => {
    now = new Date('2026-04-10T16:00:00Z');
    expect(await handle(poll([{ ...favero, location: 'Room 2' }]))).toBe(0);
  });
});

describe('reminders', () => {
  beforeEach(async () => {
    await handle(poll([favero]));
    await deliver();
  });

  it('sends the 24-hour reminder into the thread once, without a channel message', async () => {
    now = new Date('2026-04-09T15:00:00Z');
    expect(await talks.tick()).toBe(1);
    const [entry] = await store.outbox.pending();
    expect(entry?.key).toBe(`talks|${favero.id}#reminder-24h@2026-04-10T14:00:00.000Z`);
    expect(entry?.followUp).toEqual({ of: `talks|${favero.id}`, editHead: false });
    expect(await deliver()).toEqual(['talks reply notice']);
    expect(await talks.tick()).toBe(0);
  });

  it('sends only the 1-hour reminder when both are due, with a channel message', async () => {
    now = new Date('2026-04-10T13:30:00Z');
    expect(await talks.tick()).toBe(1);
    expect(await deliver()).toEqual([
      'talks reply notice',
      'talks notice Starting in 30 minutes: "Talk favero-1" with Alessandro Favero (Room 1).',
    ]);
    expect(await talks.tick()).toBe(0);
  });

  it('sends none once the talk has started', async () => {
    now = new Date('2026-04-10T14:00:00Z');
    expect(await talks.tick()).toBe(0);
  });

  it('are sent again for the new time of a talk moved later', async () => {
    now = new Date('2026-04-09T15:00:00Z');
    await talks.tick();
    await deliver();
    const moved = { ...favero, start: '2026-04-17T14:00:00Z', end: '2026-04-17T15:00:00Z' };
    await handle(poll([moved]));
    await deliver();
    now = new Date('2026-04-16T15:00:00Z');
    expect(await talks.tick()).toBe(1);
    // The outbox refuses a delivery key it has a receipt for: the key names the new start.
    expect((await store.outbox.pending()).map((entry) => entry.key)).toEqual([
      `talks|${favero.id}#reminder-24h@2026-04-17T14:00:00.000Z`,
    ]);
  });

  it('forgets a talk a week after it ended', async () => {
    now = new Date('2026-04-18T00:00:00Z');
    await talks.tick();
    const states = store.backend.collection('talks');
    expect(await states.get(favero.id)).toBeUndefined();
  });
});

describe("a talk first seen inside a reminder's lead time", () => {
  it('gets its announcement only; the next reminder comes when due', async () => {
    now = new Date('2026-04-09T15:00:00Z');
    expect(await handle(poll([favero]))).toBe(1);
    expect(await talks.tick()).toBe(0);
    expect((await store.outbox.pending()).map((entry) => entry.key)).toEqual([`talks|${favero.id}`]);
    await deliver();
    now = new Date('2026-04-10T13:30:00Z');
    expect(await talks.tick()).toBe(1);
    expect((await store.outbox.pending()).map((entry) => entry.key)).toEqual([
      `talks|${favero.id}#reminder-1h@2026-04-10T14:00:00.000Z`,
    ]);
  });
});

describe('the same talk in two feeds', () => {
  const elsewhere = (overrides: Partial<TalkEvent>) =>
    talkRecordFrom(event('other-key', favero.start, overrides), 'department', 'feed:department');

  it('is one talk: announced once, stored once, and known again at the next poll', async () => {
    expect(await handle(poll([favero]))).toBe(1);
    const copy = elsewhere({ title: 'TALK FAVERO-1!', speakerHints: [] });
    expect(await handle(poll([copy]), false, 'feed:department')).toBe(0);
    expect(await handle(poll([copy]), true, 'feed:department')).toBe(0);
    expect(await store.records.get(copy.id)).toBeUndefined();
    const bySpeaker = elsewhere({ title: 'Diffusion and hierarchies', speakerHints: ['Alessandro Favero'] });
    expect(await handle(poll([bySpeaker]), false, 'feed:department')).toBe(0);
  });

  it('is not a talk at the same time with another title and speaker', async () => {
    expect(await handle(poll([favero]))).toBe(1);
    const other = elsewhere({ title: 'Another talk', speakerHints: ['Matthieu Wyart'] });
    expect(await handle(poll([other]), false, 'feed:department')).toBe(2);
  });
});
