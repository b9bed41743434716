/** Reads test fixtures from tests/fixtures/ and holds the checks every talk event must pass. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { TalkEvent } from '../../../src/sources/calendars/index.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** tests/fixtures/ as a path. */
export const FIXTURES_DIR = fileURLToPath(FIXTURES);

/** The folders of test calendars nobody on the project wrote, under tests/fixtures/. */
export const CALENDAR_CORPUS = ['corpus/icalendar', 'corpus/ical.js', 'corpus/node-ical', 'ical', 'talks'];

/** Every .ics file below a folder. */
export function calendarFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return calendarFiles(path);
    return path.endsWith('.ics') ? [path] : [];
  });
}

export function fixtureNames(folder: string): string[] {
  return readdirSync(new URL(`${folder}/`, FIXTURES)).sort();
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Invariants of any talk event: times with offsets and in order, plain text, unique keys. */
export function expectWellFormed(events: TalkEvent[]): void {
  for (const event of events) {
    expect(event.start).toMatch(ISO_WITH_OFFSET);
    expect(event.end).toMatch(ISO_WITH_OFFSET);
    expect(Date.parse(event.end)).toBeGreaterThan(Date.parse(event.start));
    expect(event.key.length).toBeGreaterThan(0);
    expect(event.title).not.toMatch(/<\/?[a-z][^>]*>|\s{2,}/i);
    expect(event.description).not.toMatch(/<\/?(?:p|br|a|div|span)\b/i);
    if (event.timezone)
      expect(() => new Intl.DateTimeFormat('en', { timeZone: event.timezone })).not.toThrow();
  }
  expect(new Set(events.map((event) => event.key)).size).toBe(events.length);
}

/** Start and end of each event, for compact assertions. */
export function times(events: TalkEvent[]): string[] {
  return events.map((event) => `${event.start} ${event.end}`);
}
