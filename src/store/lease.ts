/**
 * A lease in Redis: one key whose value names its holder and which expires unless renewed.
 * keyv has no atomic set-if-absent, so this talks to Redis directly: SET NX PX to take it, and
 * Lua scripts to extend or delete it only while it still names us, so a holder whose lease
 * already expired and was taken by another instance can neither extend nor delete the new one.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { StoreError } from './errors.js';
import type { RedisConnection } from './redis-connection.js';

export const DEFAULT_LEASE_TTL_MS = 30_000;

const EXTEND_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const DELETE_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** A holder id unique to this process: host, pid and a random part (pids repeat in containers). */
export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export class RedisLease {
  readonly #connection: RedisConnection | Promise<RedisConnection>;
  readonly #ownsConnection: boolean;

  /**
   * @param redis a shared connection (the store's), or a URL for a connection of its own that
   *   `close()` closes.
   */
  constructor(
    redis: RedisConnection | string,
    readonly key: string,
    readonly holderId: string,
    readonly ttlMs: number = DEFAULT_LEASE_TTL_MS,
    logger: Logger = silentLogger,
  ) {
    if (!Number.isInteger(ttlMs) || ttlMs <= 0)
      throw new RangeError(`lease ttl must be a positive integer: ${ttlMs}`);
    this.#ownsConnection = typeof redis === 'string';
    this.#connection =
      typeof redis === 'string'
        ? import('./redis-connection.js').then((module) => module.RedisConnection.open(redis, logger))
        : redis;
    // An unreachable URL surfaces on the first call, not as an unhandled rejection.
    if (this.#connection instanceof Promise) this.#connection.catch(() => undefined);
  }

  /** Takes the lease if nobody holds it, or keeps it if we already do. */
  async acquire(): Promise<boolean> {
    const client = await this.#client('acquire');
    const taken = await this.#run('acquire', () =>
      client.set(this.key, this.holderId, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } }),
    );
    return taken === 'OK' || this.renew();
  }

  /** Extends the lease by its ttl, only if we still hold it. */
  async renew(): Promise<boolean> {
    const client = await this.#client('renew');
    const extended = await this.#run('renew', () =>
      client.eval(EXTEND_IF_OURS, { keys: [this.key], arguments: [this.holderId, String(this.ttlMs)] }),
    );
    return extended === 1;
  }

  /** Gives the lease up at once (another instance need not wait for it to expire), if ours. */
  async release(): Promise<void> {
    const client = await this.#client('release');
    await this.#run('release', () =>
      client.eval(DELETE_IF_OURS, { keys: [this.key], arguments: [this.holderId] }),
    );
  }

  /** The current holder, if any (for status and tests). */
  async holder(): Promise<string | undefined> {
    const client = await this.#client('read');
    return (await this.#run('read', () => client.get(this.key))) ?? undefined;
  }

  /** Milliseconds until the lease expires; undefined when nobody holds it (PTTL -2). */
  async remainingMs(): Promise<number | undefined> {
    const client = await this.#client('read');
    const ttl = await this.#run('read', () => client.pTTL(this.key));
    if (ttl === -2) return undefined;
    // -1: a key without expiry, set by hand; it never runs out on its own.
    return ttl === -1 ? Number.POSITIVE_INFINITY : ttl;
  }

  async close(): Promise<void> {
    if (this.#ownsConnection) await (await this.#connection).close();
  }

  async #client(what: string) {
    let connection: RedisConnection;
    try {
      connection = await this.#connection;
    } catch (error) {
      throw new StoreError(`cannot ${what} the lease ${this.key}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    connection.assertReady();
    return connection.client;
  }

  async #run<R>(what: string, command: () => Promise<R>): Promise<R> {
    try {
      return await command();
    } catch (error) {
      throw new StoreError(`cannot ${what} the lease ${this.key}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
