/**
 * What the bot remembers about each talk it follows, in the store's `talks` collection: where it
 * was announced (so changes and reminders go into those threads), which reminders are done, and
 * the time, place and status last seen (so a change is noticed once).
 */
import type { TalkStatus } from '../records/record.js';
import type { KeyValueStore } from '../store/key-value-store.js';

/** The facts of a talk whose change is news. */
export interface TalkSnapshot {
  start: string;
  end: string;
  location?: string;
  status: TalkStatus;
}

export interface TalkState {
  recordId: string;
  /** Source that reported it: a talk gone from this source's feed is cancelled. */
  sourceId: string;
  /** The line naming the source in announcements (series, else the feed's host). */
  sourceLabel: string;
  /** The feed announces every talk, watched speaker or not. */
  announceAll: boolean;
  /** Channel id -> delivery key of the announcement there; follow-ups go into its thread. */
  announced: Record<string, string>;
  /** Reminder offsets (ms before start) sent, or skipped because a later one was sent instead. */
  remindersDone: number[];
  last: TalkSnapshot;
  firstSeen: string;
  /** Record ids of the same talk read from other feeds: announced and followed as this one. */
  aliases?: string[];
}

export class TalkStateRepository {
  constructor(private readonly talks: KeyValueStore<TalkState>) {}

  getMany(ids: readonly string[]): Promise<(TalkState | undefined)[]> {
    return this.talks.getMany(ids);
  }

  async save(states: readonly TalkState[]): Promise<void> {
    if (states.length === 0) return;
    await this.talks.setMany(states.map((state) => [state.recordId, state] as const));
  }

  async all(): Promise<TalkState[]> {
    const states: TalkState[] = [];
    for await (const [, state] of this.talks.entries()) states.push(state);
    return states;
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.talks.delete(id);
  }
}
