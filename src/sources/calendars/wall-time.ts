/**
 * Wall-clock times: what a calendar writes (20251103T120000), before a zone turns it into an
 * instant. Recurrences are expanded on wall-clock times so that a weekly 10:00 talk stays at
 * 10:00 local when daylight saving time starts or ends.
 */
import { DateTime } from 'luxon';

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** A DATE value (all-day), not a DATE-TIME. */
  dateOnly: boolean;
}

export interface IcsDateValue {
  wall: WallTime;
  /** Ends in `Z`: the time is UTC whatever TZID says. */
  utc: boolean;
}

const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/i;

/** Reads `20251103`, `20251103T120000` or `20251103T110000Z`; undefined for anything else. */
export function parseIcsDate(value: string): IcsDateValue | undefined {
  const match = DATE_VALUE.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, zulu] = match;
  const wall: WallTime = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    dateOnly: hour === undefined,
  };
  if (!isValidWallTime(wall)) return undefined;
  return { wall, utc: zulu !== undefined };
}

export function isValidWallTime(wall: WallTime): boolean {
  return DateTime.fromObject(wallFields(wall), { zone: 'UTC' }).isValid;
}

export function wallFields(wall: WallTime) {
  return {
    year: wall.year,
    month: wall.month,
    day: wall.day,
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
  };
}

/** The wall-clock fields of a DateTime in its own zone. */
export function wallOfDateTime(dateTime: DateTime, dateOnly = false): WallTime {
  return {
    year: dateTime.year,
    month: dateTime.month,
    day: dateTime.day,
    hour: dateOnly ? 0 : dateTime.hour,
    minute: dateOnly ? 0 : dateTime.minute,
    second: dateOnly ? 0 : dateTime.second,
    dateOnly,
  };
}

/** Wall-clock arithmetic without any zone (UTC has no gaps), e.g. to skip whole weeks. */
export function shiftWall(wall: WallTime, shift: Record<string, number>): WallTime {
  const moved = DateTime.fromObject(wallFields(wall), { zone: 'UTC' }).plus(shift);
  return wallOfDateTime(moved, wall.dateOnly);
}

/** `2025-11-03` for a date, for comparing all-day values. */
export function dateKey(wall: WallTime): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}`;
}
