/**
 * The tables of DATA_DIR/search.sqlite. The index is derived from the store: any schema change
 * bumps INDEX_SCHEMA_VERSION, and an index written with another version is dropped and rebuilt.
 *
 * - `docs`: one row per record; the rowid encodes the record's date (see index-document.ts), so
 *   "newest first", `since:` and "upcoming talks" are rowid ranges FTS5 walks natively.
 * - `docs_fts`: the FTS5 table. Porter stemming so "models" finds "model"; the `kind` and
 *   `people` columns are matched only through column filters and weigh nothing in BM25.
 * - `words`: the surface words of the indexed text with their document counts, for typo
 *   suggestions and prefix expansion (FTS5's own vocabulary holds stems, which read badly in a
 *   "did you mean" and miss prefixes such as "diffusi*").
 * - `meta`: schema version and the store revision the index has caught up with.
 */
import type { SqliteDatabase } from './sqlite-database.js';

export const INDEX_SCHEMA_VERSION = 1;

/** Column order of docs_fts; BM25 weights follow it. */
export const FTS_COLUMNS = ['title', 'abstract', 'authors', 'venue', 'ids', 'kind', 'people'] as const;
/** Title outweighs everything; authors and ids are precise when they match. */
export const BM25_WEIGHTS: Readonly<Record<(typeof FTS_COLUMNS)[number], number>> = {
  title: 10,
  abstract: 1,
  authors: 4,
  venue: 2,
  ids: 5,
  kind: 0,
  people: 0,
};
/** The columns free text is searched in. */
export const TEXT_COLUMNS = ['title', 'abstract', 'authors', 'venue', 'ids'] as const;

const FTS_HASH_BYTES = 64 * 1024 * 1024;

const CREATE_STATEMENTS = [
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) WITHOUT ROWID',
  'CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL)',
  'CREATE INDEX docs_kind ON docs (kind)',
  `CREATE VIRTUAL TABLE docs_fts USING fts5(${FTS_COLUMNS.join(', ')},
     tokenize = 'porter unicode61 remove_diacritics 2')`,
  'CREATE TABLE words (word TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID',
];

/** Drops whatever tables the file holds (any schema version) and creates the current ones. */
export async function resetSchema(db: SqliteDatabase): Promise<void> {
  // An FTS5 table drops its shadow tables with it, so virtual tables go first.
  const virtual = await db.all<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`,
  );
  for (const { name } of virtual) await db.run(`DROP TABLE IF EXISTS "${name}"`);
  const tables = await db.all<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  );
  for (const { name } of tables) await db.run(`DROP TABLE IF EXISTS "${name}"`);
  for (const statement of CREATE_STATEMENTS) await db.run(statement);
  // FTS5 flushes its pending terms to a new segment every `hashsize` bytes (1 MB by default):
  // a larger buffer means fewer segments to merge, and a rebuild about twice as fast.
  await db.run(`INSERT INTO docs_fts (docs_fts, rank) VALUES ('hashsize', ?)`, [FTS_HASH_BYTES]);
  await db.run(`INSERT INTO meta (key, value) VALUES ('schema', ?)`, [INDEX_SCHEMA_VERSION]);
}

export interface IndexMeta {
  schema: number | undefined;
  /** Store revision the index has caught up with; undefined before the first build. */
  revision: number | undefined;
}

export async function readMeta(db: SqliteDatabase): Promise<IndexMeta> {
  const hasMeta = await db.get(`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'meta'`);
  if (!hasMeta) return { schema: undefined, revision: undefined };
  const rows = await db.all<{ key: string; value: number }>('SELECT key, value FROM meta');
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  return { schema: value('schema'), revision: value('revision') };
}

export function writeRevision(db: SqliteDatabase, revision: number): Promise<void> {
  return db.run(
    `INSERT INTO meta (key, value) VALUES ('revision', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [revision],
  );
}
