import { describe, expect, it } from 'vitest';
import { parseCalendar, type TalkEvent } from '../../../src/sources/calendars/index.js';
import { expectWellFormed, fixtureText, times } from './fixtures.js';

const NOW = new Date('2025-10-13T09:00:00Z');
const OPTIONS = { defaultTimezone: 'Europe/Madrid', now: NOW, horizonDays: 60 };

function parseFixture(file: string, options: Partial<typeof OPTIONS> = {}): TalkEvent[] {
  const events = parseCalendar(fixtureText(`talks/${file}`), { ...OPTIONS, ...options });
  expectWellFormed(events);
  return events;
}

describe('Google Calendar export: weekly series in Europe/London', () => {
  const events = parseFixture('google_calendar_weekly_london_dst.ics');
  const seminar = events.filter((event) => event.title.startsWith('Stat Phys of Learning Seminar'));

  it('keeps 16:00 local across the end of BST (26 Oct): the offset moves from +01:00 to +00:00', () => {
    expect(times(seminar)).toEqual([
      '2025-10-14T16:00:00+01:00 2025-10-14T17:00:00+01:00',
      '2025-10-21T16:00:00+01:00 2025-10-21T17:00:00+01:00',
      // 28 October is an EXDATE.
      '2025-11-04T16:00:00+00:00 2025-11-04T17:00:00+00:00',
      // 11 November moved to Wednesday 12 November, 14:00, by an override written before the master.
      '2025-11-12T14:00:00+00:00 2025-11-12T15:00:00+00:00',
      '2025-11-18T16:00:00+00:00 2025-11-18T17:00:00+00:00',
      // UNTIL=20251125T235959Z keeps the last Tuesday.
      '2025-11-25T16:00:00+00:00 2025-11-25T17:00:00+00:00',
    ]);
    expect(seminar.every((event) => event.timezone === 'Europe/London')).toBe(true);
  });

  it('keys each occurrence by UID and its original start, so the moved one keeps its key', () => {
    const uid = '5t3mjq9l0vb2k8o1s4d7f6g2hc@google.com';
    expect(seminar.map((event) => event.key)).toEqual([
      `${uid}#2025-10-14T15:00:00Z`,
      `${uid}#2025-10-21T15:00:00Z`,
      `${uid}#2025-11-04T16:00:00Z`,
      `${uid}#2025-11-11T16:00:00Z`,
      `${uid}#2025-11-18T16:00:00Z`,
      `${uid}#2025-11-25T16:00:00Z`,
    ]);
    const moved = seminar[3];
    expect(moved?.title).toBe('Stat Phys of Learning Seminar (moved to Wednesday)');
    expect(moved?.speakerHints).toEqual(['Lenka Zdeborová']);
    // "Speakers: see the seminar page" names nobody.
    expect(seminar[0]?.speakerHints).toEqual([]);
    expect(seminar[0]?.description).toBe(
      'Weekly talk series of the group.\n\nSpeakers: see the seminar page',
    );
  });

  it('reads an all-day event as midnight to midnight in the calendar zone', () => {
    const workshop = events.find((event) => event.title === 'Workshop day: Diffusion models');
    expect(workshop).toMatchObject({
      allDay: true,
      start: '2025-11-20T00:00:00+00:00',
      end: '2025-11-21T00:00:00+00:00',
      timezone: 'Europe/London',
      key: '0a1b2c3d4e5f6g7h8i9j0k1l2m@google.com',
    });
  });

  it('bounds an endless daily rule (begun in 2019, no UNTIL or COUNT) by the horizon', () => {
    const reading = events.filter((event) => event.title === 'Morning reading group');
    // Weekdays from Mon 13 Oct to Thu 11 Dec: Fri 12 Dec 09:30 is past now + 60 days.
    expect(reading).toHaveLength(44);
    expect(reading[0]?.start).toBe('2025-10-13T09:30:00+01:00');
    expect(reading.at(-1)?.start).toBe('2025-12-11T09:30:00+00:00');
    expect(reading.find((event) => event.start.startsWith('2025-10-27'))?.start).toBe(
      '2025-10-27T09:30:00+00:00',
    );
  });

  it('shrinks with the horizon and keeps yesterday with pastDays', () => {
    // [12 Oct 09:00Z, 20 Oct 09:00Z]: 13-17 Oct and 20 Oct (09:30 BST is 08:30Z).
    const week = parseFixture('google_calendar_weekly_london_dst.ics', { horizonDays: 7 });
    expect(week.filter((event) => event.title === 'Morning reading group')).toHaveLength(6);
    // [14 Oct 08:00Z, 16 Oct 08:00Z]: yesterday's talks are kept, 16 Oct 08:30Z is not.
    const later = parseFixture('google_calendar_weekly_london_dst.ics', {
      now: new Date('2025-10-15T08:00:00Z'),
      horizonDays: 1,
    });
    expect(later.map((event) => event.start)).toEqual([
      '2025-10-14T09:30:00+01:00',
      '2025-10-14T16:00:00+01:00',
      '2025-10-15T09:30:00+01:00',
    ]);
  });
});

describe('Outlook / Office 365 export with Windows zone names', () => {
  const events = parseFixture('outlook_office365_windows_zones.ics');
  const titled = (start: string) => events.find((event) => event.title.startsWith(start));

  it('maps "W. Europe Standard Time" (with its 1601 VTIMEZONE) to Europe/Berlin', () => {
    expect(titled('Theory Colloquium: Quantum')).toMatchObject({
      start: '2025-10-30T15:00:00+01:00',
      end: '2025-10-30T16:30:00+01:00',
      timezone: 'Europe/Berlin',
      organizer: 'Theory Group Office',
      attendees: ['Anna Müller', 'Ortiz, Carlos'],
      speakerHints: ['Anna Müller'],
      series: 'Theory Group Talks',
    });
  });

  it('maps a Windows id and a quoted display name without VTIMEZONE, DST included', () => {
    // US DST ends on 2 November 2025: "Eastern Standard Time" is still -04:00 on 27 October.
    expect(titled('Boston group meeting')?.start).toBe('2025-10-27T10:00:00-04:00');
    expect(titled('Joint seminar with Boston')).toMatchObject({
      start: '2025-11-04T10:00:00-05:00',
      timezone: 'America/New_York',
    });
  });

  it('marks the cancelled talk (STATUS:CANCELLED) and keeps the others confirmed', () => {
    expect(titled('Canceled: Theory Colloquium')?.status).toBe('cancelled');
    expect(events.filter((event) => event.status === 'confirmed')).toHaveLength(3);
  });
});

describe('Indico export', () => {
  it('shows UTC times in the default zone and takes speakers from "Speakers:"', () => {
    const [colloquium, contribution] = parseFixture('indico_category_export.ics');
    expect(colloquium).toMatchObject({
      key: 'indico-event-1234567@indico.example.org',
      title: 'Statistical physics of generative diffusion',
      start: '2025-11-03T12:00:00+01:00',
      end: '2025-11-03T13:00:00+01:00',
      timezone: 'Europe/Madrid',
      location: 'Auditorium (ICFO)',
      url: 'https://indico.example.org/event/1234567/',
      speakerHints: ['Marc Mézard', 'Giulio Biroli'],
    });
    expect(contribution?.speakerHints).toEqual(['Giorgio Parisi']);
  });
});

describe('researchseminars.org export', () => {
  it('takes the title from the "Title:" line and the speaker from "by ... as part of"', () => {
    const [talk] = parseFixture('researchseminars_org_export.ics');
    expect(talk).toMatchObject({
      key: 'PhysML/42',
      title: 'Learning with random features',
      start: '2025-11-05T16:00:00+01:00',
      speakerHints: ['Florent Krzakala'],
    });
  });

  it('keeps its keys when DTSTAMP, set at every export, changes', () => {
    const text = fixtureText('talks/researchseminars_org_export.ics');
    const later = text.replace(
      'DTSTAMP;VALUE=DATE-TIME:20251013T094512Z',
      'DTSTAMP;VALUE=DATE-TIME:20251014T110000Z',
    );
    expect(later).not.toBe(text);
    expect(parseCalendar(later, OPTIONS)[0]?.key).toBe('PhysML/42');
  });
});

describe('listing without UID, with floating times', () => {
  const text = fixtureText('talks/php_listing_no_uid_floating.ics');

  it('reads floating times in the default zone', () => {
    const events = parseFixture('php_listing_no_uid_floating.ics');
    expect(times(events)).toEqual([
      '2025-11-04T14:15:00+01:00 2025-11-04T15:30:00+01:00',
      '2025-11-11T14:15:00+01:00 2025-11-11T15:30:00+01:00',
    ]);
    expect(events.map((event) => event.timezone)).toEqual(['Europe/Madrid', 'Europe/Madrid']);
    const inLondon = parseCalendar(text, { ...OPTIONS, defaultTimezone: 'Europe/London' });
    expect(inLondon[0]?.start).toBe('2025-11-04T14:15:00+00:00');
  });

  it('gives each talk a hash key that survives a new DTSTAMP but not a new speaker', () => {
    const keys = parseCalendar(text, OPTIONS).map((event) => event.key);
    expect(keys.every((key) => /^[0-9a-f]{16}$/.test(key))).toBe(true);
    expect(new Set(keys).size).toBe(2);
    expect(parseCalendar(text, OPTIONS).map((event) => event.key)).toEqual(keys);
    const restamped = text.replaceAll('DTSTAMP:20251013T091500Z', 'DTSTAMP:20251020T120000Z');
    expect(parseCalendar(restamped, OPTIONS).map((event) => event.key)).toEqual(keys);
    const otherSpeaker = text.replaceAll('Jane Smith', 'Joan Smith');
    expect(parseCalendar(otherSpeaker, OPTIONS)[0]?.key).not.toBe(keys[0]);
  });
});
