import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../../src/sources/calendars/index.js';
import { ianaNameFor } from '../../../src/sources/calendars/zone-resolver.js';

const OPTIONS = { defaultTimezone: 'Europe/Berlin', now: new Date('2025-10-13T09:00:00Z'), horizonDays: 60 };

function starts(rule: string, dtstart: string, horizonDays = 60): string[] {
  const text = `BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nDTSTART;TZID=Europe/Berlin:${dtstart}\nRRULE:${rule}\nSUMMARY:S\nEND:VEVENT\nEND:VCALENDAR\n`;
  return parseCalendar(text, { ...OPTIONS, horizonDays }).map((event) => event.start);
}

// Series begun years ago are skipped ahead by whole intervals; these check the phase survives.
describe('series that began years before the window', () => {
  it('keeps the fortnightly phase of a 2020 series', () => {
    const found = starts('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '20200107T100000');
    expect(found).toEqual([
      '2025-10-21T10:00:00+02:00',
      '2025-11-04T10:00:00+01:00',
      '2025-11-18T10:00:00+01:00',
      '2025-12-02T10:00:00+01:00',
    ]);
    const weeksSinceStart =
      (Date.parse(found[0]!) - Date.parse('2020-01-07T10:00:00+01:00')) / (7 * 86_400_000);
    expect(Math.round(weeksSinceStart) % 2).toBe(0);
  });

  it('keeps "last Friday of the month" from 2015', () => {
    expect(starts('FREQ=MONTHLY;BYDAY=-1FR', '20150130T160000')).toEqual([
      '2025-10-31T16:00:00+01:00',
      '2025-11-28T16:00:00+01:00',
    ]);
  });

  it('keeps the 31st of every month that has one (no skipping ahead there)', () => {
    expect(starts('FREQ=MONTHLY', '20150131T120000', 90)).toEqual([
      '2025-10-31T12:00:00+01:00',
      '2025-12-31T12:00:00+01:00',
    ]);
  });

  it('counts COUNT from the real start', () => {
    // Weekly from 2025-09-01, 8 times: the last is 20 October.
    expect(starts('FREQ=WEEKLY;COUNT=8', '20250901T090000')).toEqual([
      '2025-10-13T09:00:00+02:00',
      '2025-10-20T09:00:00+02:00',
    ]);
  });
});

describe('ianaNameFor', () => {
  it.each([
    ['Europe/Paris', 'Europe/Paris'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Romance Standard Time', 'Europe/Paris'],
    ['GMT Standard Time', 'Europe/London'],
    ['(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna', 'Europe/Berlin'],
    ['(UTC+01:00) Brussels, Copenhagen, Madrid, Paris', 'Europe/Paris'],
    ['(GMT+10:00) Canberra, Melbourne, Sydney', 'Australia/Sydney'],
    ['(UTC-03:00) Brasília', 'America/Sao_Paulo'],
    ['(UTC+09:00) Osaka, Sapporo, Tokyo', 'Asia/Tokyo'],
    ['/mozilla.org/20050126_1/America/New_York', 'America/New_York'],
    ['(UTC+02:00) Some new display name, Athens', 'Europe/Athens'],
  ])('%s -> %s', (tzid, iana) => {
    expect(ianaNameFor(tzid)).toBe(iana);
  });

  it('finds nothing for a name it cannot place', () => {
    expect(ianaNameFor('Customized Time Zone')).toBeUndefined();
  });
});
