/**
 * What happens to the talks a talk source returned: those of watched people (or all, for a feed
 * with `announceAll`) are stored, announced when they are news, and followed: a change of time or
 * place, or a cancellation, of an announced talk goes into its thread. A talk gone from a feed
 * that was otherwise read fine, before its start, counts as cancelled. The same talk in a second
 * feed (same start, same title or a common speaker) is the first one's: not stored, announced or
 * followed again; the feed that first gave it is the one followed.
 *
 * Order of writes, as in the poll cycle: outbox first, then records and states, so a crash in
 * between re-queues the same delivery keys, which the outbox ignores. (A change notice's key
 * carries the time it was seen, so that one could be posted twice; losing it would be worse.)
 */
import type Bottleneck from 'bottleneck';
import { sourceLabelOf } from '../announce/compose-paper.js';
import { byCodeUnits } from '../code-unit-order.js';
import type { Logger } from '../log.js';
import type { CycleContext, TalkResultHandler } from '../pipeline/poll-cycle.js';
import { isTalk, type TalkRecord } from '../records/record.js';
import { matchRecordPeople } from '../records/watchlist.js';
import type { PollResult, Source } from '../sources/source.js';
import type { RecordRepository } from '../store/record-repository.js';
import type { AnnounceContext, TalkAnnouncer, TalkSettings } from './talk-announcer.js';
import {
  changesBetween,
  isGoneBeforeStart,
  isSameTalk,
  isStillAhead,
  remindersPassed,
  snapshotOf,
} from './talk-rules.js';
import type { TalkState, TalkStateRepository } from './talk-state.js';

export interface TalkTrackerDependencies {
  records: RecordRepository;
  states: TalkStateRepository;
  announcer: TalkAnnouncer;
  settings: TalkSettings;
  logger: Logger;
  /** One talk round at a time: the tracker and the tick share it. */
  lock: Bottleneck;
}

export class TalkTracker {
  constructor(private readonly deps: TalkTrackerDependencies) {}

  /** The poll cycle's hook for talk sources; returns how many deliveries it queued. */
  readonly handle: TalkResultHandler = (source, result, context) =>
    this.deps.lock.schedule(() => this.#handle(source, result, context));

  async #handle(source: Source, result: PollResult, context: CycleContext): Promise<number> {
    // An unchanged feed (304) says nothing new, and nothing about what is gone.
    if (result.notModified) return 0;
    const round: AnnounceContext = {
      now: context.now,
      channels: context.channels,
      matchers: context.watchlist.matchers,
    };
    const talks = result.records.filter(isTalk);
    const ids = talks.map((talk) => talk.id);
    const [states, stored, followed] = await Promise.all([
      this.deps.states.getMany(ids),
      this.deps.records.getMany(ids),
      this.deps.states.all(),
    ]);
    const toSave: TalkRecord[] = [];
    const statesToSave: TalkState[] = [];
    const elsewhere = new SameTalkFinder(followed, source.id, this.deps.records);
    let queued = 0;
    for (const [index, talk] of talks.entries()) {
      const people = matchRecordPeople(talk, context.watchlist, false);
      let state = states[index];
      if (!state && people.length === 0 && !source.announceAll) continue;
      if (!state) {
        const same = await elsewhere.find(talk);
        if (same) {
          if (!same.aliases?.includes(talk.id)) statesToSave.push(withAlias(same, talk.id));
          continue;
        }
      }
      const record: TalkRecord = { ...talk, people };
      if (state) {
        // The feed's config may have changed since (`announceAll` switched on).
        state.announceAll = source.announceAll;
        queued += await this.#followChanges(record, state, round);
      } else {
        state = this.#newState(record, source, context.now);
      }
      queued += await this.deps.announcer.announceNew(record, state, round);
      statesToSave.push(state);
      if (!sameRecord(stored[index], record)) toSave.push({ ...record, updated: context.now.toISOString() });
    }
    if (result.itemCount > 0) {
      queued += await this.#cancelGone(followed, source, new Set(ids), round, toSave, statesToSave);
    }
    await this.deps.records.save(toSave);
    await this.deps.states.save(statesToSave);
    return queued;
  }

  #newState(record: TalkRecord, source: Source, now: Date): TalkState {
    return {
      recordId: record.id,
      sourceId: source.id,
      sourceLabel: record.series ?? sourceLabelOf(source.id, source.label),
      announceAll: source.announceAll,
      announced: {},
      remindersDone: [],
      last: snapshotOf(record),
      firstSeen: now.toISOString(),
    };
  }

  /** Compares the talk with how it was last seen; tells the announced threads what changed. */
  async #followChanges(record: TalkRecord, state: TalkState, round: AnnounceContext): Promise<number> {
    const before = state.last;
    const after = snapshotOf(record);
    state.last = after;
    const announced = Object.keys(state.announced).length > 0;
    if (!announced || !isStillAhead(before, after, round.now)) return 0;
    if (after.status === 'cancelled') {
      if (before.status === 'cancelled') return 0;
      return this.deps.announcer.followUp(record, state, { event: 'cancelled' }, round);
    }
    const changes = changesBetween(before, after);
    if (changes.length === 0) return 0;
    if (changes.some((change) => change.field === 'time')) {
      // Reminders not yet due at the new time are sent again then; those sent and still due are not.
      const passed = remindersPassed(after.start, this.deps.settings.reminders, round.now);
      state.remindersDone = state.remindersDone.filter((offset) => passed.includes(offset));
    }
    return this.deps.announcer.followUp(record, state, { event: 'changed', changes }, round);
  }

  /** Followed talks of this source missing from its fresh reading, before their start: cancelled. */
  async #cancelGone(
    followed: readonly TalkState[],
    source: Source,
    seen: ReadonlySet<string>,
    round: AnnounceContext,
    toSave: TalkRecord[],
    statesToSave: TalkState[],
  ): Promise<number> {
    const { horizonDays } = this.deps.settings;
    const gone = followed.filter(
      (state) => state.sourceId === source.id && isGoneBeforeStart(state, seen, round.now, horizonDays),
    );
    const records = await this.deps.records.getMany(gone.map((state) => state.recordId));
    let queued = 0;
    for (const [index, state] of gone.entries()) {
      const stored = records[index];
      if (!stored || !isTalk(stored)) continue;
      const cancelled: TalkRecord = { ...stored, status: 'cancelled', updated: round.now.toISOString() };
      this.deps.logger.info(
        { source: source.id, talk: stored.id, title: stored.title },
        'talk gone from its feed before its start: taken as cancelled',
      );
      state.last = { ...state.last, status: 'cancelled' };
      if (Object.keys(state.announced).length > 0) {
        queued += await this.deps.announcer.followUp(cancelled, state, { event: 'cancelled' }, round);
      }
      toSave.push(cancelled);
      statesToSave.push(state);
    }
    return queued;
  }
}

/** Finds, among the talks followed from other feeds, the one a new talk is the same as. */
class SameTalkFinder {
  readonly #byAlias: Map<string, TalkState>;

  constructor(
    private readonly followed: readonly TalkState[],
    private readonly sourceId: string,
    private readonly records: RecordRepository,
  ) {
    this.#byAlias = new Map(
      followed.flatMap((state) => (state.aliases ?? []).map((id) => [id, state] as const)),
    );
  }

  async find(talk: TalkRecord): Promise<TalkState | undefined> {
    const known = this.#byAlias.get(talk.id);
    if (known) return known;
    const candidates = this.followed.filter(
      (state) => state.sourceId !== this.sourceId && Date.parse(state.last.start) === Date.parse(talk.start),
    );
    if (candidates.length === 0) return undefined;
    const records = await this.records.getMany(candidates.map((state) => state.recordId));
    const index = records.findIndex((record) => record && isTalk(record) && isSameTalk(record, talk));
    const same = candidates[index];
    if (same) this.#byAlias.set(talk.id, same);
    return same;
  }
}

function withAlias(state: TalkState, id: string): TalkState {
  state.aliases = [...(state.aliases ?? []), id];
  return state;
}

/** Whether the stored record already says all this one says (`updated` aside). */
function sameRecord(stored: unknown, record: TalkRecord): boolean {
  if (!stored || typeof stored !== 'object') return false;
  const { updated: _updated, ...rest } = stored as TalkRecord;
  return canonicalJson(rest) === canonicalJson(record);
}

/** JSON with object keys sorted: a record read back from the store may list them in another order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => byCodeUnits(a, b)))
      : inner,
  );
}
