/**
 * `--now`: one instant, in ISO 8601 with its offset. A time without an offset, or a date alone,
 * is refused rather than guessed: read in the machine's zone or the config's, it would move the
 * clock by hours without saying so, and `--now` exists to make a run exact.
 */
import { createRequire } from 'node:module';
import { InvalidArgumentError } from 'commander';

const EXAMPLES = 'such as 2026-12-01T09:00:00Z or 2026-12-01T09:00+01:00';
/** A date, a `T`, a time, and `Z` or an offset at the end (luxon checks the rest). */
const DATE_TIME_WITH_OFFSET = /^\d{4}-?\d.*T\d.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Every zone on Earth is within 14 hours of UTC (Kiribati +14, Baker Island -12). */
const MAX_OFFSET_MINUTES = 14 * 60;

export function parseInstant(value: string): Date {
  const text = value.trim();
  if (DATE_ONLY.test(text))
    throw new InvalidArgumentError(
      `A date alone is not an instant: give the time and offset too, ${EXAMPLES}.`,
    );
  const parsed = DATE_TIME_WITH_OFFSET.test(text)
    ? luxon().DateTime.fromISO(text, { setZone: true })
    : undefined;
  if (!parsed?.isValid || Math.abs(parsed.offset) > MAX_OFFSET_MINUTES)
    throw new InvalidArgumentError(`It is not an instant in ISO 8601 with its offset, ${EXAMPLES}.`);
  return parsed.toJSDate();
}

/**
 * Required when `--now` is given, so that every other command line starts without it (from
 * node_modules, in the bundle too: esbuild leaves a `createRequire` call alone).
 */
function luxon(): typeof import('luxon') {
  return createRequire(import.meta.url)('luxon') as typeof import('luxon');
}
