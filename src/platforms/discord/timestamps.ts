/**
 * Times rendered with Discord timestamp tags, so each reader sees them in their own zone
 * (https://discord.com/developers/docs/reference#message-formatting-timestamp-styles).
 */

export type TimestampStyle = 'F' | 'R' | 'D' | 'f' | 't';

export function unixSeconds(iso: string): number | undefined {
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? undefined : Math.floor(millis / 1000);
}

/** `<t:UNIX:STYLE>`, or the ISO text itself when it is not a date Discord can show. */
export function timestampTag(iso: string, style: TimestampStyle): string {
  const seconds = unixSeconds(iso);
  return seconds === undefined ? iso : `<t:${seconds}:${style}>`;
}

/** `2024-05-26`: dates without a time are shown as written, so no zone shifts them a day. */
export function calendarDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0] ?? iso;
}

/**
 * When a talk happens: full start with a relative hint, and the end. All-day events are dates, not
 * instants, so they are shown as written.
 */
export function describeTalkTime(start: string, end?: string, allDay?: boolean): string {
  if (allDay) {
    const last = end ? calendarDate(end) : undefined;
    const first = calendarDate(start);
    return last && last !== first ? `${first} to ${last} (all day)` : `${first} (all day)`;
  }
  const starts = `${timestampTag(start, 'F')} (${timestampTag(start, 'R')})`;
  return end ? `${starts}\nuntil ${timestampTag(end, 'F')}` : starts;
}
