/**
 * Whether a feed that was read without error still reads as nonsense: every event dated in year
 * 9999 (or year 1), say, from an exporter gone wrong. Such a reading must fail the source rather
 * than pass as "no talks": an empty reading would take every followed talk for cancelled.
 *
 * A calendar whose events all lie in the past is no nonsense (a series that ended), nor is a
 * listing with no dated item (a news feed): both are read as no upcoming talks.
 */
import type { FeedTalkItem, TalkEvent } from '../sources/calendars/index.js';

/** Years around now a talk's date can plausibly be in. */
const YEARS_AHEAD = 10;
const EARLIEST_YEAR = 1900;

/** A reason when no event was read and every VEVENT's DTSTART has an impossible year. */
export function nonsenseInCalendar(
  text: string,
  events: readonly TalkEvent[],
  now: Date,
): string | undefined {
  if (events.length > 0) return undefined;
  const years = veventStartYears(text);
  if (years.length === 0 || !years.every((year) => !isPlausibleYear(year, now))) return undefined;
  return `the calendar has ${years.length} event(s), all dated in impossible years (${describe(years)})`;
}

/** A reason when no talk was read and every item's structured start has an impossible year. */
export function nonsenseInFeed(
  items: readonly FeedTalkItem[],
  events: readonly TalkEvent[],
  now: Date,
): string | undefined {
  if (events.length > 0) return undefined;
  const years = items
    .map((item) => /^\s*(\d{4})-\d{2}-\d{2}/.exec(item.structured?.start ?? '')?.[1])
    .filter((year): year is string => year !== undefined)
    .map(Number);
  if (years.length === 0 || !years.every((year) => !isPlausibleYear(year, now))) return undefined;
  return `the feed dates all ${years.length} talk(s) in impossible years (${describe(years)})`;
}

/** The year of each VEVENT's DTSTART (folded lines joined first); VTIMEZONE starts are not looked at. */
function veventStartYears(text: string): number[] {
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const years: number[] = [];
  for (const block of unfolded.match(/^BEGIN:VEVENT\b[\s\S]*?^END:VEVENT\b/gim) ?? []) {
    const year = /^DTSTART\b[^\r\n]*?(\d{4})\d{4}(?:T|\s*$|")/im.exec(block)?.[1];
    if (year !== undefined) years.push(Number(year));
  }
  return years;
}

function isPlausibleYear(year: number, now: Date): boolean {
  return year >= EARLIEST_YEAR && year <= now.getUTCFullYear() + YEARS_AHEAD;
}

function describe(years: readonly number[]): string {
  return [...new Set(years)].slice(0, 3).join(', ');
}
