/**
 * Copies a whole store from one backend to another (SQLite to Redis and back), collection by
 * collection, through the storage port, so it works between any two backends. Stop every
 * `herald run` using either store first: writes made during the copy may be missed.
 */
import { HeraldError } from '../errors.js';
import { StoreSchemaError } from './errors.js';
import {
  COLLECTIONS,
  type CollectionName,
  type KeyValueStore,
  type StoreBackend,
} from './key-value-store.js';
import { SCHEMA_VERSION } from './store.js';

/** The target already holds data and `force` was not given. */
export class StoreTargetNotEmptyError extends HeraldError {
  constructor(
    readonly target: string,
    readonly collections: readonly CollectionName[],
  ) {
    super(
      'STORE_TARGET_NOT_EMPTY',
      `the target store ${target} is not empty (${collections.join(', ')}); use --force to overwrite it`,
    );
  }
}

export interface MigrateOptions {
  /** Overwrite a non-empty target: afterwards it holds exactly what the source holds. */
  force?: boolean;
  /** Entries written per setMany. */
  batchSize?: number;
}

export type CollectionCounts = Record<CollectionName, number>;

export interface MigrationResult {
  copied: CollectionCounts;
  /** Entries of a forced target that the source does not have, deleted. */
  removed: CollectionCounts;
}

export async function migrateStore(
  from: StoreBackend,
  to: StoreBackend,
  options: MigrateOptions = {},
): Promise<MigrationResult> {
  await refuseNewerSchema(from);
  const existing = await targetKeys(to);
  const occupied = COLLECTIONS.filter((name) => existing[name].size > 0);
  if (occupied.length > 0 && !options.force) throw new StoreTargetNotEmptyError(to.location, occupied);
  const copied = zeroCounts();
  const removed = zeroCounts();
  for (const name of COLLECTIONS) {
    const source = from.collection<unknown>(name);
    const target = to.collection<unknown>(name);
    const written = await copyCollection(source, target, options.batchSize ?? 1000);
    copied[name] = written.size;
    removed[name] = await deleteAbsent(target, existing[name], written);
  }
  return { copied, removed };
}

async function refuseNewerSchema(from: StoreBackend): Promise<void> {
  const version = await from.collection<number>('meta').get('schemaVersion');
  if (version !== undefined && version > SCHEMA_VERSION)
    throw new StoreSchemaError(
      `the store at ${from.location} has schema version ${version}, newer than this paper-herald (${SCHEMA_VERSION}): migrate it with a newer paper-herald`,
    );
}

async function targetKeys(to: StoreBackend): Promise<Record<CollectionName, Set<string>>> {
  const keys = {} as Record<CollectionName, Set<string>>;
  for (const name of COLLECTIONS) {
    keys[name] = new Set();
    for await (const [key] of to.collection(name).entries()) keys[name].add(key);
  }
  return keys;
}

/** Copies in batches; returns the keys written. */
async function copyCollection(
  source: KeyValueStore<unknown>,
  target: KeyValueStore<unknown>,
  batchSize: number,
): Promise<Set<string>> {
  const written = new Set<string>();
  let batch: [string, unknown][] = [];
  for await (const entry of source.entries()) {
    // A backend may list a key twice while it changes underneath; write it once.
    if (written.has(entry[0])) continue;
    written.add(entry[0]);
    batch.push(entry);
    if (batch.length >= batchSize) {
      await target.setMany(batch);
      batch = [];
    }
  }
  await target.setMany(batch);
  return written;
}

async function deleteAbsent(
  target: KeyValueStore<unknown>,
  before: ReadonlySet<string>,
  written: ReadonlySet<string>,
): Promise<number> {
  let count = 0;
  for (const key of before) {
    if (written.has(key)) continue;
    await target.delete(key);
    count++;
  }
  return count;
}

function zeroCounts(): CollectionCounts {
  return Object.fromEntries(COLLECTIONS.map((name) => [name, 0])) as CollectionCounts;
}
