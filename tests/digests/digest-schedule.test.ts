import { describe, expect, it } from 'vitest';
import {
  digestSchedule,
  lastRunAtOrBefore,
  nextRunAfter,
  parseDigestAt,
} from '../../src/announce/digest/digest-schedule.js';
import { problemsOf } from '../config/problems.js';

const at = (iso: string) => new Date(iso);

describe('digest times', () => {
  it('reads a weekday and a time for weekly digests, a time alone for daily ones', () => {
    expect(parseDigestAt('weekly', 'Mon 09:00')).toEqual({
      ok: true,
      value: { weekday: 1, hour: 9, minute: 0 },
    });
    expect(parseDigestAt('weekly', 'friday 17:30')).toEqual({
      ok: true,
      value: { weekday: 5, hour: 17, minute: 30 },
    });
    expect(parseDigestAt('daily', '7:05')).toEqual({ ok: true, value: { hour: 7, minute: 5 } });
    expect(parseDigestAt('weekly', '09:00')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('needs a day'),
    });
    expect(parseDigestAt('daily', 'Mon 09:00')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('daily digest takes a time alone'),
    });
    expect(parseDigestAt('weekly', 'Mox 09:00')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('names no day'),
    });
    expect(parseDigestAt('daily', '25:00')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('time of day'),
    });
  });

  it('finds the latest run at or before an instant, in the zone, across a DST change', () => {
    const weekly = digestSchedule('weekly', 'Mon 09:00', 'Europe/London');
    // Monday 2026-03-30 is the first Monday of British Summer Time: 09:00 is 08:00Z.
    expect(lastRunAtOrBefore(weekly, at('2026-03-30T08:00:00Z'))).toEqual(at('2026-03-30T08:00:00Z'));
    expect(lastRunAtOrBefore(weekly, at('2026-03-30T07:59:59Z'))).toEqual(at('2026-03-23T09:00:00Z'));
    expect(lastRunAtOrBefore(weekly, at('2026-04-02T12:00:00Z'))).toEqual(at('2026-03-30T08:00:00Z'));
    expect(nextRunAfter(weekly, at('2026-03-23T09:00:00Z'))).toEqual(at('2026-03-30T08:00:00Z'));
    const daily = digestSchedule('daily', undefined, 'America/New_York');
    expect(lastRunAtOrBefore(daily, at('2026-06-02T12:59:00Z'))).toEqual(at('2026-06-01T13:00:00Z'));
    expect(nextRunAfter(daily, at('2026-06-01T13:00:00Z'))).toEqual(at('2026-06-02T13:00:00Z'));
  });

  it('defaults a weekly digest to Monday 09:00', () => {
    expect(digestSchedule('weekly', undefined, 'UTC')).toMatchObject({ weekday: 1, hour: 9, minute: 0 });
  });
});

describe('digest config', () => {
  it('names the key of a time that does not fit its kind of digest', () => {
    expect(
      problemsOf(`
channels:
  - { id: lab, platform: console, target: lab, mode: digest, digest: { every: daily, at: "Mon 09:00" } }
  - { id: two, platform: console, target: two, mode: weekly }
`),
    ).toEqual([
      expect.stringMatching(/^herald\.yaml: channels\.0\.digest\.at: names a day, but a daily digest/),
      expect.stringMatching(
        /^herald\.yaml: channels\.1\.mode: Invalid option: expected one of "instant"\|"digest"/,
      ),
    ]);
    expect(problemsOf('channels: [{ id: lab, platform: console, target: lab, mode: digest }]')).toEqual([]);
  });
});
