/**
 * Talk times and time spans as words, for notices: "Tue 4 Nov 2025, 14:15 CET", "23 hours", and
 * the short offset labels used in delivery keys ("24h", "90m").
 */
import { DateTime } from 'luxon';

interface TalkZone {
  timezone?: string;
  allDay?: boolean;
}

const HOUR_MS = 60 * 60_000;
const MINUTE_MS = 60_000;

/** A start in the talk's own zone (where its listing gives it), with the zone's abbreviation. */
export function formatTalkTime(iso: string, talk: TalkZone): string {
  const time = inTalkZone(iso, talk);
  return talk.allDay ? time.toFormat('ccc d LLL yyyy') : time.toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

/** "Tue 4 Nov 2025, 14:15–15:30 CET"; the end's day is written out when it is another day. */
export function formatTalkTimeRange(range: { start: string; end: string }, talk: TalkZone): string {
  const start = inTalkZone(range.start, talk);
  const end = inTalkZone(range.end, talk);
  if (talk.allDay) return start.toFormat('ccc d LLL yyyy');
  const endText = start.hasSame(end, 'day')
    ? end.toFormat('HH:mm ZZZZ')
    : end.toFormat('ccc d LLL, HH:mm ZZZZ');
  return `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${endText}`;
}

/** 86_400_000 -> "24h", 5_400_000 -> "90m": part of a reminder's delivery key. */
export function offsetLabel(offsetMs: number): string {
  return offsetMs % HOUR_MS === 0 ? `${offsetMs / HOUR_MS}h` : `${Math.round(offsetMs / MINUTE_MS)}m`;
}

/**
 * A time span in words, to the minute: "23 hours", "1 hour", "30 minutes", "90 minutes". Whole
 * hours from two hours up; a tick a few seconds late still says "1 hour".
 */
export function durationWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE_MS));
  if (minutes >= 120) return plural(Math.round(minutes / 60), 'hour');
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function inTalkZone(iso: string, talk: TalkZone): DateTime {
  const time = DateTime.fromISO(iso, { setZone: true, locale: 'en-GB' });
  return talk.timezone ? time.setZone(talk.timezone) : time;
}
