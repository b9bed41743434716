/**
 * Recurrence compared with an independent implementation: node-ical (its own parser, and
 * rrule-temporal for RRULEs) expands every calendar of the corpus (python icalendar's, ical.js's
 * and node-ical's test calendars, the publishers' files) over windows around each event, and the
 * bot must find the same occurrences, apart from the differences listed below with their reason.
 */
process.env.TZ = 'UTC';

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { looksLikeCalendar, parseCalendar } from '../../../src/sources/calendars/index.js';
import { CALENDAR_CORPUS, calendarFiles, FIXTURES_DIR } from './fixtures.js';

const DAY = 86_400_000;
const WINDOW_DAYS = 60;
const WINDOWS_PER_CALENDAR = 6;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** An occurrence as both sides can write it: the date of an all-day one, else the UTC instant. */
type Occurrence = string;

/** Windows opening a day before each event's start, and 200 days after it (recurrences only there). */
function windowsOf(events: ical.VEvent[]): number[] {
  const starts = events.map((event) => Math.floor(event.start.getTime() / DAY) * DAY);
  const windows = new Set(starts.flatMap((start) => [start - DAY, start + 200 * DAY]));
  return [...windows].filter(Number.isFinite).slice(0, WINDOWS_PER_CALENDAR);
}

function theirEvents(text: string): ical.VEvent[] | undefined {
  let components: ical.CalendarResponse;
  try {
    components = ical.sync.parseICS(text);
  } catch {
    return undefined;
  }
  return Object.values(components).filter(
    (component): component is ical.VEvent =>
      component?.type === 'VEVENT' &&
      (component as ical.VEvent).start instanceof Date &&
      !Number.isNaN((component as ical.VEvent).start.getTime()),
  );
}

function theirOccurrences(events: ical.VEvent[], from: number, to: number): Occurrence[] {
  return events.flatMap((event) =>
    ical
      .expandRecurringEvent(event, { from: new Date(from), to: new Date(to) })
      .map((instance) =>
        instance.isFullDay ? `D:${day(instance.start.getTime())}` : `T:${instance.start.toISOString()}`,
      ),
  );
}

function ourOccurrences(text: string, from: number, to: number): Occurrence[] {
  const events = parseCalendar(text, {
    defaultTimezone: 'UTC',
    now: new Date(from + 2 * DAY),
    horizonDays: WINDOW_DAYS,
    pastDays: 3,
  });
  return events.flatMap((event) => {
    const start = Date.parse(event.start);
    if (event.allDay) {
      const date = event.start.slice(0, 10);
      return date >= day(from) && date <= day(to) ? [`D:${date}`] : [];
    }
    return start >= from && start <= to ? [`T:${new Date(start).toISOString()}`] : [];
  });
}

/** Occurrences of one side missing from the other, counting repeats (two talks at one time). */
function missingFrom(side: Occurrence[], other: Occurrence[]): Occurrence[] {
  const left = [...other];
  return side.filter((occurrence) => {
    const index = left.indexOf(occurrence);
    if (index >= 0) left.splice(index, 1);
    return index < 0;
  });
}

// Why the bot reads these calendars otherwise than node-ical; each checked by hand against the file.
const CUSTOM_ZONE =
  'a TZID that is no IANA name (custom VTIMEZONE, "/Europe/Stockholm", a globally unique id, a Windows or Lotus name): the bot applies the VTIMEZONE or the named zone, node-ical falls back to UTC';
const FLOATING =
  'floating times: the bot reads them in X-WR-TIMEZONE or the configured zone; node-ical ignores X-WR-TIMEZONE and guesses the lone VTIMEZONE';
const RDATE =
  'RDATEs (a list without RRULE, PERIOD values, beside an RRULE) add occurrences (RFC 5545 3.8.5.2); node-ical drops them';
const TWO_RRULES = 'several RRULEs are united; node-ical reads the first only';
const DATE_WITH_TIME =
  'DTSTART;VALUE=DATE holding a date-time: the bot keeps the time written, node-ical the date';
const ORPHAN_OVERRIDE =
  'an override whose RECURRENCE-ID names no occurrence (or whose master is absent) is shown as the event it describes; node-ical drops it';
const NO_UID = 'two VEVENTs without UID at the same time are two events; node-ical keeps one';

/** File -> [occurrences that differ, reason]. Checked to be exactly the disagreements. */
const KNOWN_DIFFERENCES: Record<string, [number, string]> = {
  'corpus/icalendar/calendars/america_new_york.ics': [2, CUSTOM_ZONE],
  'corpus/icalendar/calendars/issue_156_RDATE_with_PERIOD_TZID_khal_2.ics': [2, CUSTOM_ZONE],
  'corpus/icalendar/calendars/issue_313_globally_unique_tzid.ics': [6, CUSTOM_ZONE],
  'corpus/icalendar/calendars/issue_466_convert_tzid_with_slash.ics': [36, CUSTOM_ZONE],
  'corpus/icalendar/calendars/issue_466_respect_unique_timezone.ics': [36, CUSTOM_ZONE],
  'corpus/icalendar/calendars/issue_722_timezone_transition_ambiguity.ics': [8, CUSTOM_ZONE],
  'corpus/icalendar/calendars/timezone_rdate.ics': [2, CUSTOM_ZONE],
  'corpus/ical.js/samples/timezone_from_file.ics': [2, CUSTOM_ZONE],
  'corpus/node-ical/test_with_int_tzid.ics': [4, CUSTOM_ZONE],
  'corpus/icalendar/calendars/multiple_timezones.ics': [2, FLOATING],
  'corpus/node-ical/dst-transition-rules.ics': [2, FLOATING],
  'corpus/node-ical/floating-dtstart-custom-vtimezone.ics': [2, FLOATING],
  'corpus/node-ical/mixed-timezone-handling.ics': [2, FLOATING],
  'corpus/node-ical/test_with_multiple_tzids_in_vtimezone.ics': [2, FLOATING],
  'corpus/node-ical/tv-show-episode.ics': [17, FLOATING],
  'corpus/icalendar/calendars/issue_1426.ics': [2, RDATE],
  'corpus/icalendar/calendars/rfc_7265_appendix_example_2_ical.ics': [1, RDATE],
  'corpus/ical.js/samples/recur_instances.ics': [2, RDATE],
  'corpus/ical.js/samples/recur_instances_finite.ics': [2, RDATE],
  'ical/community_call_rdate_list_no_rrule.ics': [3, RDATE],
  'corpus/ical.js/samples/multiple_rrules.ics': [9, TWO_RRULES],
  'corpus/node-ical/festival-multiday-rrule.ics': [744, DATE_WITH_TIME],
  'corpus/ical.js/samples/google_birthday.ics': [1, ORPHAN_OVERRIDE],
  'corpus/node-ical/recurrence-sequence.ics': [2, ORPHAN_OVERRIDE],
  'corpus/node-ical/Office-2012-owa.ics': [2, NO_UID],
  'ical/exchange_owa_quoted_tzid_display_names_no_vtimezone.ics': [2, NO_UID],
};

describe('recurrence against node-ical', () => {
  beforeAll(() => {
    // node-ical says on the console where it falls back; the comparison says what differs.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('finds the same occurrences over every calendar and window, but for the known differences', () => {
    const differing: Record<string, number> = {};
    let compared = 0;
    let agreed = 0;
    let windows = 0;
    for (const path of CALENDAR_CORPUS.flatMap((folder) => calendarFiles(join(FIXTURES_DIR, folder)))) {
      const text = readFileSync(path, 'utf8');
      // A bare VEVENT is no calendar to the bot (see the corpus test): nothing to compare.
      if (!looksLikeCalendar(text)) continue;
      const events = theirEvents(text);
      // node-ical refuses a few files outright (a duplicate DTSTART): nothing to compare with.
      if (!events) continue;
      const name = relative(FIXTURES_DIR, path);
      for (const from of windowsOf(events)) {
        const to = from + WINDOW_DAYS * DAY;
        const theirs = theirOccurrences(events, from, to);
        const ours = ourOccurrences(text, from, to);
        const missing = missingFrom(theirs, ours);
        const extra = missingFrom(ours, theirs);
        windows++;
        compared += theirs.length;
        agreed += theirs.length - missing.length;
        if (missing.length + extra.length > 0)
          differing[name] = (differing[name] ?? 0) + missing.length + extra.length;
      }
    }
    const known = Object.fromEntries(
      Object.entries(KNOWN_DIFFERENCES).map(([file, [count]]) => [file, count]),
    );
    expect(differing).toEqual(known);
    expect(windows).toBeGreaterThan(300);
    expect(agreed).toBeGreaterThan(2_500);
    expect(agreed / compared).toBeGreaterThan(0.85);
  });
});
