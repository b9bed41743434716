/**
 * A small promise wrapper over one node-sqlite3 connection: the index needs only run/get/all and
 * a way to close, and every failure becomes a SearchIndexError that names what was attempted.
 */
import sqlite3 from 'sqlite3';
import { SearchIndexError } from './errors.js';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface OpenOptions {
  /** Milliseconds to wait for another process's write lock (a rebuild can take seconds). */
  busyTimeoutMs: number;
  /** Page cache in KiB (SQLite's default is 2 MiB per connection). */
  cacheKib: number;
}

export class SqliteDatabase {
  private constructor(
    private readonly db: sqlite3.Database,
    readonly file: string,
  ) {}

  static async open(file: string, options: OpenOptions): Promise<SqliteDatabase> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, (error) =>
        error ? reject(error) : resolve(opened),
      );
    }).catch((error: Error) => {
      throw new SearchIndexError(`cannot open the search index ${file}: ${error.message}`, { cause: error });
    });
    db.configure('busyTimeout', options.busyTimeoutMs);
    const database = new SqliteDatabase(db, file);
    await database.run(`PRAGMA cache_size = -${options.cacheKib}`);
    return database;
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    return this.#call(sql, (done) => this.db.run(sql, params, (error) => done(error, undefined)));
  }

  get<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.#call(sql, (done) => this.db.get<T>(sql, params, done));
  }

  all<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.#call(sql, (done) => this.db.all<T>(sql, params, done));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.db.close(() => resolve()));
  }

  #call<T>(sql: string, start: (done: (error: Error | null, value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      start((error, value) => {
        if (!error) return resolve(value);
        const statement = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
        reject(
          new SearchIndexError(`search index ${this.file}: ${error.message} (in: ${statement})`, {
            cause: error,
          }),
        );
      });
    });
  }
}

/** SQLite's code for a failed statement (SQLITE_CORRUPT, SQLITE_NOTADB...), when there is one. */
export function sqliteCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
