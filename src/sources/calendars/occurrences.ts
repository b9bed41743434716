/**
 * From read VEVENTs to talk events: recurring masters expanded, moved occurrences (RECURRENCE-ID)
 * put in place of the ones they replace wherever they sit in the file, and every occurrence given
 * a key that stays the same from one poll to the next. A RECURRENCE-ID names its occurrence in
 * the master's terms whatever value type it was written in: a date-time on an all-day series
 * (Exchange) names that date, a date on a timed series that date's occurrence, a floating time
 * the master's wall-clock time, and UTC or zoned times the instant.
 */
import { DateTime } from 'luxon';
import { byCodeUnits } from '../../code-unit-order.js';
import { type ExpansionLimits, expandRecurrence } from './recurrence.js';
import type { TalkEvent } from './talk-event.js';
import { isoUtc, isoWithOffset, talkKey } from './talk-text.js';
import { alignedTo, type VeventFacts } from './vevent-reader.js';
import { dateKey, wallOfDateTime } from './wall-time.js';

export interface OccurrenceLimits extends ExpansionLimits {
  report(problem: string): void;
}

export function occurrencesOf(facts: VeventFacts[], limits: OccurrenceLimits): TalkEvent[] {
  const masters = latestEach(
    facts.filter((event) => !event.recurrenceId),
    (event) => event.uid,
  );
  const masterOf = new Map(masters.flatMap((master) => (master.uid ? [[master.uid, master] as const] : [])));
  const overrideKey = (event: VeventFacts) => recurrenceKeyOfOverride(event, masterOf.get(event.uid ?? ''));
  const overrides = latestEach(
    facts.filter((event) => event.recurrenceId),
    (event) => event.uid && `${event.uid}#${overrideKey(event)}`,
  );
  const replaced = new Set(overrides.map((event) => `${baseKey(event)}#${overrideKey(event)}`));
  const overlaps = (event: VeventFacts, start: DateTime) =>
    start <= limits.window.end && event.endOf(start) > limits.window.start;

  const talks: TalkEvent[] = [];
  for (const master of masters) {
    if (master.rrules.length === 0 && master.rdates.length === 0) {
      if (overlaps(master, master.start.instant))
        talks.push(talkOf(master, master.start.instant, baseKey(master)));
      continue;
    }
    for (const start of expandMaster(master, limits)) {
      const key = `${baseKey(master)}#${recurrenceKey(start, master.start.wall.dateOnly)}`;
      if (!replaced.has(key)) talks.push(talkOf(master, start, key));
    }
  }
  for (const override of overrides) {
    if (overlaps(override, override.start.instant)) {
      const key = `${baseKey(override)}#${overrideKey(override)}`;
      talks.push(talkOf(override, override.start.instant, key));
    }
  }
  talks.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || byCodeUnits(a.key, b.key));
  return withUniqueKeys(talks);
}

function expandMaster(master: VeventFacts, limits: OccurrenceLimits): DateTime[] {
  const label = master.uid ?? master.title;
  return expandRecurrence(
    {
      startWall: master.start.wall,
      anchor: master.start.zone,
      rrules: master.rrules,
      rdates: master.rdates,
      exclusions: master.exclusions,
      endOf: master.endOf,
    },
    limits,
    (problem) => limits.report(`event ${label}: ${problem}`),
  );
}

function talkOf(event: VeventFacts, start: DateTime, key: string): TalkEvent {
  const talk: TalkEvent = {
    key,
    title: event.title,
    description: event.description,
    start: isoWithOffset(event.display.present(start)),
    end: isoWithOffset(event.display.present(event.endOf(start))),
    allDay: event.start.wall.dateOnly,
    status: event.status,
    attendees: event.attendees,
    speakerHints: event.speakerHints,
  };
  if (event.display.iana) talk.timezone = event.display.iana;
  if (event.location) talk.location = event.location;
  if (event.url) talk.url = event.url;
  if (event.organizer) talk.organizer = event.organizer;
  return talk;
}

/** The UID, else a hash of title and speakers (never DTSTAMP, which some listings renew each fetch). */
function baseKey(event: VeventFacts): string {
  return event.uid ?? talkKey(event.title, event.speakerHints);
}

/** The RECURRENCE-ID of an occurrence: the date for all-day events, else the UTC instant. */
function recurrenceKey(start: DateTime, dateOnly: boolean): string {
  return dateOnly ? dateKey(wallOfDateTime(start)) : isoUtc(start);
}

/** The key of the occurrence a RECURRENCE-ID names, in the terms of its master's DTSTART. */
function recurrenceKeyOfOverride(event: VeventFacts, master: VeventFacts | undefined): string {
  const id = event.recurrenceId!;
  if (!master) return recurrenceKey(id.instant, id.wall.dateOnly);
  return recurrenceKey(alignedTo(id, master.start), master.start.wall.dateOnly);
}

/**
 * Per identity, the versions with the highest SEQUENCE, one per start (the later in the file).
 * Versions that share the top SEQUENCE but start at different times are kept: that is a listing
 * reusing one UID for several talks, and dropping all but one would lose talks.
 */
function latestEach(
  events: VeventFacts[],
  identity: (event: VeventFacts) => string | undefined,
): VeventFacts[] {
  const groups = new Map<string, VeventFacts[]>();
  const anonymous: VeventFacts[] = [];
  for (const event of events) {
    const id = identity(event);
    if (id) groups.set(id, [...(groups.get(id) ?? []), event]);
    else anonymous.push(event);
  }
  const kept = [...groups.values()].flatMap((versions) => {
    const top = Math.max(...versions.map((event) => event.sequence));
    const byStart = new Map<number, VeventFacts>();
    for (const event of versions) {
      if (event.sequence === top) byStart.set(event.start.instant.toMillis(), event);
    }
    return [...byStart.values()];
  });
  return [...kept, ...anonymous];
}

/** Keys can repeat (no UID and the same title, or a reused UID): the later ones get their start added. */
function withUniqueKeys(talks: TalkEvent[]): TalkEvent[] {
  const seen = new Set<string>();
  return talks.map((talk) => {
    if (!seen.has(talk.key)) {
      seen.add(talk.key);
      return talk;
    }
    const key = `${talk.key}@${isoUtc(DateTime.fromISO(talk.start, { setZone: true }))}`;
    seen.add(key);
    return { ...talk, key };
  });
}
