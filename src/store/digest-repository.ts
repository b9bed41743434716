/**
 * What digests remember: the items waiting for a channel's next digest, each channel's digest
 * state (the end of the last period sent, and the digest being queued), the digest mode set from
 * the chat (`/channel digest`), and, for every item once it went into a digest, a marker saying
 * which: a published version of a paper that went into a digest follows it into the next one.
 * Waiting items, states and modes share one collection (listed at each digest tick, small); the
 * markers have their own (only ever read by key).
 */
import type { Announcement } from '../announce/announcement.js';
import { byCodeUnits } from '../code-unit-order.js';
import type { KeyValueStore } from './key-value-store.js';

/** An announcement that a digest channel (or member) would have got, waiting for the digest. */
export interface DigestItemEntry {
  /** The delivery key it would have had (`<channel>|<announcement key>`). */
  key: string;
  channelId: string;
  announcement: Announcement;
  queuedAt: string;
}

export interface DigestState {
  channelId: string;
  /** End of the last period sent (or when the channel started collecting): the next digest's start. */
  lastTo: string;
  /**
   * A digest being queued: written before its outbox entry, so that after a crash the same
   * digest is finished (its items marked) rather than composed again with other items.
   */
  queuing?: {
    /** Its delivery key. */
    key: string;
    to: string;
    itemKeys: string[];
    /** False for an empty period that sends nothing: there is nothing to find in the outbox. */
    sends: boolean;
  };
}

/** `/channel digest daily|weekly|off`: the stored mode, over the config's. */
export interface ChannelModeOverride {
  channelId: string;
  mode: 'instant' | 'digest';
  every?: 'daily' | 'weekly';
  by: string;
  at: string;
}

interface DigestedMarker {
  /** Delivery key of the digest it went into. */
  digest: string;
  at: string;
}

type DigestValue = DigestItemEntry | DigestState | ChannelModeOverride;

const ITEM = 'item:';
const STATE = 'state:';
const MODE = 'mode:';

export class DigestRepository {
  constructor(
    private readonly entries: KeyValueStore<DigestValue>,
    private readonly digested: KeyValueStore<DigestedMarker>,
  ) {}

  /** Adds items neither waiting nor digested already; returns those it added. */
  async add(items: readonly DigestItemEntry[]): Promise<DigestItemEntry[]> {
    if (items.length === 0) return [];
    const known = await this.known(items.map((item) => item.key));
    const fresh = items.filter((item) => !known.has(item.key));
    await this.entries.setMany(fresh.map((item) => [ITEM + item.key, item] as const));
    return fresh;
  }

  /** Of these delivery keys, those waiting for a digest or already in one. */
  async known(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const [waiting, done] = await Promise.all([
      this.entries.getMany(keys.map((key) => ITEM + key)),
      this.digested.getMany(keys),
    ]);
    return new Set(keys.filter((_, index) => waiting[index] !== undefined || done[index] !== undefined));
  }

  /** Everything the digest tick works from, in one listing. */
  async snapshot(): Promise<{
    items: Map<string, DigestItemEntry[]>;
    states: Map<string, DigestState>;
    modes: Map<string, ChannelModeOverride>;
  }> {
    const items = new Map<string, DigestItemEntry[]>();
    const states = new Map<string, DigestState>();
    const modes = new Map<string, ChannelModeOverride>();
    for await (const [key, value] of this.entries.entries()) {
      if (key.startsWith(ITEM)) {
        const item = value as DigestItemEntry;
        items.set(item.channelId, [...(items.get(item.channelId) ?? []), item]);
      } else if (key.startsWith(STATE)) states.set(key.slice(STATE.length), value as DigestState);
      else if (key.startsWith(MODE)) modes.set(key.slice(MODE.length), value as ChannelModeOverride);
    }
    for (const list of items.values()) list.sort((a, b) => byCodeUnits(a.queuedAt, b.queuedAt));
    return { items, states, modes };
  }

  async modes(): Promise<Map<string, ChannelModeOverride>> {
    return (await this.snapshot()).modes;
  }

  setMode(override: ChannelModeOverride): Promise<void> {
    return this.entries.set(MODE + override.channelId, override);
  }

  state(channelId: string): Promise<DigestState | undefined> {
    return this.entries.get(STATE + channelId) as Promise<DigestState | undefined>;
  }

  saveState(state: DigestState): Promise<void> {
    return this.entries.set(STATE + state.channelId, state);
  }

  /** Where an item stands: waiting for its channel's next digest, or gone into one (its key). */
  async placeOf(key: string): Promise<{ waitingSince: string } | { digest: string; at: string } | undefined> {
    const [waiting, marker] = await Promise.all([this.entries.get(ITEM + key), this.digested.get(key)]);
    if (marker) return marker;
    return waiting ? { waitingSince: (waiting as DigestItemEntry).queuedAt } : undefined;
  }

  /** The items went into a digest (or were dropped as past): markers first, then they stop waiting. */
  async markDigested(keys: readonly string[], digestKey: string, at: Date): Promise<void> {
    const marker = { digest: digestKey, at: at.toISOString() };
    await this.digested.setMany(keys.map((key) => [key, marker] as const));
    for (const key of keys) await this.entries.delete(ITEM + key);
  }
}
