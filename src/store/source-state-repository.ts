/**
 * What the bot knows about each source between polls: conditional-GET validators, first sight,
 * failures and backoff, so `/status` can say how each one is doing.
 */
import type { PersonIdentity } from '../records/person-identity.js';
import type { KeyValueStore } from './key-value-store.js';

/** A person a source has polled, by who they are (see pipeline/first-sight.ts). */
export interface SeenIdentity extends PersonIdentity {
  /** Their id when last seen (for people reading the store; identity does not depend on it). */
  personId: string;
  /** ISO time the source first polled them. */
  since: string;
}

export interface SourceState {
  /** Set after the first successful poll: items seen before it are recorded silently. */
  firstPolledAt?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  /** Consecutive failures; reset by a success. */
  failures: number;
  /** Earliest next attempt after failures (exponential backoff). */
  retryAfter?: string;
  /** Set when paused after too many failures. */
  pausedAt?: string;
  /** The source's config at the last attempt: a change resumes a paused source. */
  fingerprint?: string;
  etag?: string;
  lastModified?: string;
  /** Everyone this source has polled successfully, removed people included: see first-sight.ts. */
  identitiesSeen?: SeenIdentity[];
  /** Written by versions before identities: ids of the people at the last success (read once). */
  peopleSeen?: string[];
  /** Items in the last successful response (for `/status`). */
  lastItemCount?: number;
}

export class SourceStateRepository {
  constructor(private readonly states: KeyValueStore<SourceState>) {}

  async get(sourceId: string): Promise<SourceState> {
    return (await this.states.get(sourceId)) ?? { failures: 0 };
  }

  async getMany(sourceIds: readonly string[]): Promise<Map<string, SourceState>> {
    const found = await this.states.getMany(sourceIds);
    return new Map(sourceIds.map((id, index) => [id, found[index] ?? { failures: 0 }]));
  }

  async update(sourceId: string, patch: Partial<SourceState>): Promise<SourceState> {
    const next = { ...(await this.get(sourceId)), ...patch };
    for (const key of Object.keys(next) as (keyof SourceState)[])
      if (next[key] === undefined) delete next[key];
    await this.states.set(sourceId, next);
    return next;
  }

  async all(): Promise<Map<string, SourceState>> {
    const states = new Map<string, SourceState>();
    for await (const [id, state] of this.states.entries()) states.set(id, state);
    return states;
  }
}
