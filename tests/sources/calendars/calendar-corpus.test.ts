/**
 * Every calendar of the corpus nobody on the project wrote (python icalendar's, ical.js's and
 * node-ical's test calendars, the publishers' files) ends in talk events or a CalendarParseError,
 * and the events it gives are well formed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CalendarParseError, readCalendar } from '../../../src/sources/calendars/index.js';
import { expectWellFormed } from './fixtures.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const FOLDERS = ['corpus/icalendar', 'corpus/ical.js', 'corpus/node-ical', 'ical', 'talks'];

function calendarFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return calendarFiles(path);
    return path.endsWith('.ics') ? [path] : [];
  });
}

describe('the calendar corpus', () => {
  it.each(FOLDERS)('every calendar of %s ends in events or a CalendarParseError', (folder) => {
    const files = calendarFiles(join(FIXTURES, folder));
    expect(files.length).toBeGreaterThan(0);
    let read = 0;
    for (const path of files) {
      const name = relative(FIXTURES, path);
      try {
        const reading = readCalendar(readFileSync(path, 'utf8'), {
          defaultTimezone: 'Europe/London',
          now: new Date('2025-10-13T09:00:00Z'),
          horizonDays: 60,
          pastDays: 11_000, // back to 1995: the corpus holds the RFC examples
        });
        expectWellFormed(reading.events);
        read++;
      } catch (error) {
        if (!(error instanceof CalendarParseError)) {
          throw new Error(`${name}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
    expect(read / files.length).toBeGreaterThan(0.5);
  });
});
