/**
 * The bot sorts instants, ids and keys by code units, never with localeCompare (which ranks by a
 * language's rules and maps ICU's collation tables into memory for the life of the process).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byCodeUnits } from '../../src/code-unit-order.js';
import { PROJECT_ROOT } from '../support/run-cli.js';

describe('byCodeUnits', () => {
  it('orders ISO 8601 instants of one format in time order', () => {
    const instants = ['2026-12-01T09:00:00.000Z', '2025-01-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z'];
    expect([...instants].sort(byCodeUnits)).toEqual([
      '2025-01-31T23:59:59.999Z',
      '2026-01-01T00:00:00.000Z',
      '2026-12-01T09:00:00.000Z',
    ]);
  });

  it('is the order of <, not a language collation: capitals first, accents after z', () => {
    expect(['b', 'é', 'a', 'B', 'A'].sort(byCodeUnits)).toEqual(['A', 'B', 'a', 'b', 'é']);
    expect(['b', 'é', 'a', 'B', 'A'].sort((a, b) => a.localeCompare(b, 'en'))).not.toEqual([
      'A',
      'B',
      'a',
      'b',
      'é',
    ]);
  });

  it('says equal strings are equal, and is antisymmetric', () => {
    expect(byCodeUnits('favero', 'favero')).toBe(0);
    expect(byCodeUnits('arxiv:2101.00001', 'arxiv:2101.00002')).toBe(-1);
    expect(byCodeUnits('arxiv:2101.00002', 'arxiv:2101.00001')).toBe(1);
  });
});

describe('the sources', () => {
  it('never sort with localeCompare', () => {
    const files = (readdirSync(join(PROJECT_ROOT, 'src'), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(PROJECT_ROOT, 'src', file));
    expect(files.length).toBeGreaterThan(100);
    const using = files.filter((file) => /\.localeCompare\(/.test(readFileSync(file, 'utf8')));
    expect(using.map((file) => relative(PROJECT_ROOT, file))).toEqual([]);
  });
});
