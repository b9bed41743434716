import { describe, expect, it } from 'vitest';
import { talkTimeFromText, UnknownTimezoneError } from '../../../src/sources/calendars/index.js';
import { fixtureText } from './fixtures.js';

const MADRID = 'Europe/Madrid';
const NOV_3_NOON = { start: '2025-11-03T12:00:00+01:00', end: '2025-11-03T13:00:00+01:00', allDay: false };

describe('talkTimeFromText', () => {
  it('reads the seed colloquium ("November 03, 2025" and "12:00 to 13:00" on separate lines)', () => {
    expect(talkTimeFromText(fixtureText('talks/seed_003_icfo_colloquium.txt'), MADRID)).toEqual(NOV_3_NOON);
  });

  it.each([
    'November 03, 2025 12:00 to 13:00',
    '3 November 2025, 12:00-13:00',
    'Mon, Nov 3, 2025 12:00 PM - 1:00 PM',
    'Monday 3rd Nov. 2025 | 12.00 – 13.00',
    '2025-11-03 12:00 - 13:00',
    '2025-11-03T12:00',
  ])('reads %j', (text) => {
    expect(talkTimeFromText(`Colloquium. ${text}. Auditorium.`, MADRID)).toEqual(NOV_3_NOON);
  });

  it('gives an hour when only the start is known', () => {
    expect(talkTimeFromText('2025-11-03 12:00', MADRID)).toEqual(NOV_3_NOON);
  });

  it('lets the start borrow the end\'s pm ("11:00 - 1:00 pm" is 11:00 to 13:00)', () => {
    expect(talkTimeFromText('Nov 3, 2025, 11:00 - 1:00 pm', MADRID)).toEqual({
      ...NOV_3_NOON,
      start: '2025-11-03T11:00:00+01:00',
    });
  });

  it('reads a date alone as an all-day talk', () => {
    expect(talkTimeFromText('Seminar on 3 November 2025 in room 2', MADRID)).toEqual({
      start: '2025-11-03T00:00:00+01:00',
      end: '2025-11-04T00:00:00+01:00',
      allDay: true,
    });
  });

  it('prefers a date with a time over an earlier bare date (a posting date)', () => {
    const text = 'Posted 2025-10-01. The talk: March 31, 2026 at 4pm.';
    expect(talkTimeFromText(text, MADRID)).toEqual({
      start: '2026-03-31T16:00:00+02:00',
      end: '2026-03-31T17:00:00+02:00',
      allDay: false,
    });
  });

  it('ends the next day when the range passes midnight', () => {
    expect(talkTimeFromText('2025-11-03 23:00 to 01:00', MADRID)?.end).toBe('2025-11-04T01:00:00+01:00');
  });

  it.each([
    'No date in this text',
    'Fall 2025 seminar series',
    'February 30, 2025 12:00',
    'November 3 at 12:00',
  ])('finds nothing in %j', (text) => {
    expect(talkTimeFromText(text, MADRID)).toBeUndefined();
  });

  it('does not read a bare number after a date as a time', () => {
    expect(talkTimeFromText('On 3 November 2025 15 speakers', MADRID)?.allDay).toBe(true);
  });

  it('rejects a zone that is not an IANA zone', () => {
    expect(() => talkTimeFromText('2025-11-03 12:00', 'CET+1')).toThrow(UnknownTimezoneError);
  });
});
