/**
 * The text of a talk feed read into events: an iCalendar file (ical.js, with the Windows zone
 * names) or an RSS/Atom listing (rss-parser), told apart by content, and checked for nonsense.
 * Loaded by TalkFeedSource at its first read, so a bot without talk feeds never loads the parsers.
 */
import {
  looksLikeCalendar,
  readCalendar,
  type TalkEvent,
  talkEventsFromFeedItems,
} from '../sources/calendars/index.js';
import { parseTalkFeed } from './talk-feed-items.js';
import { nonsenseInCalendar, nonsenseInFeed } from './talk-plausibility.js';

export interface TalkReading {
  events: TalkEvent[];
  problems: string[];
  /** VEVENTs in the calendar, or items in the feed. */
  itemCount: number;
  /** Set when the feed reads as nonsense (every date in the past, no event at all...). */
  nonsense?: string;
}

export interface TalkReadingOptions {
  /** Zone for times given without one: the feed's own, else the config's `timezone`. */
  zone: string;
  horizonDays: number;
  now: Date;
}

/** Throws when the text cannot be read; the caller makes that the source's failure. */
export async function readTalkFeed(
  text: string,
  url: string,
  options: TalkReadingOptions,
): Promise<TalkReading> {
  const { zone, now } = options;
  if (looksLikeCalendar(text)) {
    const { events, problems } = readCalendar(text, {
      defaultTimezone: zone,
      now,
      horizonDays: options.horizonDays,
    });
    const itemCount = (text.match(/^BEGIN:VEVENT\b/gim) ?? []).length;
    return withNonsense({ events, problems, itemCount }, nonsenseInCalendar(text, events, now));
  }
  const feed = await parseTalkFeed(text, url);
  const events = talkEventsFromFeedItems(feed.items, {
    zone,
    now,
    ...(feed.title ? { series: feed.title } : {}),
  });
  return withNonsense(
    { events, problems: [], itemCount: feed.items.length },
    nonsenseInFeed(feed.items, events, now),
  );
}

function withNonsense(reading: TalkReading, nonsense: string | undefined): TalkReading {
  return nonsense ? { ...reading, nonsense } : reading;
}
