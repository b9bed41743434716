/**
 * Turns a TZID into a zone. Order: an IANA name (also inside a Mozilla-style path), the VTIMEZONE's
 * X-LIC-LOCATION, a Windows zone id, a Windows display name, then the VTIMEZONE's own rules, then
 * the UTC offset a display name starts with. The tz database wins over a VTIMEZONE where both
 * exist: Outlook's VTIMEZONEs project today's rules back to 1601 and go stale when a country
 * changes its rules (Brazil dropped DST in 2019).
 */
import { type EventZone, FixedZone, IanaZone, isIanaZoneName, VtimezoneZone } from './event-zone.js';
import { firstProperty, type IcsComponent } from './ics-lexer.js';
import { ianaForDisplayName, ianaForWindowsId, offsetOfDisplayName } from './windows-zones.js';

export interface ResolvedZone {
  zone: EventZone;
  /** Set when the TZID could not be understood and the calendar's zone was used instead. */
  unknown?: boolean;
}

export class ZoneResolver {
  private readonly vtimezones = new Map<string, IcsComponent>();
  private readonly cache = new Map<string, ResolvedZone>();

  /** `calendarZone`: where floating times and unknown TZIDs are read. */
  constructor(
    vtimezones: IcsComponent[],
    readonly calendarZone: EventZone,
  ) {
    for (const component of vtimezones) {
      const tzid = firstProperty(component, 'TZID')?.value.trim();
      // The first definition wins: some exporters repeat the same VTIMEZONE several times.
      if (tzid && !this.vtimezones.has(tzid)) this.vtimezones.set(tzid, component);
    }
  }

  resolve(tzid: string): ResolvedZone {
    const key = tzid.trim();
    let resolved = this.cache.get(key);
    if (!resolved) {
      resolved = this.lookUp(key);
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  private lookUp(tzid: string): ResolvedZone {
    const iana = ianaNameFor(tzid) ?? this.vtimezoneLocation(tzid);
    if (iana) return { zone: new IanaZone(iana) };
    const vtimezone = this.vtimezones.get(tzid);
    const ruled = vtimezone ? VtimezoneZone.fromLines(vtimezone.lines) : undefined;
    if (ruled) return { zone: ruled };
    const offset = offsetOfDisplayName(tzid);
    if (offset !== undefined) return { zone: new FixedZone(offset) };
    return { zone: this.calendarZone, unknown: true };
  }

  private vtimezoneLocation(tzid: string): string | undefined {
    const vtimezone = this.vtimezones.get(tzid);
    const location = vtimezone ? firstProperty(vtimezone, 'X-LIC-LOCATION')?.value.trim() : undefined;
    return location && isIanaZoneName(location) ? location : undefined;
  }
}

/** The IANA zone a zone name stands for, without looking at any VTIMEZONE. */
export function ianaNameFor(name: string): string | undefined {
  const trimmed = name.trim();
  // Real zone names are short; a long one is junk (and must not cost a slow search).
  if (trimmed === '' || trimmed.length > 200) return undefined;
  if (isIanaZoneName(trimmed)) return trimmed;
  // "/mozilla.org/20050126_1/America/New_York", "/softwarestudio.org/Olson_20011030_5/Europe/Paris"
  const segments = trimmed.split('/');
  for (const tail of [segments.slice(-3).join('/'), segments.slice(-2).join('/')]) {
    if (tail.includes('/') && isIanaZoneName(tail)) return tail;
  }
  return ianaForWindowsId(trimmed) ?? ianaForDisplayName(trimmed);
}
