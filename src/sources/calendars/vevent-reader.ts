/**
 * Reads one VEVENT into the facts a talk needs: times placed in their zones, recurrence parts,
 * and its text made plain. Throws VeventError for an event that cannot be placed in time.
 */
import { type DateTime, Duration } from 'luxon';
import { type EventZone, UTC_ZONE } from './event-zone.js';
import {
  allProperties,
  firstProperty,
  type IcsComponent,
  type IcsProperty,
  unescapeText,
} from './ics-lexer.js';
import type { Exclusions } from './recurrence.js';
import { speakerHints } from './speaker-hints.js';
import type { TalkEventStatus } from './talk-event.js';
import { isCancelledTitle, titleInDescription, toPlainLine, toPlainText } from './talk-text.js';
import { dateKey, parseIcsDate, type WallTime } from './wall-time.js';
import type { ZoneResolver } from './zone-resolver.js';

export class VeventError extends Error {}

export interface ZonedTime {
  wall: WallTime;
  zone: EventZone;
  /** The instant, with the zone's offset. */
  instant: DateTime;
  /** Neither UTC nor with a TZID: a wall-clock time, placed in the calendar's zone. */
  floating: boolean;
}

export interface VeventFacts {
  uid?: string;
  recurrenceId?: ZonedTime;
  start: ZonedTime;
  /** Zone the times are shown in: the event's own, or the calendar's for UTC times. */
  display: EventZone;
  endOf(start: DateTime): DateTime;
  rrules: string[];
  rdates: DateTime[];
  exclusions: Exclusions;
  sequence: number;
  title: string;
  description: string;
  location?: string;
  url?: string;
  status: TalkEventStatus;
  organizer?: string;
  attendees: string[];
  speakerHints: string[];
}

/** Reads a VEVENT; `report` receives problems that do not stop the event (an unknown TZID). */
export function readVevent(
  event: IcsComponent,
  zones: ZoneResolver,
  report: (problem: string) => void,
): VeventFacts {
  const readTime = (property: IcsProperty, value = property.value) =>
    placeTime(property, value, zones, report);
  const startProperty = firstProperty(event, 'DTSTART');
  if (!startProperty) throw new VeventError('it has no DTSTART');
  const start = readTime(startProperty);
  if (!start) throw new VeventError(`DTSTART "${startProperty.value}" is not a date`);
  const recurrenceIdProperty = firstProperty(event, 'RECURRENCE-ID');
  const recurrenceId = recurrenceIdProperty ? readTime(recurrenceIdProperty) : undefined;
  // Read as a master, a broken override would replace the whole series.
  if (recurrenceIdProperty && !recurrenceId) {
    throw new VeventError(`RECURRENCE-ID "${recurrenceIdProperty.value}" is not a date`);
  }
  const description = readDescription(event);
  const summary = toPlainLine(unescapeText(firstProperty(event, 'SUMMARY')?.value ?? ''));
  const title = titleInDescription(description) ?? summary;
  return {
    uid: firstProperty(event, 'UID')?.value.trim() || undefined,
    recurrenceId,
    start,
    display: start.zone === UTC_ZONE ? zones.calendarZone : start.zone,
    endOf: spanOf(start, event, readTime),
    rrules: allProperties(event, 'RRULE')
      .map((rule) => rule.value.trim())
      .filter(Boolean),
    rdates: timeList(event, 'RDATE', readTime).map((time) => alignedTo(time, start)),
    exclusions: exclusionsOf(timeList(event, 'EXDATE', readTime)),
    sequence: Number.parseInt(firstProperty(event, 'SEQUENCE')?.value ?? '0', 10) || 0,
    title,
    description,
    location: toPlainLine(unescapeText(firstProperty(event, 'LOCATION')?.value ?? '')) || undefined,
    url: absoluteUrl(firstProperty(event, 'URL')?.value),
    status: isCancelled(event, summary) ? 'cancelled' : 'confirmed',
    organizer: organizerOf(firstProperty(event, 'ORGANIZER')),
    attendees: allProperties(event, 'ATTENDEE')
      .map((attendee) => toPlainLine(attendee.params.get('CN')))
      .filter((name) => name !== ''),
    speakerHints: speakerHints(title, description),
  };
}

/**
 * An occurrence named by a RECURRENCE-ID or RDATE, in the terms of the event's DTSTART whatever
 * value type it was written in: on an all-day event, the date as written; a date on a timed event,
 * the DTSTART's wall-clock time that day; a floating time, that wall-clock time in the DTSTART's
 * zone; a UTC or zoned time, its instant.
 */
export function alignedTo(time: ZonedTime, start: ZonedTime): DateTime {
  if (start.wall.dateOnly)
    return start.zone.at({ ...time.wall, hour: 0, minute: 0, second: 0, dateOnly: true });
  if (time.wall.dateOnly) {
    return start.zone.at({ ...start.wall, year: time.wall.year, month: time.wall.month, day: time.wall.day });
  }
  return time.floating ? start.zone.at(time.wall) : time.instant;
}

/** A DATE or DATE-TIME value in its zone: `Z` is UTC, TZID names a zone, else the calendar's. */
function placeTime(
  property: IcsProperty,
  value: string,
  zones: ZoneResolver,
  report: (problem: string) => void,
): ZonedTime | undefined {
  const parsed = parseIcsDate(value);
  if (!parsed) return undefined;
  const tzid = property.params.get('TZID');
  let zone = zones.calendarZone;
  if (parsed.utc) {
    zone = UTC_ZONE;
  } else if (tzid) {
    const resolved = zones.resolve(tzid);
    if (resolved.unknown)
      report(`TZID "${tzid}" names no known time zone; read in ${zones.calendarZone.iana}`);
    zone = resolved.zone;
  }
  const instant = zone.at(parsed.wall);
  const floating = !parsed.utc && !tzid;
  return instant.isValid ? { wall: parsed.wall, zone, instant, floating } : undefined;
}

/** Every value of a multi-valued date property (comma lists, repeated lines, PERIOD starts). */
function timeList(
  event: IcsComponent,
  name: string,
  readTime: (property: IcsProperty, value: string) => ZonedTime | undefined,
): ZonedTime[] {
  return allProperties(event, name).flatMap((property) =>
    property.value
      .split(',')
      .map((value) => readTime(property, value.split('/')[0] ?? ''))
      .filter((time): time is ZonedTime => time !== undefined),
  );
}

function exclusionsOf(times: ZonedTime[]): Exclusions {
  const exclusions: Exclusions = { instants: new Set(), dates: new Set() };
  for (const time of times) {
    if (time.wall.dateOnly) exclusions.dates.add(dateKey(time.wall));
    else exclusions.instants.add(time.instant.toMillis());
  }
  return exclusions;
}

/** End of an occurrence: DTSTART + (DTEND - DTSTART), else + DURATION, else +1 day / +1 hour. */
function spanOf(
  start: ZonedTime,
  event: IcsComponent,
  readTime: (property: IcsProperty) => ZonedTime | undefined,
): (occurrence: DateTime) => DateTime {
  const endProperty = firstProperty(event, 'DTEND');
  const end = endProperty ? readTime(endProperty) : undefined;
  if (end && end.instant > start.instant) {
    if (start.wall.dateOnly && end.wall.dateOnly) {
      // Whole days, so that an all-day event spanning a DST change still ends at midnight.
      const days = Math.round(end.instant.diff(start.instant, 'days').days);
      return (occurrence) => occurrence.plus({ days });
    }
    const milliseconds = end.instant.toMillis() - start.instant.toMillis();
    return (occurrence) => occurrence.plus({ milliseconds });
  }
  const durationValue = firstProperty(event, 'DURATION')?.value.trim();
  const duration = durationValue ? Duration.fromISO(durationValue) : undefined;
  // A duration beyond any calendar (P999999999999999999W) ends nowhere: read as unsaid.
  if (duration?.isValid && duration.toMillis() > 0 && start.instant.plus(duration).isValid)
    return (occurrence) => occurrence.plus(duration);
  const fallback = start.wall.dateOnly ? { days: 1 } : { hours: 1 };
  return (occurrence) => occurrence.plus(fallback);
}

function readDescription(event: IcsComponent): string {
  const plain = toPlainText(unescapeText(firstProperty(event, 'DESCRIPTION')?.value ?? ''));
  if (plain !== '') return plain;
  const html = firstProperty(event, 'X-ALT-DESC');
  // iCalcreator escapes the escapes: its X-ALT-DESC holds a literal "\n" where a newline was meant.
  return html ? toPlainText(unescapeText(html.value).replace(/\\n/g, '\n'), 'html') : '';
}

function isCancelled(event: IcsComponent, title: string): boolean {
  const status = firstProperty(event, 'STATUS')?.value.trim().toUpperCase();
  return status === 'CANCELLED' || isCancelledTitle(title);
}

function organizerOf(property: IcsProperty | undefined): string | undefined {
  if (!property) return undefined;
  const name = toPlainLine(property.params.get('CN'));
  return name || property.value.replace(/^mailto:/i, '').trim() || undefined;
}

function absoluteUrl(value: string | undefined): string | undefined {
  const url = value ? unescapeText(value).trim() : '';
  return /^https?:\/\/\S+$/i.test(url) ? url : undefined;
}
