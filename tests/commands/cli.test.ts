/**
 * The chat commands through the real command line: `herald papers --json diffusion`
 * against a store prepared in a temporary DATA_DIR, as an operator would run it next to
 * `herald run`.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../src/records/record.js';
import { openStoreAt, tempDir } from '../search/search-fixture.js';
import { seedPapers } from '../search/seed-papers.js';
import { type CliResult, runCli } from '../support/run-cli.js';

let dir: string;

function herald(...args: string[]): Promise<CliResult> {
  return runCli(args, {
    DATA_DIR: dir,
    HERALD_CONFIG: join(dir, 'herald.yaml'),
    LOG_LEVEL: 'error',
    // Nothing here may reach the internet.
    ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    ARXIV_AUTHOR_FEED_URL: 'http://127.0.0.1:9/a/',
  });
}

beforeAll(async () => {
  dir = tempDir();
  writeFileSync(
    join(dir, 'herald.yaml'),
    'people:\n  - id: favero\n    name: Alessandro Favero\nfeeds:\n  - id: group-blog\n    url: https://blog.example.org/feed.xml\n    kind: paper\n',
  );
  const store = await openStoreAt(dir);
  await store.records.save(seedPapers());
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('herald papers and friends on the command line', () => {
  it('prints the results of `herald papers --json diffusion` as a JSON array of records', async () => {
    const run = await herald('papers', '--json', 'diffusion');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const records = JSON.parse(run.stdout) as PaperRecord[];
    expect(Array.isArray(records)).toBe(true);
    expect(records).toHaveLength(5);
    expect(records.slice(0, 4).every((record) => /diffusion/i.test(record.title))).toBe(true);
    expect(records[0]).toMatchObject({
      kind: 'paper',
      authors: expect.arrayContaining(['Alessandro Favero']),
    });
  });

  it('prints a readable answer, and exits 1 for a bad argument', async () => {
    const text = await herald('papers', 'task', 'arithmetic');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 results for "task arithmetic"');
    expect(text.stdout).toContain('1. Task Arithmetic in the Tangent Space');
    expect(text.stdout).toContain('*Alessandro Favero*');
    const bad = await herald('watch', 'remove', 'nobody');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no watched person has the id "nobody" (known: favero)');
  });

  it('rebuilds the index with `herald reindex`', async () => {
    const run = await herald('reindex');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Search index rebuilt: 17 records (store revision 1).\n');
  });
});
