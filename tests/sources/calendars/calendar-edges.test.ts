import { describe, expect, it } from 'vitest';
import {
  CalendarParseError,
  looksLikeCalendar,
  MAX_OCCURRENCES_PER_EVENT,
  parseCalendar,
  readCalendar,
  UnknownTimezoneError,
} from '../../../src/sources/calendars/index.js';
import { expectWellFormed, times } from './fixtures.js';

const OPTIONS = { defaultTimezone: 'Europe/Berlin', now: new Date('2025-10-13T09:00:00Z'), horizonDays: 60 };

/** A calendar around the given VEVENT bodies; `head` goes before the first VEVENT. */
function calendar(events: string[], head = ''): string {
  const body = events.map((lines) => `BEGIN:VEVENT\n${lines.trim()}\nEND:VEVENT`).join('\n');
  return `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n${head}${body}\nEND:VCALENDAR\n`;
}

function parseError(text: string): CalendarParseError {
  try {
    parseCalendar(text, OPTIONS);
  } catch (error) {
    if (error instanceof CalendarParseError) return error;
    throw error;
  }
  throw new Error('expected a CalendarParseError');
}

describe('input that is not a readable calendar', () => {
  it.each([
    ['an empty string', '', /empty/],
    ['white space', ' \n\t', /empty/],
    ['an HTML page', '<!DOCTYPE html><html><body>Moved</body></html>', /not an iCalendar file.*HTML page/],
    ['an RSS feed', '<?xml version="1.0"?><rss version="2.0"></rss>', /not an iCalendar file.*<\?xml/],
    ['a truncated download', 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nDTSTART:20251101T100000Z\n', /truncated/],
    [
      'only unreadable events',
      calendar(['UID:a\nDTSTART:soon', 'UID:b\nSUMMARY:no start']),
      /no event.*UID a/,
    ],
  ])('throws CalendarParseError (CALENDAR_INVALID) for %s', (_, text, message) => {
    const error = parseError(text);
    expect(error.code).toBe('CALENDAR_INVALID');
    expect(error.message).toMatch(message);
  });

  it('accepts a calendar without events', () => {
    expect(parseCalendar(calendar([]), OPTIONS)).toEqual([]);
  });

  it('rejects a default zone that is not an IANA zone', () => {
    expect(() => parseCalendar(calendar([]), { ...OPTIONS, defaultTimezone: 'Mars/Olympus' })).toThrow(
      UnknownTimezoneError,
    );
  });
});

describe('looksLikeCalendar', () => {
  it.each([
    ['BEGIN:VCALENDAR\r\nVERSION:2.0', true],
    ['\uFEFF  \r\nbegin:vcalendar\n', true],
    ['<?xml version="1.0"?><rss/>', false],
    ['<html>BEGIN:VCALENDAR</html>', false],
    ['', false],
  ])('%j -> %s', (text, expected) => {
    expect(looksLikeCalendar(text)).toBe(expected);
  });
});

describe('recurrence edge cases', () => {
  it('caps the occurrences of one event at MAX_OCCURRENCES_PER_EVENT and says so', () => {
    const text = calendar(['UID:hourly\nDTSTART:20251001T000000Z\nRRULE:FREQ=HOURLY\nSUMMARY:Hourly']);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events).toHaveLength(MAX_OCCURRENCES_PER_EVENT);
    expect(reading.problems.join('\n')).toMatch(/capped at 500/);
  });

  it('stops a rule that cannot be skipped ahead (COUNT counts from 2000) instead of hanging', () => {
    const text = calendar([
      'UID:minutely\nDTSTART:20000101T000000Z\nRRULE:FREQ=MINUTELY;COUNT=99999999\nSUMMARY:Tick',
    ]);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events).toEqual([]);
    expect(reading.problems.join('\n')).toMatch(/stopped after 10000 steps/);
  });

  it('skips an endless minutely rule from 2000 ahead to the window', () => {
    const text = calendar([
      'UID:ticker\nDTSTART:20000101T000000Z\nDURATION:PT1M\nRRULE:FREQ=MINUTELY\nSUMMARY:Tick',
    ]);
    const events = parseCalendar(text, OPTIONS);
    expect(events).toHaveLength(MAX_OCCURRENCES_PER_EVENT);
    // now - 1 day is 11:00 in Berlin; the minute from 10:59 ends there and does not overlap.
    expect(events[0]?.start).toBe('2025-10-12T11:00:00+02:00');
  });

  it('reports a rule ical.js refuses to iterate instead of throwing', () => {
    const text = calendar([
      'UID:huge\nDTSTART:20251020T100000Z\nRRULE:FREQ=YEARLY;INTERVAL=1000000\nSUMMARY:Once',
    ]);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events.map((event) => event.start)).toEqual(['2025-10-20T12:00:00+02:00']);
    expect(reading.problems.join('\n')).toMatch(/stopped: Same occurrence found twice/);
  });

  it('keeps DTSTART when the RRULE cannot be read, and says so', () => {
    const text = calendar(['UID:bad-rule\nDTSTART:20251020T100000Z\nRRULE:FREQ=SOMETIMES\nSUMMARY:Talk']);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events.map((event) => event.key)).toEqual(['bad-rule#2025-10-20T10:00:00Z']);
    expect(reading.problems.join('\n')).toMatch(/RRULE "FREQ=SOMETIMES" cannot be read/);
  });

  it('matches EXDATEs by instant (UTC against a zoned series) and by date (DATE values)', () => {
    const text = calendar([
      `UID:weekly
DTSTART;TZID=Europe/Berlin:20251014T100000
DURATION:PT90M
RRULE:FREQ=WEEKLY;COUNT=5
EXDATE:20251021T080000Z
EXDATE;VALUE=DATE:20251104
SUMMARY:Group meeting`,
    ]);
    expect(times(parseCalendar(text, OPTIONS))).toEqual([
      '2025-10-14T10:00:00+02:00 2025-10-14T11:30:00+02:00',
      '2025-10-28T10:00:00+01:00 2025-10-28T11:30:00+01:00',
      '2025-11-11T10:00:00+01:00 2025-11-11T11:30:00+01:00',
    ]);
  });

  it('adds RDATEs given in another zone and reports a cancelled occurrence as cancelled', () => {
    const text = calendar([
      `UID:series
DTSTART;TZID=Europe/Berlin:20251015T140000
DTEND;TZID=Europe/Berlin:20251015T150000
RDATE;TZID=America/New_York:20251022T080000,20251029T090000
SUMMARY:Lecture`,
      `UID:series
RECURRENCE-ID;TZID=Europe/Berlin:20251022T140000
DTSTART;TZID=Europe/Berlin:20251022T140000
DTEND;TZID=Europe/Berlin:20251022T150000
STATUS:CANCELLED
SUMMARY:Lecture`,
    ]);
    const events = parseCalendar(text, OPTIONS);
    expectWellFormed(events);
    expect(events.map((event) => [event.start, event.status])).toEqual([
      ['2025-10-15T14:00:00+02:00', 'confirmed'],
      ['2025-10-22T14:00:00+02:00', 'cancelled'],
      // 09:00 in New York on 29 October is 14:00 in Berlin, which left DST on the 26th.
      ['2025-10-29T14:00:00+01:00', 'confirmed'],
    ]);
  });

  it('expands a weekly all-day series by dates', () => {
    const text = calendar([
      'UID:days\nDTSTART;VALUE=DATE:20251020\nRRULE:FREQ=WEEKLY;UNTIL=20251103\nSUMMARY:Retreat',
    ]);
    expect(times(parseCalendar(text, OPTIONS))).toEqual([
      '2025-10-20T00:00:00+02:00 2025-10-21T00:00:00+02:00',
      '2025-10-27T00:00:00+01:00 2025-10-28T00:00:00+01:00',
      '2025-11-03T00:00:00+01:00 2025-11-04T00:00:00+01:00',
    ]);
  });
});

describe('events that share a UID', () => {
  it('keeps the highest SEQUENCE of one event', () => {
    const text = calendar([
      'UID:talk-1\nSEQUENCE:2\nDTSTART:20251105T100000Z\nSUMMARY:Moved talk',
      'UID:talk-1\nSEQUENCE:1\nDTSTART:20251104T100000Z\nSUMMARY:Old talk',
    ]);
    expect(parseCalendar(text, OPTIONS).map((event) => [event.key, event.title])).toEqual([
      ['talk-1', 'Moved talk'],
    ]);
  });

  it('keeps every talk of a listing that reuses one UID, with distinct keys', () => {
    const text = calendar([
      'UID:seminar@dept\nDTSTART:20251104T100000Z\nSUMMARY:First',
      'UID:seminar@dept\nDTSTART:20251111T100000Z\nSUMMARY:Second',
      'UID:seminar@dept\nDTSTART:20251111T100000Z\nSUMMARY:Second',
    ]);
    expect(parseCalendar(text, OPTIONS).map((event) => event.key)).toEqual([
      'seminar@dept',
      'seminar@dept@2025-11-11T10:00:00Z',
    ]);
  });

  it('skips an override whose RECURRENCE-ID is unreadable rather than letting it replace the series', () => {
    const text = calendar([
      'UID:s\nDTSTART:20251104T100000Z\nRRULE:FREQ=WEEKLY;COUNT=2\nSUMMARY:Series',
      'UID:s\nRECURRENCE-ID:next week\nSEQUENCE:3\nDTSTART:20251112T100000Z\nSUMMARY:Broken',
    ]);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events.map((event) => event.title)).toEqual(['Series', 'Series']);
    expect(reading.problems).toEqual(['event UID s skipped: RECURRENCE-ID "next week" is not a date']);
  });
});

describe('zones and text', () => {
  it('reads floating times in X-WR-TIMEZONE when the calendar declares one', () => {
    const text = calendar(
      ['UID:f\nDTSTART:20251104T100000\nSUMMARY:Talk'],
      'X-WR-TIMEZONE:America/Chicago\n',
    );
    expect(parseCalendar(text, OPTIONS)[0]).toMatchObject({
      start: '2025-11-04T10:00:00-06:00',
      end: '2025-11-04T11:00:00-06:00',
      timezone: 'America/Chicago',
    });
  });

  it('applies the rules of a VTIMEZONE whose TZID names no zone ("Customized Time Zone")', () => {
    const vtimezone = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0300
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0200
TZOFFSETTO:+0300
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
`;
    const text = calendar(
      ['UID:v\nDTSTART;TZID=Customized Time Zone:20251020T100000\nRRULE:FREQ=WEEKLY;COUNT=2\nSUMMARY:Talk'],
      vtimezone,
    );
    const events = parseCalendar(text, OPTIONS);
    expect(events.map((event) => event.start)).toEqual([
      '2025-10-20T10:00:00+03:00',
      '2025-10-27T10:00:00+02:00',
    ]);
    expect(events[0]?.timezone).toBeUndefined();
  });

  it('falls back to the fixed offset of a display name it cannot map', () => {
    const text = calendar(['UID:o\nDTSTART;TZID="(UTC+05:30) Nowhere City":20251104T100000\nSUMMARY:Talk']);
    expect(parseCalendar(text, OPTIONS)[0]?.start).toBe('2025-11-04T10:00:00+05:30');
  });

  it('reads an unknown TZID in the calendar zone and reports it', () => {
    const text = calendar(['UID:u\nDTSTART;TZID=Somewhere Standard Time:20251104T100000\nSUMMARY:Talk']);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events[0]?.start).toBe('2025-11-04T10:00:00+01:00');
    expect(reading.problems).toEqual([
      'TZID "Somewhere Standard Time" names no known time zone; read in Europe/Berlin',
    ]);
  });

  it('makes HTML descriptions plain and falls back to X-ALT-DESC', () => {
    const text = calendar([
      'UID:h\nDTSTART:20251104T100000Z\nSUMMARY:  <b>Deep</b>   nets \nDESCRIPTION:<p>Speaker: <a href="x">Ada Lovelace</a></p><p>Abstract &amp; more</p>',
      'UID:x\nDTSTART:20251105T100000Z\nSUMMARY:Alt\nX-ALT-DESC;FMTTYPE=text/html:<html><body><p>First</p>\\\\n<p>Second</p></body></html>',
    ]);
    const [html, alt] = parseCalendar(text, OPTIONS);
    expect(html?.title).toBe('Deep nets');
    expect(html?.description).toBe('Speaker: Ada Lovelace\n\nAbstract & more');
    expect(html?.speakerHints).toEqual(['Ada Lovelace']);
    expect(alt?.description).toBe('First\n\nSecond');
  });

  it('marks every event of a METHOD:CANCEL calendar as cancelled', () => {
    const text = calendar(['UID:c\nDTSTART:20251104T100000Z\nSUMMARY:Talk'], 'METHOD:CANCEL\n');
    expect(parseCalendar(text, OPTIONS)[0]?.status).toBe('cancelled');
  });
});

describe('the calendar cases of issue 12', () => {
  it('recovers from a misspelt END: the VTODO is closed, every later event is read, with a warning', () => {
    const text = `BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTODO\nUID:todo\nSUMMARY:Buy chalk\nEND:VTOOD\n${[
      1, 2, 3,
    ]
      .map((n) => `BEGIN:VEVENT\nUID:talk-${n}\nSUMMARY:Talk ${n}\nDTSTART:2025101${n}T140000Z\nEND:VEVENT`)
      .join('\n')}\nEND:VCALENDAR\n`;
    const reading = readCalendar(text, { ...OPTIONS, pastDays: 10 });
    expect(reading.events.map((event) => event.title)).toEqual(['Talk 1', 'Talk 2', 'Talk 3']);
    expect(reading.problems).toContain('END:VTOOD matches no BEGIN; read as END:VTODO');
  });

  it('closes the innermost open component for an END that names nothing open', () => {
    const text = calendar([
      'UID:a\nSUMMARY:A\nDTSTART:20251020T100000Z\nBEGIN:VALARM\nACTION:DISPLAY\nEND:X-NOTHING',
      'UID:b\nSUMMARY:B\nDTSTART:20251021T100000Z',
    ]);
    const reading = readCalendar(text, OPTIONS);
    expect(reading.events.map((event) => event.title)).toEqual(['A', 'B']);
    expect(reading.problems).toContain('END:X-NOTHING matches no BEGIN; read as END:VALARM');
  });

  it.each([
    ['a UTC date-time (Exchange)', 'RECURRENCE-ID:20251021T000000Z'],
    ['a floating date-time', 'RECURRENCE-ID:20251021T000000'],
    ['a date', 'RECURRENCE-ID;VALUE=DATE:20251021'],
  ])('moves an all-day occurrence named by %s, announcing the moved one only', (_, recurrenceId) => {
    const text = calendar([
      'UID:day\nSUMMARY:Reading group\nDTSTART;VALUE=DATE:20251014\nRRULE:FREQ=WEEKLY;COUNT=3',
      `UID:day\n${recurrenceId}\nSUMMARY:Reading group (moved)\nDTSTART;VALUE=DATE:20251022`,
    ]);
    const events = parseCalendar(text, OPTIONS);
    expect(events.map((event) => `${event.start.slice(0, 10)} ${event.title}`)).toEqual([
      '2025-10-14 Reading group',
      '2025-10-22 Reading group (moved)',
      '2025-10-28 Reading group',
    ]);
    expect(events[1]!.key).toBe('day#2025-10-21');
  });

  it.each([
    ['UTC', 'RECURRENCE-ID:20251021T080000Z'],
    ['its zone', 'RECURRENCE-ID;TZID=Europe/Berlin:20251021T100000'],
    ['a floating time', 'RECURRENCE-ID:20251021T100000'],
    ['a date', 'RECURRENCE-ID;VALUE=DATE:20251021'],
  ])('moves a timed occurrence named in %s', (_, recurrenceId) => {
    const text = calendar([
      'UID:w\nSUMMARY:Seminar\nDTSTART;TZID=Europe/Berlin:20251014T100000\nRRULE:FREQ=WEEKLY;COUNT=3',
      `UID:w\n${recurrenceId}\nSUMMARY:Seminar (moved)\nDTSTART;TZID=Europe/Berlin:20251022T150000`,
    ]);
    const events = parseCalendar(text, OPTIONS);
    expect(events.map((event) => `${event.start} ${event.title}`)).toEqual([
      '2025-10-14T10:00:00+02:00 Seminar',
      '2025-10-22T15:00:00+02:00 Seminar (moved)',
      '2025-10-28T10:00:00+01:00 Seminar',
    ]);
    expect(events[1]!.key).toBe('w#2025-10-21T08:00:00Z');
  });

  it('unites several RRULEs', () => {
    const text = calendar([
      'UID:two\nSUMMARY:Twice\nDTSTART:20251014T100000Z\nRRULE:FREQ=WEEKLY;COUNT=2\nRRULE:FREQ=DAILY;INTERVAL=9;COUNT=2',
    ]);
    expect(parseCalendar(text, OPTIONS).map((event) => event.start.slice(0, 10))).toEqual([
      '2025-10-14',
      '2025-10-21',
      '2025-10-23',
    ]);
  });
});
