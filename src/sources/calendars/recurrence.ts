/**
 * Expands a recurring event (RRULEs, RDATE, EXDATE) into the occurrences that touch a time window.
 * ical.js iterates the RRULE on floating wall-clock times; each occurrence is then placed in the
 * event's zone, so a weekly 10:00 talk stays at 10:00 local across DST changes. Iteration is
 * bounded three ways (the window, a cap on occurrences, a step budget) so that an endless rule
 * cannot hang a poll.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { EventZone } from './event-zone.js';
import { dateKey, shiftWall, type WallTime, wallFields, wallOfDateTime } from './wall-time.js';

export interface TimeWindow {
  start: DateTime;
  end: DateTime;
}

export interface Exclusions {
  /** Excluded instants, in epoch milliseconds. */
  instants: Set<number>;
  /** Excluded local dates (`2025-11-03`), from DATE-valued EXDATEs. */
  dates: Set<string>;
}

export interface RecurringEvent {
  startWall: WallTime;
  anchor: EventZone;
  /** RRULEs: RFC 5545 discourages more than one; when there are several, their union. */
  rrules: readonly string[];
  /** RDATE instants. */
  rdates: DateTime[];
  exclusions: Exclusions;
  /** When an occurrence starting at `start` ends. */
  endOf(start: DateTime): DateTime;
}

/** Iteration steps shared by all events of one calendar. */
export class StepBudget {
  constructor(private remaining: number) {}

  take(): boolean {
    this.remaining -= 1;
    return this.remaining >= 0;
  }
}

export interface ExpansionLimits {
  window: TimeWindow;
  maxOccurrences: number;
  maxStepsPerEvent: number;
  budget: StepBudget;
}

/** Occurrence starts (in the anchor zone) that overlap the window, sorted, excluded ones removed. */
export function expandRecurrence(
  event: RecurringEvent,
  limits: ExpansionLimits,
  report: (problem: string) => void,
): DateTime[] {
  const overlaps = (start: DateTime) =>
    start <= limits.window.end && event.endOf(start) > limits.window.start;
  // RFC 5545: DTSTART is always the first instance, whether or not the rule matches it.
  const candidates = [
    event.anchor.at(event.startWall),
    ...event.rdates.map((rdate) => event.anchor.present(rdate)),
  ];
  for (const rrule of event.rrules) candidates.push(...ruleOccurrences(event, rrule, limits, report));
  const byInstant = new Map<number, DateTime>();
  for (const start of candidates) {
    if (overlaps(start) && !isExcluded(start, event.exclusions)) byInstant.set(start.toMillis(), start);
  }
  return [...byInstant.values()].sort((a, b) => a.toMillis() - b.toMillis()).slice(0, limits.maxOccurrences);
}

function isExcluded(start: DateTime, exclusions: Exclusions): boolean {
  return exclusions.instants.has(start.toMillis()) || exclusions.dates.has(dateKey(wallOfDateTime(start)));
}

function ruleOccurrences(
  event: RecurringEvent,
  rrule: string,
  limits: ExpansionLimits,
  report: (problem: string) => void,
): DateTime[] {
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(rrule);
  } catch (error) {
    report(`RRULE "${rrule}" cannot be read (${(error as Error).message}); only DTSTART used`);
    return [];
  }
  if (!recur.freq) {
    report(`RRULE "${rrule}" has no FREQ; only DTSTART used`);
    return [];
  }
  alignUntil(recur, event);
  // COUNT is counted here: ical.js counts an occurrence twice when a step lands on the same time
  // again (a MONTHLY rule with BYMONTH gaps), ending such series one occurrence short.
  const count = recur.count ?? undefined;
  recur.count = null;
  const iterator = recur.iterator(floatingTime(fastForward(recur, count, event, limits.window)));
  const starts: DateTime[] = [];
  try {
    for (let steps = 1, next = iterator.next(); next; steps++, next = iterator.next()) {
      if (count !== undefined && steps > count) break;
      if (steps > limits.maxStepsPerEvent || !limits.budget.take()) {
        report(`RRULE "${rrule}" stopped after ${steps - 1} steps`);
        break;
      }
      const start = event.anchor.at(wallOfIcalTime(next, event.startWall.dateOnly));
      if (start > limits.window.end) break;
      if (event.endOf(start) > limits.window.start) starts.push(start);
      if (starts.length >= limits.maxOccurrences) {
        report(`RRULE "${rrule}" capped at ${limits.maxOccurrences} occurrences`);
        break;
      }
    }
  } catch (error) {
    // ical.js throws on some rules it cannot iterate ("Same occurrence found twice").
    report(`RRULE "${rrule}" stopped: ${(error as Error).message}`);
  }
  return starts;
}

/**
 * Puts UNTIL on the same footing as the floating DTSTART the iterator sees: a UTC UNTIL becomes
 * the event zone's wall-clock time, and a DATE UNTIL of a timed event covers that whole day.
 */
function alignUntil(recur: ICAL.Recur, event: RecurringEvent): void {
  const until = recur.until;
  if (!until) return;
  let wall = wallOfIcalTime(until, until.isDate);
  if (!until.isDate && until.zone?.tzid === 'UTC') {
    wall = wallOfDateTime(event.anchor.present(DateTime.fromObject(wallFields(wall), { zone: 'UTC' })));
  }
  if (event.startWall.dateOnly) {
    wall = { ...wall, hour: 0, minute: 0, second: 0, dateOnly: true };
  } else if (until.isDate) {
    wall = { ...wall, hour: 23, minute: 59, second: 59, dateOnly: false };
  }
  recur.until = floatingTime(wall);
}

type StepUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';

const UNIT_BY_FREQ: Record<string, StepUnit> = {
  SECONDLY: 'seconds',
  MINUTELY: 'minutes',
  HOURLY: 'hours',
  DAILY: 'days',
  WEEKLY: 'weeks',
  MONTHLY: 'months',
  YEARLY: 'years',
};

/**
 * Moves the iteration start forward by whole intervals to shortly before the window, so that a
 * weekly series begun in 2010 does not cost hundreds of steps each poll (nor an hourly one
 * tens of thousands). Only where that cannot
 * change the result: no COUNT (it counts from the real start), and for monthly and yearly rules a
 * start day that exists in every month or explicit BY parts.
 */
function fastForward(
  recur: ICAL.Recur,
  count: number | undefined,
  event: RecurringEvent,
  window: TimeWindow,
): WallTime {
  const unit = UNIT_BY_FREQ[recur.freq ?? ''];
  if (!unit || count) return event.startWall;
  const hasByParts = Object.keys(recur.parts ?? {}).length > 0;
  if ((unit === 'months' || unit === 'years') && event.startWall.day > 28 && !hasByParts)
    return event.startWall;
  // The earliest start whose occurrence still reaches into the window.
  const start = event.anchor.at(event.startWall);
  const earliest = event.anchor.present(window.start.minus(event.endOf(start).diff(start)));
  const interval = recur.interval || 1;
  const elapsed = diffInUnit(event.startWall, wallOfDateTime(earliest), unit);
  // Two intervals short of it: wall-clock arithmetic can be an hour off across a DST change.
  const periods = Math.floor(elapsed / interval) - 2;
  if (periods <= 0) return event.startWall;
  return shiftWall(event.startWall, { [unit]: periods * interval });
}

function diffInUnit(from: WallTime, to: WallTime, unit: StepUnit): number {
  const a = DateTime.fromObject(wallFields(from), { zone: 'UTC' });
  const b = DateTime.fromObject(wallFields(to), { zone: 'UTC' });
  return Math.floor(b.diff(a, unit).get(unit));
}

function floatingTime(wall: WallTime): ICAL.Time {
  return new ICAL.Time(
    {
      year: wall.year,
      month: wall.month,
      day: wall.day,
      hour: wall.hour,
      minute: wall.minute,
      second: wall.second,
      isDate: wall.dateOnly,
    },
    ICAL.Timezone.localTimezone,
  );
}

function wallOfIcalTime(time: ICAL.Time, dateOnly: boolean): WallTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: dateOnly ? 0 : time.hour,
    minute: dateOnly ? 0 : time.minute,
    second: dateOnly ? 0 : time.second,
    dateOnly,
  };
}
