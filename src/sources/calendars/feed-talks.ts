/**
 * Talk events from the items of an RSS/Atom talk feed (the core parses the feed with rss-parser).
 * The talk's time comes from structured fields when the feed has them, else from the item's text;
 * an item with neither is skipped, because a seminar post without a date is not a talk we can
 * announce. One exception: Hugo and Wowchemy seminar listings put the talk's date, and nothing
 * else, in pubDate (midnight UTC), so such a date-only pubDate is read as an all-day talk.
 */
import { DateTime } from 'luxon';
import { UnknownTimezoneError } from './errors.js';
import { canonicalIanaName, isIanaZoneName } from './event-zone.js';
import { speakerHints } from './speaker-hints.js';
import type { TalkEvent } from './talk-event.js';
import { isCancelledTitle, isoUtc, isoWithOffset, talkKey, toPlainLine, toPlainText } from './talk-text.js';
import { type TalkTime, talkTimeFromText } from './text-time.js';

export interface FeedTalkItem {
  guid?: string;
  title?: string;
  link?: string;
  description?: string;
  /** rss-parser's isoDate: the item's pubDate / published, as an ISO instant. */
  isoDate?: string;
  /** Event fields some feeds carry (`ev:startdate`, schema.org `startDate`, ...), as found. */
  structured?: { start?: string; end?: string; location?: string };
}

export interface FeedTalkOptions {
  /** Zone for times the feed gives without one. */
  zone: string;
  now: Date;
  /** Channel title, copied to each event's `series`. */
  series?: string;
}

/** Years around `now` a talk can plausibly be in; Go's zero time (year 1) and 9999 are not. */
const PLAUSIBLE_YEARS_BACK = 50;
const PLAUSIBLE_YEARS_AHEAD = 10;
/** How far from `now` a date-only pubDate may lie and still be read as the talk's date. */
const PUBLICATION_DAYS_BACK = 366;
const PUBLICATION_DAYS_AHEAD = 2 * 366;

export function talkEventsFromFeedItems(items: FeedTalkItem[], options: FeedTalkOptions): TalkEvent[] {
  if (!isIanaZoneName(options.zone)) throw new UnknownTimezoneError(options.zone);
  const seen = new Set<string>();
  const talks: TalkEvent[] = [];
  for (const item of items) {
    const talk = talkEventOf(item, options);
    if (!talk) continue;
    // Items without guid can hash alike (same title, no speaker found): keep both apart by start.
    if (seen.has(talk.key)) talk.key = `${talk.key}@${isoUtc(DateTime.fromISO(talk.start))}`;
    seen.add(talk.key);
    talks.push(talk);
  }
  return talks;
}

function talkEventOf(item: FeedTalkItem, options: FeedTalkOptions): TalkEvent | undefined {
  const title = toPlainLine(item.title);
  const description = toPlainText(item.description);
  const time =
    structuredTime(item.structured, options.zone) ??
    talkTimeFromText(`${title}\n${description}`, options.zone) ??
    dateOnlyPublication(item.isoDate, options);
  if (!time || !isPlausible(time.start, options.now)) return undefined;
  const hints = speakerHints(title, description, { bareTitleMayBeName: true });
  const talk: TalkEvent = {
    key: item.guid?.trim() || talkKey(title, hints),
    title,
    description,
    ...time,
    timezone: canonicalIanaName(options.zone),
    status: isCancelledTitle(title) ? 'cancelled' : 'confirmed',
    attendees: [],
    speakerHints: hints,
  };
  const location = toPlainLine(item.structured?.location) || locationInText(description);
  if (location) talk.location = location;
  if (item.link && /^https?:\/\//i.test(item.link.trim())) talk.url = item.link.trim();
  if (options.series) talk.series = toPlainLine(options.series);
  return talk;
}

/** The time from structured fields: ISO 8601 (with or without offset), RFC 2822, or prose. */
function structuredTime(structured: FeedTalkItem['structured'], zone: string): TalkTime | undefined {
  const startText = structured?.start?.trim();
  if (!startText) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(startText)) {
    const day = DateTime.fromISO(startText, { zone });
    if (!day.isValid) return undefined;
    const endDay = structured?.end ? DateTime.fromISO(structured.end.trim(), { zone }) : undefined;
    const end = endDay?.isValid && endDay > day ? endDay : day.plus({ days: 1 });
    return { start: isoWithOffset(day), end: isoWithOffset(end), allDay: true };
  }
  const start = readInstant(startText, zone);
  if (!start) return talkTimeFromText(startText, zone);
  const endText = structured?.end?.trim();
  const givenEnd = endText ? readInstant(endText, zone) : undefined;
  const end = givenEnd && givenEnd > start ? givenEnd : start.plus({ hours: 1 });
  return { start: isoWithOffset(start), end: isoWithOffset(end), allDay: false };
}

/** An instant shown in `zone`; a time without offset is read in `zone`. */
function readInstant(text: string, zone: string): DateTime | undefined {
  for (const parsed of [DateTime.fromISO(text, { zone }), DateTime.fromRFC2822(text, { zone })]) {
    if (parsed.isValid) return parsed.setZone(zone);
  }
  return undefined;
}

/**
 * A pubDate at exactly midnight UTC is a date without a time (Hugo's `date: 2021-05-28`). Only
 * dates near `now` count: this is the weakest of the three sources, and JavaScript reads Go's zero
 * time ("Mon, 01 Jan 0001") as 2001-01-01, which no year check alone can tell from a real date.
 */
function dateOnlyPublication(isoDate: string | undefined, options: FeedTalkOptions): TalkTime | undefined {
  if (!isoDate) return undefined;
  const published = DateTime.fromISO(isoDate, { zone: 'UTC' });
  if (!published.isValid || published.toMillis() !== published.startOf('day').toMillis()) return undefined;
  const now = DateTime.fromJSDate(options.now);
  if (
    published < now.minus({ days: PUBLICATION_DAYS_BACK }) ||
    published > now.plus({ days: PUBLICATION_DAYS_AHEAD })
  ) {
    return undefined;
  }
  const day = DateTime.fromObject(
    { year: published.year, month: published.month, day: published.day },
    { zone: options.zone },
  );
  return { start: isoWithOffset(day), end: isoWithOffset(day.plus({ days: 1 })), allDay: true };
}

function isPlausible(startIso: string, now: Date): boolean {
  const year = DateTime.fromISO(startIso).year;
  const nowYear = now.getUTCFullYear();
  return year >= nowYear - PLAUSIBLE_YEARS_BACK && year <= nowYear + PLAUSIBLE_YEARS_AHEAD;
}

/** "Location: Room 101", "Venue: ...", "Where: ..." lines. */
function locationInText(description: string): string | undefined {
  const match = /^(?:location|venue|room|place|where)\s*:\s*(.+)$/im.exec(description);
  return match?.[1]?.trim() || undefined;
}
