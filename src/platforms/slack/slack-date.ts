/**
 * Times as Slack date tokens, `<!date^UNIX^{date_short_pretty} {time}|fallback>`, which each reader
 * sees in their own time zone (https://api.slack.com/reference/surfaces/formatting#date-formatting).
 * The fallback, shown where the token cannot be rendered, is written in the talk's own zone.
 */

export type SlackDateStyle = 'date' | 'dateTime' | 'time';

const TOKEN_FORMAT: Readonly<Record<SlackDateStyle, string>> = {
  date: '{date_short_pretty}',
  dateTime: '{date_short_pretty} {time}',
  time: '{time}',
};

export function slackDate(iso: string, style: SlackDateStyle, timeZone = 'UTC'): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso.replace(/[<>|&]/g, ' ');
  const unix = Math.floor(instant.getTime() / 1000);
  return `<!date^${unix}^${TOKEN_FORMAT[style]}|${fallbackText(instant, style, timeZone)}>`;
}

/** `Tue, 4 Jun 2024, 14:00 CEST`: plain text with no character that would end the token. */
export function fallbackText(instant: Date, style: SlackDateStyle, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) return 'unknown time';
  const options: Intl.DateTimeFormatOptions = { timeZone: safeZone(timeZone) };
  if (style !== 'time')
    Object.assign(options, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  if (style !== 'date')
    Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  return new Intl.DateTimeFormat('en-GB', options).format(instant).replace(/[<>|&]/g, ' ');
}

/** A talk's span: the end shows only its time when it falls on the start's day in the talk's zone. */
export function slackTimeRange(
  start: string,
  end: string | undefined,
  timeZone = 'UTC',
  allDay = false,
): string {
  if (allDay) return slackDate(start, 'date', timeZone);
  const from = slackDate(start, 'dateTime', timeZone);
  if (!end) return from;
  const sameDay = dayIn(start, timeZone) === dayIn(end, timeZone);
  return `${from} – ${slackDate(end, sameDay ? 'time' : 'dateTime', timeZone)}`;
}

/** `2024-06-04` for a paper's date line. */
export function isoDay(iso: string): string {
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : instant.toISOString().slice(0, 10);
}

function dayIn(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat('en-CA', { timeZone: safeZone(timeZone) }).format(instant);
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
