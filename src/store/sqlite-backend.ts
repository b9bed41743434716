/**
 * The embedded store: keyv over @keyv/sqlite, one SQLite file in DATA_DIR.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyvSqlite, type KeyvSqliteOptions } from '@keyv/sqlite';
import Keyv from 'keyv';
import { StoreError } from './errors.js';
import {
  COLLECTIONS,
  type CollectionName,
  type KeyValueStore,
  type StoreBackend,
} from './key-value-store.js';
import { JSON_SERIALIZATION, KeyvCollection } from './keyv-collection.js';

/**
 * @keyv/sqlite 4 has no setMany (keyv then writes row by row, one transaction each) and its
 * getMany matches rows with a linear search per key. Both matter when a cycle diffs thousands of
 * items, so this adapter adds a one-statement upsert and a keyed lookup.
 */
const UPSERT_ROWS = 500;

class BatchingSqliteAdapter extends KeyvSqlite {
  async setMany(entries: { key: string; value: unknown }[]): Promise<boolean[]> {
    // One multi-row upsert per chunk, well under SQLite's limit on bound parameters.
    for (let start = 0; start < entries.length; start += UPSERT_ROWS) {
      const chunk = entries.slice(start, start + UPSERT_ROWS);
      await this.query(
        `INSERT INTO ${this.opts.table} (key, value) VALUES ${chunk.map(() => '(?, ?)').join(', ')}
         ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        chunk.flatMap(({ key, value }) => [key, value]),
      );
    }
    return entries.map(() => true);
  }

  override async getMany<Value>(keys: string[]) {
    const rows: { key: string; value: Value }[] = await this.query(
      `SELECT key, value FROM ${this.opts.table} WHERE key IN (SELECT value FROM json_each(?))`,
      JSON.stringify(keys),
    );
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key)) as Awaited<ReturnType<KeyvSqlite['getMany']>> as never;
  }
}

async function configureConnection(adapter: BatchingSqliteAdapter): Promise<void> {
  // NORMAL is durable across crashes of the process (only an OS crash may lose the last commits).
  await adapter.query('PRAGMA synchronous = NORMAL');
  // keyv lists a collection with `key LIKE 'name:%'`; case-sensitive LIKE can use the key's index.
  await adapter.query('PRAGMA case_sensitive_like = ON');
}

export async function openSqliteBackend(file: string): Promise<StoreBackend> {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (error) {
    throw new StoreError(`cannot create the data directory for ${file}: ${(error as Error).message}`);
  }
  const options: KeyvSqliteOptions = { uri: `sqlite://${file}`, busyTimeout: 15_000, iterationLimit: 1000 };
  const adapters = new Map<CollectionName, BatchingSqliteAdapter>();
  try {
    // The journal mode first, on one connection alone: switching to WAL needs the file to itself.
    // WAL lets `herald papers` read while `herald run` writes.
    const first = new BatchingSqliteAdapter(options);
    adapters.set(COLLECTIONS[0], first);
    await first.query('PRAGMA journal_mode = WAL');
    for (const name of COLLECTIONS.slice(1)) adapters.set(name, new BatchingSqliteAdapter(options));
    await Promise.all([...adapters.values()].map(configureConnection));
  } catch (error) {
    await Promise.all([...adapters.values()].map((adapter) => adapter.disconnect().catch(() => undefined)));
    throw new StoreError(`cannot open the SQLite store ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const collections = new Map<CollectionName, KeyValueStore<unknown>>();
  for (const [name, adapter] of adapters) {
    const keyv = new Keyv({ store: adapter, namespace: name, throwOnErrors: true, ...JSON_SERIALIZATION });
    collections.set(name, new KeyvCollection(keyv, name));
  }
  return {
    kind: 'sqlite',
    location: file,
    collection: <T>(name: CollectionName) => collections.get(name) as KeyValueStore<T>,
    close: async () => {
      await Promise.all([...adapters.values()].map((adapter) => adapter.disconnect().catch(() => undefined)));
    },
  };
}
