/**
 * The orders results come in, each one SQL statement or two over the rowid (= date) order FTS5
 * keeps. Offsets and limits are those of the page asked for.
 */
import type { RecordKind } from '../records/record.js';
import { BM25_WEIGHTS, FTS_COLUMNS } from './index-schema.js';
import type { SqliteDatabase } from './sqlite-database.js';

const WEIGHTS = FTS_COLUMNS.map((column) => BM25_WEIGHTS[column]).join(', ');

export interface Page {
  /** Lowest rowid allowed (the `since` date). */
  lower: number;
  offset: number;
  limit: number;
}

type Rowids = Promise<number[]>;

const rowidsOf = (rows: { rowid: number }[]) => rows.map((row) => row.rowid);

/** BM25 with column weights; scores rounded so near-ties go to the newer record. */
export async function byRelevance(db: SqliteDatabase, match: string, page: Page): Rowids {
  const rows = await db.all<{ rowid: number }>(
    `SELECT rowid, round(bm25(docs_fts, ${WEIGHTS}), 2) AS score FROM docs_fts
     WHERE docs_fts MATCH ? AND rowid >= ? ORDER BY score, rowid DESC LIMIT ? OFFSET ?`,
    [match, page.lower, page.limit, page.offset],
  );
  return rowidsOf(rows);
}

/**
 * For broad queries (see run-search.ts): records with every word in the title first, then the
 * others, each group newest first. The title weighs most in BM25, and common words hardly tell
 * records apart otherwise, so this is what BM25 would mostly say, at a fraction of the cost.
 */
export async function byTitleThenDate(
  db: SqliteDatabase,
  match: string,
  titleMatch: string,
  page: Page,
): Rowids {
  const inTitle = await countMatches(db, titleMatch, page.lower, page.offset + page.limit);
  const first = page.offset < inTitle ? await matchByDate(db, titleMatch, 'newest', page) : ([] as number[]);
  const rest = page.limit - first.length;
  if (rest <= 0) return first;
  const others = await matchByDate(db, `(${match}) NOT (${titleMatch})`, 'newest', {
    lower: page.lower,
    offset: Math.max(0, page.offset - inTitle),
    limit: rest,
  });
  return [...first, ...others];
}

export async function matchByDate(
  db: SqliteDatabase,
  match: string,
  order: 'newest' | 'soonest',
  page: Page,
): Rowids {
  const rows = await db.all<{ rowid: number }>(
    `SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? AND rowid >= ?
     ORDER BY rowid ${order === 'soonest' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`,
    [match, page.lower, page.limit, page.offset],
  );
  return rowidsOf(rows);
}

/** Everything (of a kind), by date: the empty query. */
export async function listByDate(
  db: SqliteDatabase,
  kind: RecordKind | undefined,
  order: 'newest' | 'soonest',
  page: Page,
): Rowids {
  const rows = await db.all<{ rowid: number }>(
    `SELECT rowid FROM docs WHERE rowid >= ? ${kind ? 'AND kind = ?' : ''}
     ORDER BY rowid ${order === 'soonest' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`,
    [page.lower, ...(kind ? [kind] : []), page.limit, page.offset],
  );
  return rowidsOf(rows);
}

/** Matches counted up to `cap` (counting further costs time and tells a reader nothing). */
export async function countMatches(
  db: SqliteDatabase,
  match: string,
  lower: number,
  cap: number,
): Promise<number> {
  const row = await db.get<{ n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM docs_fts WHERE docs_fts MATCH ? AND rowid >= ? LIMIT ?)',
    [match, lower, cap],
  );
  return row?.n ?? 0;
}

export async function countListed(
  db: SqliteDatabase,
  kind: RecordKind | undefined,
  lower: number,
  cap: number,
) {
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM docs WHERE rowid >= ? ${kind ? 'AND kind = ?' : ''} LIMIT ?)`,
    [lower, ...(kind ? [kind] : []), cap],
  );
  return row?.n ?? 0;
}
