/**
 * Runs one search on the reader connection.
 *
 * Relevance is BM25 with column weights (title first), ties newest first. FTS5's BM25 costs
 * about a microsecond for each record it scores, plus a pass over all the records of each word
 * to weigh it. Broad queries would therefore take tens of milliseconds on a large corpus: those
 * matching more than RANK_WINDOW records, or whose words appear in more than
 * BM25_POSTINGS_BUDGET records in all, are ordered title matches first, then by date, which is
 * what BM25 mostly says about common words anyway (see ranking.ts). Specific queries, nearly
 * all real ones, are ranked by BM25 exactly.
 */
import type { TextSegment } from '../commands/command.js';
import type { RecordKind } from '../records/record.js';
import { firstRowidAt } from './index-document.js';
import { FTS_COLUMNS } from './index-schema.js';
import { type AuthorFilter, matchExpression } from './match-expression.js';
import type { QueryTerm } from './query-terms.js';
import {
  byRelevance,
  byTitleThenDate,
  countListed,
  countMatches,
  listByDate,
  matchByDate,
  type Page,
} from './ranking.js';
import { MATCH_END, MATCH_START, toSegments } from './snippets.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { type Correction, type Expansion, expandTerms, suggestWords } from './term-expansion.js';
import type { Vocabulary } from './vocabulary.js';

/** Results counted and reachable by paging: 200 pages of five. */
export const MAX_RESULTS = 1000;
export const RANK_WINDOW = 1000;
export const BM25_POSTINGS_BUDGET = 30_000;
const SNIPPET_TOKENS = 24;

export type SearchOrder = 'relevance' | 'newest' | 'soonest';

export interface SearchRequest {
  terms: readonly QueryTerm[];
  kind?: RecordKind;
  /** Records dated at or after this (a talk's date is its start). */
  since?: Date;
  author?: AuthorFilter;
  /** Default: relevance when there are terms, else newest. */
  order?: SearchOrder;
  offset: number;
  limit: number;
}

export interface SearchHit {
  id: string;
  snippet?: TextSegment[];
}

export interface SearchResults {
  hits: SearchHit[];
  /** Matching records, at most MAX_RESULTS. */
  total: number;
  /** More than MAX_RESULTS matched. */
  more: boolean;
  corrections: Correction[];
  /** When nothing matched: known words close to the query's unknown words. */
  suggestions: string[];
}

export async function runSearch(
  db: SqliteDatabase,
  vocabulary: Vocabulary,
  request: SearchRequest,
): Promise<SearchResults> {
  const expansion = await expandTerms(request.terms, vocabulary);
  const filters = { kind: request.kind, author: request.author };
  const match = matchExpression(expansion.terms, filters);
  const page: Page = {
    lower: request.since ? firstRowidAt(request.since) : 0,
    offset: request.offset,
    limit: request.limit,
  };
  const total = match
    ? await countMatches(db, match, page.lower, MAX_RESULTS + 1)
    : await countListed(db, request.kind, page.lower, MAX_RESULTS + 1);
  const broad = total > RANK_WINDOW || expansion.postings > BM25_POSTINGS_BUDGET;
  const rowids = total === 0 ? [] : await pageRowids(db, request, expansion, match, page, broad);
  const hasText = expansion.terms.length > 0;
  // Suggestions only for words the index does not know: when every word is known, the advice is
  // to use fewer of them, not to spell them differently.
  const suggestions = total === 0 ? await suggestWords(expansion.unknown, vocabulary) : [];
  return {
    hits: await hitsFor(db, rowids, hasText ? match : undefined),
    total: Math.min(total, MAX_RESULTS),
    more: total > MAX_RESULTS,
    corrections: expansion.corrections,
    suggestions,
  };
}

async function pageRowids(
  db: SqliteDatabase,
  request: SearchRequest,
  expansion: Expansion,
  match: string | undefined,
  page: Page,
  broad: boolean,
): Promise<number[]> {
  const order = request.order ?? (expansion.terms.length > 0 ? 'relevance' : 'newest');
  if (!match) return listByDate(db, request.kind, order === 'soonest' ? 'soonest' : 'newest', page);
  if (order !== 'relevance') return matchByDate(db, match, order, page);
  if (!broad) return byRelevance(db, match, page);
  const filters = { kind: request.kind, author: request.author };
  const titleMatch = matchExpression(expansion.terms, filters, ['title'])!;
  return byTitleThenDate(db, match, titleMatch, page);
}

async function hitsFor(db: SqliteDatabase, rowids: readonly number[], match: string | undefined) {
  if (rowids.length === 0) return [];
  const list = JSON.stringify(rowids);
  const rows = await db.all<{ rowid: number; id: string }>(
    'SELECT rowid, id FROM docs WHERE rowid IN (SELECT value FROM json_each(?))',
    [list],
  );
  const snippets = match ? await snippetsOf(db, match, list) : new Map<number, TextSegment[]>();
  const ids = new Map(rows.map((row) => [row.rowid, row.id]));
  return rowids.flatMap((rowid): SearchHit[] => {
    const id = ids.get(rowid);
    if (!id) return [];
    const snippet = snippets.get(rowid);
    return [snippet ? { id, snippet } : { id }];
  });
}

/** Snippets from the abstract around the matches, for the given rowids, in one statement. */
async function snippetsOf(
  db: SqliteDatabase,
  match: string,
  rowids: string,
): Promise<Map<number, TextSegment[]>> {
  const abstractColumn = FTS_COLUMNS.indexOf('abstract');
  const rows = await db.all<{ rowid: number; snippet: string | null }>(
    `SELECT rowid, snippet(docs_fts, ${abstractColumn}, ?, ?, '…', ${SNIPPET_TOKENS}) AS snippet
     FROM docs_fts WHERE docs_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
    [MATCH_START, MATCH_END, match, rowids],
  );
  return new Map(rows.map((row) => [row.rowid, row.snippet ? toSegments(row.snippet) : []]));
}
