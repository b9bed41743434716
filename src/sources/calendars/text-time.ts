/**
 * A talk's time from the text of a feed item, for listings that give the date only in prose:
 * "November 03, 2025 12:00 to 13:00", "3 November 2025, 12:00-13:00",
 * "Mon, Nov 3, 2025 12:00 PM - 1:00 PM", "2025-11-03 12:00", or a date alone (all-day).
 * Three date shapes and one time-range shape, English month names only; anything else is
 * "no time found" rather than a guess.
 */
import { DateTime } from 'luxon';
import { UnknownTimezoneError } from './errors.js';
import { isIanaZoneName } from './event-zone.js';
import { isoWithOffset } from './talk-text.js';

export interface TalkTime {
  start: string;
  end: string;
  allDay: boolean;
}

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi');
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'gi');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})(?=T|\b)/g;

/** A time, or a range, right after the date: "12:00 to 13:00", ", 12:00-13:00", "12:00 PM - 1:00 PM". */
const TIME_RANGE =
  /^[\s,;|·•@]*(?:(?:at|from)\s+)?T?(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?(?:\s*(?:-|–|—|to|until|till)\s*(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?)?(?![\d:])/i;

interface FoundDate {
  index: number;
  end: number;
  year: number;
  month: number;
  day: number;
}

interface ClockTime {
  hour: number;
  minute: number;
}

/** Start and end of the first dated talk in `text`, in `zone`; undefined when no date is found. */
export function talkTimeFromText(text: string, zone: string): TalkTime | undefined {
  if (!isIanaZoneName(zone)) throw new UnknownTimezoneError(zone);
  const flat = text.replace(/\s+/g, ' ');
  const dates = findDates(flat);
  // A date followed by a time is the talk's; a bare date earlier in the text may be a posting date.
  for (const date of dates) {
    const range = timeRangeAfter(flat.slice(date.end));
    if (range) return timedTalk(date, range.start, range.end, zone);
  }
  const first = dates[0];
  return first ? allDayTalk(first, zone) : undefined;
}

function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const match of text.matchAll(MONTH_DAY_YEAR)) {
    found.push(dateOf(match, Number(match[3]), monthNumber(match[1]), Number(match[2])));
  }
  for (const match of text.matchAll(DAY_MONTH_YEAR)) {
    found.push(dateOf(match, Number(match[3]), monthNumber(match[2]), Number(match[1])));
  }
  for (const match of text.matchAll(ISO_DATE)) {
    found.push(dateOf(match, Number(match[1]), Number(match[2]), Number(match[3])));
  }
  return found
    .filter((date) => DateTime.fromObject({ year: date.year, month: date.month, day: date.day }).isValid)
    .sort((a, b) => a.index - b.index);
}

function dateOf(match: RegExpMatchArray, year: number, month: number, day: number): FoundDate {
  const index = match.index ?? 0;
  return { index, end: index + match[0].length, year, month, day };
}

const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string | undefined): number {
  return MONTH_PREFIXES.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
}

function timeRangeAfter(rest: string): { start: ClockTime; end?: ClockTime } | undefined {
  const match = TIME_RANGE.exec(rest);
  if (!match) return undefined;
  const [, startHour, startMinute, startMeridiem, endHour, endMinute, endMeridiem] = match;
  // A bare number after a date ("2025 15 speakers") is not a time: ask for minutes or am/pm.
  if (startMinute === undefined && startMeridiem === undefined) return undefined;
  const end = endHour === undefined ? undefined : clock(endHour, endMinute, endMeridiem);
  // "11:00 - 1:00 PM": the start borrows the end's am/pm when that keeps it before the end.
  let start = clock(startHour, startMinute, startMeridiem);
  if (start && end && !startMeridiem && endMeridiem) {
    const borrowed = clock(startHour, startMinute, endMeridiem);
    if (borrowed && minutesOf(borrowed) <= minutesOf(end)) start = borrowed;
  }
  if (!start || (endHour !== undefined && !end)) return undefined;
  return end ? { start, end } : { start };
}

function clock(hourText: string | undefined, minuteText: string | undefined, meridiem: string | undefined) {
  let hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

function minutesOf(time: ClockTime): number {
  return time.hour * 60 + time.minute;
}

function timedTalk(date: FoundDate, start: ClockTime, end: ClockTime | undefined, zone: string): TalkTime {
  const day = { year: date.year, month: date.month, day: date.day };
  const startTime = DateTime.fromObject({ ...day, ...start }, { zone });
  let endTime = end ? DateTime.fromObject({ ...day, ...end }, { zone }) : startTime.plus({ hours: 1 });
  // "23:00 to 01:00" ends the next day.
  if (endTime <= startTime) endTime = endTime.plus({ days: 1 });
  return { start: isoWithOffset(startTime), end: isoWithOffset(endTime), allDay: false };
}

function allDayTalk(date: FoundDate, zone: string): TalkTime {
  const start = DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone });
  return { start: isoWithOffset(start), end: isoWithOffset(start.plus({ days: 1 })), allDay: true };
}
