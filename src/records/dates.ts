/** ISO 8601 in UTC without milliseconds (`2026-05-26T17:59:59Z`), or undefined for junk. */
const CANONICAL = /^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export function isoInstant(value: string | Date | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // arXiv's dates are already in this form: no need to parse and print them again.
  const year = typeof value === 'string' ? CANONICAL.exec(value)?.[1] : undefined;
  if (year) return Number(year) >= 1991 && Number(year) <= 2200 ? (value as string) : undefined;
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  // Feeds carry year 0001 and 9999 placeholders; neither is a publication date.
  if (!Number.isFinite(time) || date.getUTCFullYear() < 1991 || date.getUTCFullYear() > 2200)
    return undefined;
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
