/**
 * Every calendar of the corpus nobody on the project wrote (python icalendar's, ical.js's and
 * node-ical's test calendars, the publishers' files) ends in talk events or a CalendarParseError,
 * and the events it gives are well formed.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarParseError, readCalendar } from '../../../src/sources/calendars/index.js';
import { CALENDAR_CORPUS, calendarFiles, expectWellFormed, FIXTURES_DIR } from './fixtures.js';

describe('the calendar corpus', () => {
  it.each(CALENDAR_CORPUS)('every calendar of %s ends in events or a CalendarParseError', (folder) => {
    const files = calendarFiles(join(FIXTURES_DIR, folder));
    expect(files.length).toBeGreaterThan(0);
    let read = 0;
    for (const path of files) {
      const name = relative(FIXTURES_DIR, path);
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
