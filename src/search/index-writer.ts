/**
 * Writes documents into the index, inside a transaction the caller holds: upserts of changed
 * records (incremental sync) and the bulk load of a rebuild. Rows go in batches through
 * json_each, one statement per batch, since node-sqlite3 pays a thread hop per statement.
 */
import type { HeraldRecord } from '../records/record.js';
import {
  type IndexDocument,
  nextSlot,
  preferredRowid,
  SLOTS_PER_SECOND,
  toIndexDocument,
  vocabularyText,
} from './index-document.js';
import { FTS_COLUMNS } from './index-schema.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { applyWordCounts } from './vocabulary.js';
import { WordCounter } from './words.js';

const BATCH = 500;

export interface PlacedDocument {
  rowid: number;
  document: IndexDocument;
}

const INSERT_DOCS = `INSERT INTO docs (rowid, id, kind)
  SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`;
const INSERT_FTS = `INSERT INTO docs_fts (rowid, ${FTS_COLUMNS.join(', ')})
  SELECT value ->> 0, ${FTS_COLUMNS.map((_, index) => `value ->> ${index + 1}`).join(', ')} FROM json_each(?)`;

/** Inserts placed documents; the caller has made sure their ids and rowids are free. */
export async function insertDocuments(db: SqliteDatabase, placed: readonly PlacedDocument[]): Promise<void> {
  for (let start = 0; start < placed.length; start += BATCH) {
    const batch = placed.slice(start, start + BATCH);
    const docs = batch.map(({ rowid, document }) => [rowid, document.id, document.kind]);
    const texts = batch.map(({ rowid, document }) => [
      rowid,
      ...FTS_COLUMNS.map((column) => document[column]),
    ]);
    await db.run(INSERT_DOCS, [JSON.stringify(docs)]);
    await db.run(INSERT_FTS, [JSON.stringify(texts)]);
  }
}

/** Gives each document a free rowid in its second, remembering the ones taken. */
export function placeDocuments(documents: readonly IndexDocument[], taken: Set<number>): PlacedDocument[] {
  return documents.map((document) => {
    let rowid = preferredRowid(document);
    while (taken.has(rowid)) rowid = nextSlot(rowid);
    taken.add(rowid);
    return { rowid, document };
  });
}

/**
 * Replaces the documents of these records (and drops those of ids no longer stored). The old
 * text is read back from the index first, so the word counts stay exact.
 */
export async function upsertRecords(
  db: SqliteDatabase,
  records: readonly HeraldRecord[],
  missingIds: readonly string[],
): Promise<void> {
  const words = new WordCounter();
  await deleteDocuments(db, [...records.map((record) => record.id), ...missingIds], words);
  const documents = records.map(toIndexDocument);
  const taken = await takenRowids(db, documents);
  await insertDocuments(db, placeDocuments(documents, taken));
  for (const document of documents) words.add(vocabularyText(document));
  await applyWordCounts(db, words.deltas());
}

async function deleteDocuments(db: SqliteDatabase, ids: readonly string[], words: WordCounter) {
  const inBatch = 'SELECT rowid FROM docs WHERE id IN (SELECT value FROM json_each(?))';
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = JSON.stringify(ids.slice(start, start + BATCH));
    const old = await db.all<{ title: string; abstract: string; authors: string; venue: string }>(
      `SELECT title, abstract, authors, venue FROM docs_fts WHERE rowid IN (${inBatch})`,
      [batch],
    );
    for (const row of old) words.add(vocabularyText(row), -1);
    await db.run(`DELETE FROM docs_fts WHERE rowid IN (${inBatch})`, [batch]);
    await db.run('DELETE FROM docs WHERE id IN (SELECT value FROM json_each(?))', [batch]);
  }
}

/** Rowids already used in the seconds these documents fall in (and the next, see nextSlot). */
async function takenRowids(db: SqliteDatabase, documents: readonly IndexDocument[]): Promise<Set<number>> {
  const seconds = [...new Set(documents.map((document) => document.seconds))];
  const taken = new Set<number>();
  for (let start = 0; start < seconds.length; start += BATCH) {
    const rows = await db.all<{ rowid: number }>(
      `SELECT docs.rowid AS rowid FROM json_each(?) AS s JOIN docs
       ON docs.rowid BETWEEN s.value * ${SLOTS_PER_SECOND} AND s.value * ${SLOTS_PER_SECOND} + ${2 * SLOTS_PER_SECOND - 1}`,
      [JSON.stringify(seconds.slice(start, start + BATCH))],
    );
    for (const row of rows) taken.add(row.rowid);
  }
  return taken;
}
