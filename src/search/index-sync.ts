/**
 * Keeps the index caught up with the store. The index remembers the store revision it has seen;
 * a sync re-reads the records named in the change log since then. It rebuilds from every stored
 * record instead when it cannot trust an incremental catch-up: no index yet, another schema
 * version, an index ahead of the store (a different or reset store), or a gap in the change log.
 *
 * Writes happen in BEGIN IMMEDIATE transactions, so two processes sharing DATA_DIR (`herald run`
 * and a `herald papers`) take turns, and each re-checks the revision once it holds the lock.
 */
import type { HeraldRecord } from '../records/record.js';
import type { RecordRepository } from '../store/record-repository.js';
import { type IndexDocument, toIndexDocument, vocabularyText } from './index-document.js';
import {
  INDEX_SCHEMA_VERSION,
  type IndexMeta,
  readMeta,
  resetSchema,
  writeRevision,
} from './index-schema.js';
import { insertDocuments, placeDocuments, upsertRecords } from './index-writer.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { applyWordCounts } from './vocabulary.js';
import { WordCounter } from './words.js';

export type RebuildReason = 'missing' | 'schema' | 'ahead' | 'gap' | 'forced';

export interface SyncOutcome {
  action: 'current' | 'updated' | 'rebuilt';
  /** Store revision the index now reflects. */
  revision: number;
  /** Records written (updated or rebuilt). */
  records: number;
  reason?: RebuildReason;
}

const READ_BATCH = 500;
const REBUILD_BATCH = 1000;

export async function syncIndex(db: SqliteDatabase, records: RecordRepository): Promise<SyncOutcome> {
  const meta = await readMeta(db);
  const storeRevision = await records.revision();
  const reason = staleReason(meta, storeRevision);
  if (reason) return rebuildIndex(db, records, reason, meta);
  const from = meta.revision!;
  if (from === storeRevision) return { action: 'current', revision: from, records: 0 };
  const changes = await records.changesSince(from);
  if (!changes) return rebuildIndex(db, records, 'gap', meta);
  if (changes.length === 0) return { action: 'current', revision: from, records: 0 };
  const ids = [...new Set(changes.flatMap((change) => change.ids))];
  const target = changes.at(-1)!.rev;
  const { found, missing } = await readRecords(records, ids);
  return inTransaction(db, async () => {
    const current = await readMeta(db);
    // Another process caught up while this one read the store: nothing left to do.
    if (current.schema !== INDEX_SCHEMA_VERSION || (current.revision ?? 0) >= target) {
      return { action: 'current', revision: current.revision ?? 0, records: 0 };
    }
    await upsertRecords(db, found, missing);
    await writeRevision(db, target);
    return { action: 'updated', revision: target, records: found.length };
  });
}

function staleReason(meta: IndexMeta, storeRevision: number): RebuildReason | undefined {
  if (meta.schema === undefined || meta.revision === undefined) return 'missing';
  if (meta.schema !== INDEX_SCHEMA_VERSION) return 'schema';
  if (meta.revision > storeRevision) return 'ahead';
  return undefined;
}

async function readRecords(records: RecordRepository, ids: readonly string[]) {
  const found: HeraldRecord[] = [];
  const missing: string[] = [];
  for (let start = 0; start < ids.length; start += READ_BATCH) {
    const batch = ids.slice(start, start + READ_BATCH);
    const values = await records.getMany(batch);
    batch.forEach((id, index) => {
      const record = values[index];
      if (record) found.push(record);
      else missing.push(id);
    });
  }
  return { found, missing };
}

/**
 * Drops and refills the index from every stored record in one transaction: readers (this
 * process's reader connection, other processes) keep the old index until it commits. The store
 * revision is read before the records, so changes saved meanwhile are caught by the next sync.
 */
export async function rebuildIndex(
  db: SqliteDatabase,
  records: RecordRepository,
  reason: RebuildReason,
  seen?: IndexMeta,
): Promise<SyncOutcome> {
  const outcome = await inTransaction(db, async (): Promise<SyncOutcome | undefined> => {
    const now = await readMeta(db);
    // Another process rebuilt or caught up while this one waited for the lock: sync again.
    if (seen && (now.schema !== seen.schema || now.revision !== seen.revision)) return undefined;
    const revision = await records.revision();
    await resetSchema(db);
    const count = await loadAll(db, records.all());
    await writeRevision(db, revision);
    return { action: 'rebuilt', revision, records: count, reason };
  });
  if (!outcome) return syncIndex(db, records);
  // Merging FTS5's segments makes queries on common terms faster; a checkpoint shrinks the WAL.
  await db.run(`INSERT INTO docs_fts (docs_fts) VALUES ('optimize')`);
  await db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  return outcome;
}

/**
 * Streams every record into the index. The insert of one batch runs on SQLite's thread while
 * the next batch is read from the store and its words counted, so the two overlap.
 */
async function loadAll(db: SqliteDatabase, all: AsyncIterable<HeraldRecord>): Promise<number> {
  const taken = new Set<number>();
  const words = new WordCounter();
  let batch: IndexDocument[] = [];
  let inserting: Promise<void> = Promise.resolve();
  let count = 0;
  const flush = async () => {
    const placed = placeDocuments(batch, taken);
    batch = [];
    await inserting;
    inserting = insertDocuments(db, placed);
    for (const { document } of placed) words.add(vocabularyText(document));
    count += placed.length;
  };
  for await (const record of all) {
    batch.push(toIndexDocument(record));
    if (batch.length >= REBUILD_BATCH) await flush();
  }
  await flush();
  await inserting;
  await applyWordCounts(db, words.deltas());
  return count;
}

async function inTransaction<T>(db: SqliteDatabase, work: () => Promise<T>): Promise<T> {
  await db.run('BEGIN IMMEDIATE');
  try {
    const result = await work();
    await db.run('COMMIT');
    return result;
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
