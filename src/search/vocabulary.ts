/**
 * The `words` table: every surface word of the indexed text with the number of records using it.
 * It answers three questions cheaply: is a query word known, which known words are closest to an
 * unknown one (typos), and which words start with a prefix.
 */

import { byCodeUnits } from '../code-unit-order.js';
import { editDistance } from './edit-distance.js';
import type { SqliteDatabase } from './sqlite-database.js';

export interface WordCandidate {
  word: string;
  docs: number;
  distance: number;
}

/** Typos tolerated: none in words of 3 letters or fewer, one up to 7, two beyond. */
export function typoBudget(word: string): number {
  if (word.length <= 3) return 0;
  return word.length <= 7 ? 1 : 2;
}

export interface KnownWord {
  word: string;
  docs: number;
}

export class Vocabulary {
  /**
   * Known words by first letter, loaded on first use: reading a few thousand rows through
   * node-sqlite3 costs milliseconds, comparing them in memory a fraction of that. Dropped when
   * the index moves to another revision.
   */
  readonly #byInitial = new Map<string, KnownWord[]>();
  #revision: number | undefined;

  constructor(private readonly db: SqliteDatabase) {}

  /** Tells the vocabulary which index revision it reads: a new one empties the cache. */
  atRevision(revision: number): void {
    if (revision !== this.#revision) this.#byInitial.clear();
    this.#revision = revision;
  }

  /** Document counts of the given words that are known. */
  async counts(words: readonly string[]): Promise<Map<string, number>> {
    if (words.length === 0) return new Map();
    const rows = await this.db.all<{ word: string; docs: number }>(
      'SELECT word, docs FROM words WHERE word IN (SELECT value FROM json_each(?))',
      [JSON.stringify(words)],
    );
    return new Map(rows.map((row) => [row.word, row.docs]));
  }

  /**
   * Known words within `maxDistance` edits, closest then commonest first. Candidates share the
   * first letter: typos there are rare, and it keeps the comparison to a slice of the vocabulary.
   */
  async closest(word: string, maxDistance: number, limit: number): Promise<WordCandidate[]> {
    if (maxDistance <= 0 || word.length === 0) return [];
    const candidates: WordCandidate[] = [];
    for (const known of await this.#withInitial(String.fromCodePoint(word.codePointAt(0)!))) {
      if (known.word === word || Math.abs(known.word.length - word.length) > maxDistance) continue;
      const distance = editDistance(word, known.word, maxDistance);
      if (distance <= maxDistance) candidates.push({ ...known, distance });
    }
    candidates.sort((a, b) => a.distance - b.distance || b.docs - a.docs || byCodeUnits(a.word, b.word));
    return candidates.slice(0, limit);
  }

  /** The commonest known words starting with `prefix`. */
  withPrefix(prefix: string, limit: number): Promise<KnownWord[]> {
    return this.db.all<{ word: string; docs: number }>(
      'SELECT word, docs FROM words WHERE word >= ? AND word < ? ORDER BY docs DESC, word LIMIT ?',
      [prefix, `${prefix}\u{10FFFF}`, limit],
    );
  }

  async #withInitial(initial: string): Promise<KnownWord[]> {
    const cached = this.#byInitial.get(initial);
    if (cached) return cached;
    const rows = await this.db.all<{ word: string; docs: number }>(
      'SELECT word, docs FROM words WHERE word >= ? AND word < ?',
      [initial, `${initial}\u{10FFFF}`],
    );
    this.#byInitial.set(initial, rows);
    return rows;
  }
}

/** Adds (or, negative, removes) document counts; words no record uses any more are dropped. */
export async function applyWordCounts(
  db: SqliteDatabase,
  deltas: ReadonlyMap<string, number>,
): Promise<void> {
  const entries = [...deltas].filter(([, delta]) => delta !== 0);
  for (let start = 0; start < entries.length; start += 5000) {
    await db.run(
      `INSERT INTO words (word, docs)
       SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
       ON CONFLICT (word) DO UPDATE SET docs = docs + excluded.docs`,
      [JSON.stringify(entries.slice(start, start + 5000))],
    );
  }
  if (entries.some(([, delta]) => delta < 0)) await db.run('DELETE FROM words WHERE docs <= 0');
}
