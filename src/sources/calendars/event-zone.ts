/**
 * The zone a calendar time is read in. Three kinds: an IANA zone (luxon and the tz database do the
 * work), a VTIMEZONE that names no known zone (ical.js applies its rules), and a bare UTC offset
 * (the last resort for an Outlook display name we cannot map).
 */
import ICAL from 'ical.js';
import { DateTime, FixedOffsetZone } from 'luxon';
import { type WallTime, wallFields } from './wall-time.js';

export interface EventZone {
  /** IANA name, when the zone has one. */
  readonly iana?: string;
  /** The instant a wall-clock time names in this zone, carrying this zone's offset. */
  at(wall: WallTime): DateTime;
  /** The same instant shown with this zone's offset. */
  present(instant: DateTime): DateTime;
}

/** Zone names already looked up: building an Intl.DateTimeFormat costs about a millisecond. */
const canonicalNames = new Map<string, string | undefined>();

export function isIanaZoneName(name: string): boolean {
  return lookUpZone(name) !== undefined;
}

/** The tz database's own spelling of a zone (`US/Central` -> `America/Chicago` where ICU links it). */
export function canonicalIanaName(name: string): string {
  const canonical = lookUpZone(name);
  if (canonical === undefined) throw new RangeError(`"${name}" is not an IANA time zone`);
  return canonical;
}

function lookUpZone(name: string): string | undefined {
  if (!canonicalNames.has(name)) {
    let canonical: string | undefined;
    try {
      canonical =
        name.trim() === ''
          ? undefined
          : new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      canonical = undefined;
    }
    canonicalNames.set(name, canonical);
  }
  return canonicalNames.get(name);
}

export class IanaZone implements EventZone {
  readonly iana: string;

  constructor(name: string) {
    this.iana = canonicalIanaName(name);
  }

  at(wall: WallTime): DateTime {
    return DateTime.fromObject(wallFields(wall), { zone: this.iana });
  }

  present(instant: DateTime): DateTime {
    return instant.setZone(this.iana);
  }
}

export const UTC_ZONE: EventZone = new IanaZone('UTC');

/** A VTIMEZONE block whose TZID maps to no IANA zone: its own STANDARD/DAYLIGHT rules apply. */
export class VtimezoneZone implements EventZone {
  constructor(private readonly timezone: ICAL.Timezone) {}

  /** Undefined when ical.js cannot read the block. */
  static fromLines(lines: string[]): VtimezoneZone | undefined {
    try {
      const timezone = new ICAL.Timezone(ICAL.Component.fromString(lines.join('\r\n')));
      // Reading an offset once surfaces rule errors here rather than in the middle of a parse.
      timezone.utcOffset(new ICAL.Time({ year: 2000, month: 1, day: 1 }, timezone));
      return new VtimezoneZone(timezone);
    } catch {
      return undefined;
    }
  }

  at(wall: WallTime): DateTime {
    const time = new ICAL.Time({ ...wallFields(wall), isDate: false }, this.timezone);
    const offsetMinutes = Math.round(this.timezone.utcOffset(time) / 60);
    return DateTime.fromObject(wallFields(wall), { zone: FixedOffsetZone.instance(offsetMinutes) });
  }

  present(instant: DateTime): DateTime {
    const local = ICAL.Time.fromJSDate(instant.toJSDate(), true).convertToZone(this.timezone);
    const { year, month, day, hour, minute, second } = local;
    return this.at({ year, month, day, hour, minute, second, dateOnly: false });
  }
}

/** A fixed UTC offset, e.g. from "(UTC-05:00) ..." when nothing better is known. */
export class FixedZone implements EventZone {
  private readonly zone: FixedOffsetZone;

  constructor(offsetMinutes: number) {
    this.zone = FixedOffsetZone.instance(offsetMinutes);
  }

  at(wall: WallTime): DateTime {
    return DateTime.fromObject(wallFields(wall), { zone: this.zone });
  }

  present(instant: DateTime): DateTime {
    return instant.setZone(this.zone);
  }
}
