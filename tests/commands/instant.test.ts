/**
 * `--now` reads an instant in ISO 8601 with its offset (luxon parses), and nothing else.
 * The refusals through the real command line are in cli-usage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/cli/instant.js';

describe('--now', () => {
  it.each([
    ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01t09:00:00z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00+01:00', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T09:00:00.250-05:00', '2026-12-01T14:00:00.250Z'],
    ['2026-12-01T09:00:00+0530', '2026-12-01T03:30:00.000Z'],
    ['20261201T090000Z', '2026-12-01T09:00:00.000Z'],
    ['2026-03-29T01:30:00+00:00', '2026-03-29T01:30:00.000Z'],
  ])('takes %s as %s', (value, instant) => {
    expect(parseInstant(value).toISOString()).toBe(instant);
  });

  it.each([
    '1',
    'March 3',
    '12/01/2026',
    '2026-12-01',
    '2026-12-01T09:00',
    '2026-12-01 09:00Z',
    'T09:00Z',
    '09:00Z',
    '2026-02-30T09:00Z',
    '2026-13-01T09:00Z',
    '2026-12-01T25:00Z',
    '2026-12-01T09:00+25:00',
    'Tue, 01 Dec 2026 09:00:00 GMT',
    '1796115600000',
  ])('refuses %s', (value) => {
    expect(() => parseInstant(value)).toThrow(/2026-12-01T09:00:00Z/);
  });
});
