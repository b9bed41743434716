/**
 * The storage port. Everything the bot remembers goes through named collections of JSON values;
 * backends (SQLite file, Redis) implement them over keyv. Repositories give them meaning.
 */
import type { RedisStoreBackend } from './redis-backend.js';

export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  getMany(keys: readonly string[]): Promise<(T | undefined)[]>;
  set(key: string, value: T): Promise<void>;
  /** Written in as few round trips as possible: multi-row statements on SQLite, one MULTI on Redis. */
  setMany(entries: readonly (readonly [string, T])[]): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every entry, keys without the collection prefix. Collect before deleting while iterating. */
  entries(): AsyncIterable<[string, T]>;
}

/** The collections, so that a newcomer sees in one place what is stored. */
export const COLLECTIONS = [
  'meta', // schema version
  'records', // canonical id -> record
  'aliases', // other ids of a record (doi:..., feed:...) -> canonical id
  'changes', // search-index change log: 'rev' -> n, '<n>' -> record ids
  'outbox', // pending deliveries
  'delivered', // receipts of completed deliveries
  'sources', // per-source poll state (etag, failures, first sight)
  'watchlist', // people and feeds added or removed from the chat
  'talks', // follow-up state of announced talks (edits, reminders)
  'connections', // each running instance's chat connections, for /status
  'digests', // items waiting for a channel's digest, digest state per channel, digest modes set from the chat
  'digested', // delivery key of an item that went into a digest -> that digest
  'follows', // members' personal follows, and their requests to watch someone new
  'near-misses', // papers refused by the namesake rule only, for `herald explain`
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

export interface StoreBackend {
  readonly kind: 'sqlite' | 'redis' | 'overlay';
  /** Human-readable location for logs, without credentials. */
  readonly location: string;
  collection<T>(name: CollectionName): KeyValueStore<T>;
  close(): Promise<void>;
}

/** Here, not in redis-backend.ts: asking costs no load of the Redis client. */
export function isRedisBackend(backend: StoreBackend): backend is RedisStoreBackend {
  return backend.kind === 'redis' && 'redis' in backend;
}
