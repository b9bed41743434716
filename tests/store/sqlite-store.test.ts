/**
 * The store contract against the SQLite backend, one temporary file per test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore } from '../../src/store/store.js';
import { describeStoreContract } from './store-contract.js';

let dir: string;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-sqlite-store-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStoreContract(
  'SQLite',
  () => openSqliteBackend(join(dir, `store-${++files}.sqlite`)),
  (backend) => backend.close(),
);

describe('SQLite store written by a newer paper-herald', () => {
  it('is refused when reopened, and left as it was', async () => {
    const file = join(dir, 'newer.sqlite');
    const writer = await openSqliteBackend(file);
    await writer.collection('meta').set('schemaVersion', 999);
    await writer.collection('records').set('arxiv:1', { kept: true });
    await writer.close();

    const reader = await openSqliteBackend(file);
    try {
      await expect(createStore(reader)).rejects.toMatchObject({
        code: 'STORE_SCHEMA',
        message: expect.stringContaining('schema version 999'),
      });
      expect(await reader.collection('meta').get('schemaVersion')).toBe(999);
      expect(await reader.collection('records').get('arxiv:1')).toEqual({ kept: true });
    } finally {
      await reader.close();
    }
  });
});
