/**
 * A real SQLite store and search index in a temporary directory, as the bot uses them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeraldRecord } from '../../src/records/record.js';
import { SearchIndex, searchIndexFile } from '../../src/search/search-index.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';

export interface SearchFixture {
  dir: string;
  store: Store;
  index: SearchIndex;
  /** Closes store and index and opens both again from the same files (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'herald-search-'));
}

export async function openStoreAt(dir: string): Promise<Store> {
  return createStore(await openSqliteBackend(join(dir, 'herald.sqlite')));
}

export async function searchFixture(records: readonly HeraldRecord[] = []): Promise<SearchFixture> {
  const dir = tempDir();
  const fixture: SearchFixture = {
    dir,
    store: await openStoreAt(dir),
    index: undefined as unknown as SearchIndex,
    restart: async () => {
      await fixture.index.close();
      await fixture.store.close();
      fixture.store = await openStoreAt(dir);
      fixture.index = await SearchIndex.open({ file: searchIndexFile(dir), records: fixture.store.records });
    },
    close: async () => {
      await fixture.index.close();
      await fixture.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (records.length > 0) await fixture.store.records.save(records);
  fixture.index = await SearchIndex.open({ file: searchIndexFile(dir), records: fixture.store.records });
  return fixture;
}
