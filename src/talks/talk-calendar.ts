/**
 * A talk as something to put in one's own calendar: a Google Calendar template link and the event
 * as an iCalendar (RFC 5545) snippet, times in UTC so no zone definition is needed.
 */
import { DateTime } from 'luxon';
import type { TalkRecord } from '../records/record.js';

const GOOGLE_TEMPLATE = 'https://calendar.google.com/calendar/render?action=TEMPLATE';
/** Google refuses very long URLs; the details are a pointer to the talk, not its abstract. */
const MAX_DETAILS = 1000;
/** RFC 5545 3.1: lines longer than 75 octets are folded. */
const MAX_LINE_OCTETS = 75;

export function googleCalendarUrl(talk: TalkRecord): string {
  const [start, end] = talk.allDay ? allDayDates(talk) : [utcStamp(talk.start), utcStamp(talk.end)];
  const params = [
    `text=${encodeURIComponent(talk.title)}`,
    // The "/" between the two times is Google's own syntax and stays as it is.
    `dates=${start}/${end}`,
    `details=${encodeURIComponent(truncate(detailsOf(talk), MAX_DETAILS))}`,
    ...(talk.location ? [`location=${encodeURIComponent(talk.location)}`] : []),
  ];
  return `${GOOGLE_TEMPLATE}&${params.join('&')}`;
}

/** A VCALENDAR holding the one VEVENT, lines folded, ending in CRLF as the RFC asks. */
export function icsSnippet(talk: TalkRecord, now: Date): string {
  const [startValue, endValue] = talk.allDay
    ? allDayDates(talk).map((date) => `;VALUE=DATE:${date}`)
    : [`:${utcStamp(talk.start)}`, `:${utcStamp(talk.end)}`];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//paper-herald//talks//EN',
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(`${talk.id}@paper-herald`)}`,
    `DTSTAMP:${utcStamp(now.toISOString())}`,
    `DTSTART${startValue}`,
    `DTEND${endValue}`,
    `SUMMARY:${escapeIcsText(talk.title)}`,
    ...(talk.location ? [`LOCATION:${escapeIcsText(talk.location)}`] : []),
    ...(talk.url ? [`URL:${talk.url}`] : []),
    `DESCRIPTION:${escapeIcsText(detailsOf(talk))}`,
    ...(talk.status === 'cancelled' ? ['STATUS:CANCELLED'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}

/** RFC 5545 3.3.11: backslash, semicolon and comma escaped, line breaks as `\n`. */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * RFC 5545 3.1: at most 75 octets per line, continued on lines that start with a space. Breaks
 * fall between characters, never inside a UTF-8 sequence.
 */
export function foldIcsLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines lose one octet to their leading space.
    const limit = pieces.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

/** 2025-11-03T12:00:00+01:00 -> 20251103T110000Z. */
function utcStamp(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/** An all-day talk's dates in its own zone, the end exclusive as both formats want it. */
function allDayDates(talk: TalkRecord): [string, string] {
  const start = DateTime.fromISO(talk.start, { setZone: true });
  const end = DateTime.fromISO(talk.end, { setZone: true });
  const lastDay = end > start ? end : start.plus({ days: 1 });
  return [start.toFormat('yyyyMMdd'), lastDay.toFormat('yyyyMMdd')];
}

function detailsOf(talk: TalkRecord): string {
  const lines: string[] = [];
  if (talk.speakers.length > 0) lines.push(`Speaker: ${talk.speakers.join(', ')}`);
  if (talk.series) lines.push(talk.series);
  if (talk.url) lines.push(talk.url);
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never between the halves of a surrogate pair: encodeURIComponent throws on a lone one.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
