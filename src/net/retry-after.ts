/**
 * Retry-After (RFC 9110 §10.2.3): either a number of seconds or an HTTP date. Returns how long to
 * wait in milliseconds (never negative), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept things that look like a date, so "soon" or "-1" are not read by Date.parse.
  if (!/[A-Za-z]{3}.*\d{4}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
