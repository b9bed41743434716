import { describe, expect, it } from 'vitest';
import {
  CalendarParseError,
  type CalendarReading,
  readCalendar,
  type TalkEvent,
} from '../../../src/sources/calendars/index.js';
import { expectWellFormed, fixtureNames, fixtureText } from './fixtures.js';

interface RealCalendarCase {
  /** `now` near the calendar's events; window = [now - 1 day, now + 60 days]. */
  now: string;
  count: number;
  check(events: TalkEvent[], reading: CalendarReading): void;
}

const byTitle = (events: TalkEvent[], title: string) => events.filter((event) => event.title === title);

const CASES: Record<string, RealCalendarCase> = {
  'community_call_rdate_list_no_rrule.ics': {
    now: '2013-08-01',
    count: 2,
    check: (events) => {
      // RDATE list only; UTC times shown in the calendar's X-WR-TIMEZONE.
      expect(events.map((event) => event.start)).toEqual([
        '2013-08-03T20:00:00+01:00',
        '2013-08-31T20:00:00+01:00',
      ]);
      expect(events[0]?.timezone).toBe('Europe/London');
      expect(events[0]?.series).toBe('Hacker Public Radio');
    },
  },
  'discourse_events_no_dtend_duplicate_vtimezones.ics': {
    now: '2019-01-15',
    count: 3,
    check: ([openLab]) => {
      expect(openLab?.start).toBe('2019-01-17T18:00:25+01:00');
      expect(openLab?.end).toBe('2019-01-17T19:00:25+01:00');
      expect(openLab?.description).toContain('Ve…');
    },
  },
  'exchange2010_windows_tzids_vtimezone_1601.ics': {
    now: '2020-09-08',
    // 53 Mon-Sat occurrences + 35 Pacific ones (6 EXDATEs) + 2 single events; counted with dateutil.
    count: 90,
    check: (events) => {
      const [test] = byTitle(events, 'test');
      expect(test?.start).toBe('2020-09-10T09:00:00+02:00');
      expect(test?.timezone).toBe('Europe/Berlin');
      // DTSTART;TZID="W. Europe Standard Time:20200609T090000" is recovered, not dropped.
      expect(byTitle(events, "Log Yesterday's Jira time")[0]?.start).toBe('2020-09-07T09:00:00+02:00');
      expect(byTitle(events, 'Not the actual summary 1')[0]?.start).toBe('2020-09-15T08:30:00-07:00');
    },
  },
  'exchange_owa_quoted_tzid_display_names_no_vtimezone.ics': {
    now: '2020-10-27',
    count: 20,
    check: (events) => {
      expect(byTitle(events, 'TEST Syd')[0]).toMatchObject({
        start: '2020-10-28T13:30:00+11:00',
        timezone: 'Australia/Sydney',
      });
      // US DST ends on 1 November 2020: same display name, two offsets.
      expect(byTitle(events, 'TEST')[0]?.start).toBe('2020-10-28T13:30:00-04:00');
      expect(byTitle(events, 'TEST 3')[0]?.start).toBe('2020-11-02T13:30:00-05:00');
      expect(byTitle(events, 'TEST2')).toHaveLength(17);
    },
  },
  'google_comma_separated_exdate_and_bad_exdate_times.ics': {
    now: '2017-06-30',
    count: 5,
    check: (events) => {
      // Jul 6, 17, 20 and Aug 3 are excluded by the folded comma-separated EXDATE;TZID=US/Central.
      expect(byTitle(events, 'Example of comma-separated exdates').map((event) => event.start)).toEqual([
        '2017-07-03T09:00:00-05:00',
        '2017-07-31T09:00:00-05:00',
      ]);
      expect(byTitle(events, 'Example of exdate with bad times')[0]?.start).toBe('2017-08-14T17:00:00+03:00');
    },
  },
  'google_override_before_master_rrule_count.ics': {
    now: '2026-02-09',
    count: 3,
    check: (events) => {
      expect(events.map((event) => [event.title, event.start])).toEqual([
        ['TEST RECURR 3', '2026-02-10T10:00:00-07:00'],
        ['TEST RECURR 3 - MODIFIED', '2026-02-11T10:30:00-07:00'],
        ['TEST RECURR 3', '2026-02-12T10:00:00-07:00'],
      ]);
      expect(events[1]?.key).toBe('aaaaaaaaaa888se1rr0b24sm4p@google.com#2026-02-11T17:00:00Z');
    },
  },
  'google_vtimezone_rrule_until_recurrence_id_override.ics': {
    now: '2016-08-24',
    count: 4,
    check: (events) => {
      expect(events.map((event) => event.title)).toEqual(['repeated', 'bla bla', 'repeated', 'repeated']);
      // UNTIL=20160828T110000Z is 14:00 in Kyiv: the last occurrence is kept.
      expect(events[3]?.start).toBe('2016-08-28T14:00:00+03:00');
    },
  },
  'lanyrd_conferences_charset_param_mixed_date_datetime.ics': {
    now: '2011-03-10',
    count: 4,
    check: (events, reading) => {
      expect(reading.problems).toEqual(['event UID sdfkf09fsd0 skipped: DTSTART "Next Year" is not a date']);
      expect(events[0]).toMatchObject({
        title: 'Dyncon 2011',
        start: '2011-03-12T21:00:00+01:00',
        end: '2011-03-14T00:00:00+01:00',
        allDay: false,
        location: 'Stockholm, Sweden',
      });
      expect(events[1]).toMatchObject({ title: '[Async]: Everything Express', allDay: true });
    },
  },
  'meetup_export_vtimezone_folded_escaped_commas.ics': {
    now: '2011-11-08',
    count: 1,
    check: ([meetup]) => {
      expect(meetup?.start).toBe('2011-11-09T19:00:00-07:00');
      expect(meetup?.location).toBe(
        'Open Source Project Tempe (1415 E University Dr. #103A, Tempe, AZ 85281)',
      );
      expect(meetup?.description).toContain('Wednesday, November 9 at 7:00 PM\n\nCustomizing node display');
    },
  },
  'outlook_non_ascii_tzid_crlf.ics': {
    now: '2017-05-10',
    count: 1,
    check: ([event]) => {
      expect(event).toMatchObject({
        start: '2017-05-11T13:30:00-03:00',
        timezone: 'America/Sao_Paulo',
        title: '',
      });
    },
  },
  'seminar_aalto_icl_vtimezone_helsinki_speaker_in_summary_TRANSCRIBED.ics': {
    now: '2026-05-28',
    count: 2,
    check: (events) => {
      expect(events[0]?.start).toBe('2026-05-29T15:30:00+03:00');
      expect(events.map((event) => event.speakerHints)).toEqual([['Wenwen Hou'], ['Doudou Zhang']]);
    },
  },
  'seminar_emory_aggregator_long_folded_descriptions.ics': {
    now: '2026-08-24',
    // DTSTARTs from 2026-08-23 to 2026-10-22, counted with grep.
    count: 44,
    check: (events) => {
      expect(events[0]?.start).toBe('2026-08-25T08:00:00-04:00');
      const gmb = events.find((event) => event.title.startsWith('[GMB Seminar] Monica Reeves'));
      expect(gmb?.speakerHints).toContain('Monica Reeves');
    },
  },
  'seminar_hkust_cse_scraped_tzid_without_vtimezone.ics': {
    now: '2026-09-06',
    count: 4,
    check: (events) => {
      expect(events[0]?.start).toBe('2026-09-07T16:00:00+08:00');
      expect(events.map((event) => event.speakerHints)).toEqual([
        ['Shuai Wang'],
        ['Binhang Yuan'],
        ['Falko Dressler'],
        ['Abdelsalam Helal'],
      ]);
    },
  },
  'seminar_ipparis_utc_times_escaped_semicolon_emdash_TRANSCRIBED.ics': {
    now: '2026-10-10',
    count: 2,
    check: (events, reading) => {
      expect(reading.series).toBe('IP Paris Seminar — Incentives and Computation');
      expect(events.map((event) => event.start)).toEqual([
        '2026-10-12T14:00:00+02:00',
        '2026-11-16T14:00:00+01:00',
      ]);
      expect(events.map((event) => event.speakerHints)).toEqual([['Jason Hartline'], []]);
      expect(events[0]?.description).toContain('Open to all; no registration required.');
    },
  },
  'seminar_tilburg_mixed_allday_and_timed_vtimezone_crlf_TRANSCRIBED.ics': {
    now: '2026-09-16',
    count: 4,
    check: (events) => {
      expect(events[0]).toMatchObject({
        allDay: true,
        start: '2026-09-17T00:00:00+02:00',
        end: '2026-09-18T00:00:00+02:00',
        speakerHints: ['Gaofei Shen'],
      });
      expect(events[2]?.start).toBe('2026-10-29T12:30:00+01:00');
      expect(events[2]?.title).toBe(
        'Seminar: Bruno Nicenboim – All models are wrong, and so is model comparison',
      );
    },
  },
  'wordpress_ai1ec_x_alt_desc_html_allday_german.ics': {
    now: '2016-12-01',
    count: 1,
    check: ([event]) => {
      expect(event?.start).toBe('2016-12-03T14:00:00+01:00');
      expect(event?.title).toBe('Weihnachts Repair-Café');
      expect(event?.description).toContain('Repair Cafés finden in fest');
    },
  },
};

describe('every real-world calendar fixture', () => {
  it('has a case in this table', () => {
    expect(fixtureNames('ical')).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s', (file, expected) => {
    const reading = readCalendar(fixtureText(`ical/${file}`), {
      defaultTimezone: 'Europe/Madrid',
      now: new Date(`${expected.now}T00:00:00Z`),
      horizonDays: 60,
    });
    expect(reading.events).toHaveLength(expected.count);
    expectWellFormed(reading.events);
    expected.check(reading.events, reading);
  });
});

describe('damaged copies of the real-world calendars', () => {
  // Cut short (then closed), a few characters dropped, or a stray parameter spliced in: each copy
  // parses or fails with CalendarParseError, never with anything else.
  const damage = (text: string, at: number) => [
    `${text.slice(0, at)}\nEND:VCALENDAR\n`,
    text.slice(0, at) + text.slice(at + 7),
    `${text.slice(0, at)};X=":\\,\n${text.slice(at)}`,
  ];

  it.each(Object.entries(CASES))('%s', (file, { now }) => {
    const text = fixtureText(`ical/${file}`);
    const options = { defaultTimezone: 'UTC', now: new Date(`${now}T00:00:00Z`), horizonDays: 30 };
    for (let part = 1; part < 5; part++) {
      for (const copy of damage(text, Math.floor((text.length * part) / 5))) {
        try {
          expectWellFormed(readCalendar(copy, options).events);
        } catch (error) {
          expect(error).toBeInstanceOf(CalendarParseError);
        }
      }
    }
  });
});
