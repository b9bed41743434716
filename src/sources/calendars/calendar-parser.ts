/**
 * .ics text in, talk events out: every event, and every occurrence of a recurring one, that
 * overlaps [now - pastDays, now + horizonDays]. No fetching, no matching of people.
 */
import { DateTime } from 'luxon';
import { CalendarParseError, UnknownTimezoneError } from './errors.js';
import { type EventZone, IanaZone, isIanaZoneName } from './event-zone.js';
import { firstProperty, type IcsComponent, isClosed, readComponents, unescapeText } from './ics-lexer.js';
import { occurrencesOf } from './occurrences.js';
import { StepBudget, type TimeWindow } from './recurrence.js';
import type { TalkEvent } from './talk-event.js';
import { toPlainLine } from './talk-text.js';
import { readVevent, type VeventFacts } from './vevent-reader.js';
import { ianaNameFor, ZoneResolver } from './zone-resolver.js';

export interface CalendarOptions {
  /** Zone for floating times when the calendar names none (X-WR-TIMEZONE). */
  defaultTimezone: string;
  now: Date;
  horizonDays: number;
  /** How far back occurrences are kept; default 1 day. */
  pastDays?: number;
}

export interface CalendarReading {
  events: TalkEvent[];
  /** Events skipped or read with a fallback, one line each, for the source's log. */
  problems: string[];
  /** X-WR-CALNAME. */
  series?: string;
}

/** Occurrences kept per recurring event. */
export const MAX_OCCURRENCES_PER_EVENT = 500;
/** Recurrence iteration steps per event and per calendar: the guard against endless rules. */
export const MAX_STEPS_PER_EVENT = 10_000;
export const MAX_STEPS_PER_CALENDAR = 50_000;

const CALENDAR_START = /^\uFEFF?\s*BEGIN:VCALENDAR\b/i;

/** Whether the text is an iCalendar file (BEGIN:VCALENDAR after an optional BOM and white space). */
export function looksLikeCalendar(text: string): boolean {
  return CALENDAR_START.test(text);
}

export function parseCalendar(text: string, options: CalendarOptions): TalkEvent[] {
  return readCalendar(text, options).events;
}

/**
 * Like parseCalendar, with the problems met on the way. Throws CalendarParseError. A file holding
 * several VCALENDARs (listings concatenated by an aggregator) gives the events of all of them.
 */
export function readCalendar(text: string, options: CalendarOptions): CalendarReading {
  if (!isIanaZoneName(options.defaultTimezone)) throw new UnknownTimezoneError(options.defaultTimezone);
  const problems = new Set<string>();
  const calendars = findCalendars(text, (problem) => problems.add(problem));
  const facts: VeventFacts[] = [];
  let failure: CalendarParseError | undefined;
  for (const calendar of calendars) {
    try {
      facts.push(...readCalendarEvents(calendar, options, problems));
    } catch (error) {
      if (!(error instanceof CalendarParseError)) throw error;
      failure ??= error;
      problems.add(error.message);
    }
  }
  if (failure && facts.length === 0) throw failure;
  const series = calendars
    .map((calendar) => toPlainLine(unescapeText(firstProperty(calendar, 'X-WR-CALNAME')?.value ?? '')))
    .find(Boolean);
  const events = occurrencesOf(facts, {
    window: windowOf(options),
    maxOccurrences: MAX_OCCURRENCES_PER_EVENT,
    maxStepsPerEvent: MAX_STEPS_PER_EVENT,
    budget: new StepBudget(MAX_STEPS_PER_CALENDAR),
    report: (problem) => problems.add(problem),
  }).map((event) => (series ? { ...event, series } : event));
  return { events, problems: [...problems], ...(series ? { series } : {}) };
}

/** The events of one VCALENDAR, read in its zones; all cancelled when its METHOD is CANCEL. */
function readCalendarEvents(
  calendar: IcsComponent,
  options: CalendarOptions,
  problems: Set<string>,
): VeventFacts[] {
  const zones = new ZoneResolver(
    calendar.children.filter((child) => child.name === 'VTIMEZONE'),
    calendarZoneOf(calendar, options.defaultTimezone),
  );
  const facts = readEvents(calendar, zones, problems);
  const cancelAll = firstProperty(calendar, 'METHOD')?.value.trim().toUpperCase() === 'CANCEL';
  return cancelAll ? facts.map((event) => ({ ...event, status: 'cancelled' as const })) : facts;
}

/** The VCALENDAR components, or a CalendarParseError that says why there is none. */
function findCalendars(text: string, report: (problem: string) => void): IcsComponent[] {
  if (text.trim() === '') throw new CalendarParseError('the calendar is empty');
  if (!looksLikeCalendar(text)) {
    const opening = text
      .replace(/^\uFEFF/, '')
      .trim()
      .slice(0, 40)
      .replace(/\s+/g, ' ');
    const kind = /^<(?:!doctype html|html)/i.test(opening) ? 'an HTML page' : `text starting "${opening}"`;
    throw new CalendarParseError(`not an iCalendar file: expected BEGIN:VCALENDAR, got ${kind}`);
  }
  const calendars = readComponents(text, report).children.filter((child) => child.name === 'VCALENDAR');
  if (calendars.length === 0)
    throw new CalendarParseError('not an iCalendar file: BEGIN:VCALENDAR cannot be read');
  if (!calendars.every(isClosed)) {
    throw new CalendarParseError('the calendar is truncated: END:VCALENDAR is missing');
  }
  return calendars;
}

/** X-WR-TIMEZONE when it names a zone (Google, Apple), else the configured default. */
function calendarZoneOf(calendar: IcsComponent, defaultTimezone: string): EventZone {
  const declared = firstProperty(calendar, 'X-WR-TIMEZONE')?.value;
  const iana = declared ? ianaNameFor(unescapeText(declared)) : undefined;
  return new IanaZone(iana ?? defaultTimezone);
}

function windowOf(options: CalendarOptions): TimeWindow {
  const now = DateTime.fromJSDate(options.now, { zone: 'UTC' });
  return { start: now.minus({ days: options.pastDays ?? 1 }), end: now.plus({ days: options.horizonDays }) };
}

/** Every readable VEVENT; throws when there are events and none of them can be read. */
function readEvents(calendar: IcsComponent, zones: ZoneResolver, problems: Set<string>): VeventFacts[] {
  const vevents = calendar.children.filter((child) => child.name === 'VEVENT');
  const facts: VeventFacts[] = [];
  let firstFailure: string | undefined;
  for (const vevent of vevents) {
    try {
      facts.push(readVevent(vevent, zones, (problem) => problems.add(problem)));
    } catch (error) {
      const failure = `event ${describe(vevent)} skipped: ${(error as Error).message}`;
      firstFailure ??= failure;
      problems.add(failure);
    }
  }
  if (vevents.length > 0 && facts.length === 0) {
    throw new CalendarParseError(`no event in the calendar can be read; the first: ${firstFailure}`);
  }
  return facts;
}

function describe(vevent: IcsComponent): string {
  const uid = firstProperty(vevent, 'UID')?.value.trim();
  if (uid) return `UID ${uid}`;
  const summary = toPlainLine(unescapeText(firstProperty(vevent, 'SUMMARY')?.value ?? ''));
  return summary ? `"${summary.slice(0, 60)}"` : 'without UID or SUMMARY';
}
