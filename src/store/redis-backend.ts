/**
 * The shared store: keyv over @keyv/redis, for several instances against one Redis.
 *
 * Keys are `<HERALD_NAMESPACE>:<collection>:<key>`. @keyv/redis keeps the namespace on the
 * adapter and its iterator lists `<namespace><separator>*`, so each collection gets an adapter of
 * its own (as in sqlite-backend.ts); they all share one node-redis connection. keyv's own prefix
 * is turned off (`useKeyPrefix: false`), else keys come out prefixed twice
 * (`herald:records:herald:records:...`, see shared notes on @keyv/redis).
 */
import KeyvRedis from '@keyv/redis';
import Keyv, { type KeyvEntry } from 'keyv';
import type { Logger } from '../log.js';
import {
  COLLECTIONS,
  type CollectionName,
  type KeyValueStore,
  type StoreBackend,
} from './key-value-store.js';
import { JSON_SERIALIZATION, KeyvCollection } from './keyv-collection.js';
import {
  type OpenSignal,
  RedisConnection,
  type RedisConnectionOptions,
  RedisSettingsError,
} from './redis-connection.js';

export interface RedisStoreBackend extends StoreBackend {
  readonly kind: 'redis';
  readonly namespace: string;
  /** The connection, shared with the leader lease. */
  readonly redis: RedisConnection;
}

/** Keys scanned per SCAN call when listing a collection (Redis's default is 10). */
const SCAN_COUNT = 1000;

/**
 * @keyv/redis over a connection it does not own: it refuses to work while Redis is unreachable
 * (node-redis would queue a MULTI until the reconnection), reports setMany's results, lists with
 * larger SCAN pages, and never closes the shared connection.
 */
class SharedConnectionAdapter extends KeyvRedis<string> {
  constructor(
    private readonly connection: RedisConnection,
    namespace: string,
  ) {
    super(connection.client as never, {
      namespace,
      keyPrefixSeparator: ':',
      throwOnErrors: true,
      throwOnConnectError: true,
    });
  }

  override async getClient() {
    this.connection.assertReady();
    return this.connection.client as never;
  }

  /**
   * One MULTI/EXEC (sent as one pipeline). @keyv/redis resolves to nothing, while keyv and
   * KeyvCollection expect a result per entry; a failure throws (throwOnErrors).
   */
  override async setMany(entries: KeyvEntry[]): Promise<void> {
    await super.setMany(entries);
    // Typed void by @keyv/redis, but keyv hands this value on as setMany's result.
    return entries.map(() => true) as unknown as undefined;
  }

  /**
   * Every entry under `<namespace>:`. SCAN may return a key twice (while Redis rehashes), so keys
   * are yielded once; a key deleted between SCAN and MGET is skipped.
   */
  override async *iterator<U = string>(
    namespace?: string,
  ): AsyncGenerator<[string, U | undefined], void, unknown> {
    this.connection.assertReady();
    const client = this.connection.client;
    const prefix = `${namespace ?? this.namespace}:`;
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const page = await client.scan(cursor, {
        MATCH: `${escapeGlob(prefix)}*`,
        COUNT: SCAN_COUNT,
        TYPE: 'string',
      });
      cursor = String(page.cursor);
      const keys = page.keys.filter((key) => !seen.has(key));
      for (const key of keys) seen.add(key);
      if (keys.length === 0) continue;
      const values = await client.mGet(keys);
      for (const [index, key] of keys.entries()) {
        const value = values[index];
        if (value !== null && value !== undefined) yield [key.slice(prefix.length), value as U];
      }
    } while (cursor !== '0');
  }

  override async disconnect(): Promise<void> {
    // The backend closes the shared connection once.
  }
}

export async function openRedisBackend(
  url: string,
  namespace: string,
  logger: Logger,
  options: RedisConnectionOptions & OpenSignal = {},
): Promise<RedisStoreBackend> {
  checkNamespace(namespace);
  const redis = await RedisConnection.open(url, logger, options);
  const collections = new Map<CollectionName, KeyValueStore<unknown>>();
  for (const name of COLLECTIONS) {
    const prefix = `${namespace}:${name}`;
    const keyv = new Keyv({
      store: new SharedConnectionAdapter(redis, prefix),
      namespace: prefix,
      useKeyPrefix: false,
      throwOnErrors: true,
      ...JSON_SERIALIZATION,
    });
    collections.set(name, new KeyvCollection(keyv, name));
  }
  return {
    kind: 'redis',
    location: `${redis.location} (namespace ${namespace})`,
    namespace,
    redis,
    collection: <T>(name: CollectionName) => collections.get(name) as KeyValueStore<T>,
    close: () => redis.close(),
  };
}

/**
 * A namespace may not contain `:`: `a:records` would otherwise overlap namespace `a`'s records.
 */
export function checkNamespace(namespace: string): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(namespace))
    throw new RedisSettingsError(
      `HERALD_NAMESPACE "${namespace}" must be 1 to 64 letters, digits, "_", "." or "-"`,
    );
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
