/**
 * The full-text index over every paper and talk in the store: DATA_DIR/search.sqlite, local to
 * each process (even when the store is shared), derived from the store and rebuilt from it
 * whenever it cannot be trusted. Opening a current index only reads its revision, so the bot is
 * ready at once after a restart, whatever the corpus size.
 *
 * Two connections: searches read through one while syncs write through the other, so a rebuild
 * in progress never blocks or half-shows to a search (WAL: readers see the last commit).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RecordRepository } from '../store/record-repository.js';
import { SearchIndexError } from './errors.js';
import { readMeta } from './index-schema.js';
import { rebuildIndex, type SyncOutcome, syncIndex } from './index-sync.js';
import { runSearch, type SearchRequest, type SearchResults } from './run-search.js';
import { SqliteDatabase, sqliteCode } from './sqlite-database.js';
import { Vocabulary } from './vocabulary.js';

export const SEARCH_INDEX_FILE = 'search.sqlite';

export function searchIndexFile(dataDir: string): string {
  return join(dataDir, SEARCH_INDEX_FILE);
}

export interface SearchIndexOptions {
  file: string;
  records: RecordRepository;
}

/** A rebuild of 50,000 records holds the write lock for seconds; another process waits that long. */
const BUSY_TIMEOUT_MS = 120_000;
const READER_CACHE_KIB = 32 * 1024;
const WRITER_CACHE_KIB = 16 * 1024;
const UNREADABLE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

export class SearchIndex {
  #queue: Promise<unknown> = Promise.resolve();
  #pendingSync: Promise<SyncOutcome> | undefined;
  readonly #vocabulary: Vocabulary;

  private constructor(
    private readonly writer: SqliteDatabase,
    private readonly reader: SqliteDatabase,
    private readonly records: RecordRepository,
  ) {
    this.#vocabulary = new Vocabulary(reader);
  }

  /** Opens (or creates) the index file; an unreadable file is deleted, to be rebuilt by sync(). */
  static async open(options: SearchIndexOptions): Promise<SearchIndex> {
    try {
      mkdirSync(dirname(options.file), { recursive: true });
    } catch (error) {
      throw new SearchIndexError(
        `cannot create the directory of ${options.file}: ${(error as Error).message}`,
      );
    }
    let writer: SqliteDatabase;
    try {
      writer = await openWriter(options.file);
    } catch (error) {
      if (!UNREADABLE.has(sqliteCode(error) ?? '')) throw error;
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.file}${suffix}`, { force: true });
      writer = await openWriter(options.file);
    }
    const reader = await SqliteDatabase.open(options.file, {
      busyTimeoutMs: BUSY_TIMEOUT_MS,
      cacheKib: READER_CACHE_KIB,
    });
    await reader.run('PRAGMA query_only = 1');
    return new SearchIndex(writer, reader, options.records);
  }

  get file(): string {
    return this.writer.file;
  }

  /**
   * Catches up with the store (or rebuilds when it must). Cheap when current: two reads.
   * Calls made while one waits to run share it.
   */
  sync(): Promise<SyncOutcome> {
    this.#pendingSync ??= this.#serially(async () => {
      this.#pendingSync = undefined;
      return this.#synced(await syncIndex(this.writer, this.records));
    });
    return this.#pendingSync;
  }

  /** Rebuilds from every stored record (`herald reindex`). */
  rebuild(): Promise<SyncOutcome> {
    return this.#serially(async () => this.#synced(await rebuildIndex(this.writer, this.records, 'forced')));
  }

  /** Searches what the index holds now; call sync() first to include the latest records. */
  search(request: SearchRequest): Promise<SearchResults> {
    return runSearch(this.reader, this.#vocabulary, request);
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await Promise.all([this.reader.close(), this.writer.close()]);
  }

  #synced(outcome: SyncOutcome): SyncOutcome {
    this.#vocabulary.atRevision(outcome.revision);
    return outcome;
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Opens the writer connection and reads the meta table, so an unreadable file fails here. */
async function openWriter(file: string): Promise<SqliteDatabase> {
  const writer = await SqliteDatabase.open(file, {
    busyTimeoutMs: BUSY_TIMEOUT_MS,
    cacheKib: WRITER_CACHE_KIB,
  });
  try {
    await writer.run('PRAGMA journal_mode = WAL');
    // The index can always be rebuilt, so durability beyond a process crash is not needed.
    await writer.run('PRAGMA synchronous = NORMAL');
    await readMeta(writer);
    return writer;
  } catch (error) {
    await writer.close();
    throw error;
  }
}
