/**
 * When a digest goes out: daily at a time (`09:00`) or weekly on a day at a time (`Mon 09:00`),
 * as wall-clock time in the config's zone (luxon keeps it across DST changes). The digest tick
 * asks for the latest run at or before now: a run missed while the bot was down is caught up
 * once, covering everything since the last digest sent, never once per missed period.
 */
import { DateTime } from 'luxon';
import { HeraldError } from '../../errors.js';
import type { Checked } from '../../records/validators.js';

export type DigestEvery = 'daily' | 'weekly';

export const DIGEST_EVERY: readonly DigestEvery[] = ['daily', 'weekly'];

/** The default time of each kind of digest: Monday 09:00 for a weekly one. */
export const DEFAULT_DIGEST_AT: Readonly<Record<DigestEvery, string>> = {
  daily: '09:00',
  weekly: 'Mon 09:00',
};

export interface DigestTime {
  /** 1 = Monday ... 7 = Sunday (ISO, as luxon); weekly digests only. */
  weekday?: number;
  hour: number;
  minute: number;
}

export interface DigestSchedule extends DigestTime {
  every: DigestEvery;
  /** IANA zone the time is read in. */
  zone: string;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const AT = /^(?:([a-z]{3})[a-z]*\s+)?(\d{1,2}):(\d{2})$/i;

/** `Mon 09:00` (weekly) or `09:00` (daily), checked against the kind of digest. */
export function parseDigestAt(every: DigestEvery, text: string): Checked<DigestTime> {
  const match = AT.exec(text.trim());
  const example = DEFAULT_DIGEST_AT[every];
  if (!match) return { ok: false, problem: `is not a time such as "${example}"` };
  const [, day, hourText, minuteText] = match;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (hour > 23 || minute > 59) return { ok: false, problem: `is not a time of day such as "${example}"` };
  if (every === 'daily') {
    if (day)
      return { ok: false, problem: 'names a day, but a daily digest takes a time alone, such as "09:00"' };
    return { ok: true, value: { hour, minute } };
  }
  const weekday = day ? WEEKDAYS.indexOf(day.toLowerCase()) + 1 : 0;
  if (!day) return { ok: false, problem: 'needs a day for a weekly digest, such as "Mon 09:00"' };
  if (weekday === 0 || !WEEKDAYS[weekday - 1]!.startsWith(day.slice(0, 3).toLowerCase()))
    return { ok: false, problem: `names no day of the week ("${day}"; Mon, Tue, ... Sun)` };
  return { ok: true, value: { weekday, hour, minute } };
}

/** The schedule of a channel's digest; `at` is assumed checked (the config and the command do). */
export function digestSchedule(every: DigestEvery, at: string | undefined, zone: string): DigestSchedule {
  const parsed = parseDigestAt(every, at ?? DEFAULT_DIGEST_AT[every]);
  if (!parsed.ok) throw new HeraldError('DIGEST_AT_INVALID', `digest time "${at}" ${parsed.problem}`);
  return { every, zone, ...parsed.value };
}

/** The latest scheduled run at or before `now`. */
export function lastRunAtOrBefore(schedule: DigestSchedule, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: schedule.zone });
  let run: DateTime = local.set({ hour: schedule.hour, minute: schedule.minute, second: 0, millisecond: 0 });
  if (schedule.weekday !== undefined)
    run = run.set({ weekday: schedule.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 });
  const step = schedule.every === 'weekly' ? { weeks: 1 } : { days: 1 };
  while (run > local) run = atTime(run.minus(step), schedule);
  return run.toJSDate();
}

/** The first scheduled run after `time`. */
export function nextRunAfter(schedule: DigestSchedule, time: Date): Date {
  const last = DateTime.fromJSDate(lastRunAtOrBefore(schedule, time), { zone: schedule.zone });
  const step = schedule.every === 'weekly' ? { weeks: 1 } : { days: 1 };
  return atTime(last.plus(step), schedule).toJSDate();
}

/** Back at the wall-clock time after crossing a DST change (luxon keeps it; this says so). */
function atTime(time: DateTime, schedule: DigestSchedule): DateTime {
  return time.set({ hour: schedule.hour, minute: schedule.minute });
}
