/**
 * The rules of following a talk, as pure functions of the talk, what is remembered about it and
 * the time: when it is news, what changed, which reminder is due, when it counts as gone.
 */
import { normaliseNameText } from '../records/person-names.js';
import type { TalkRecord } from '../records/record.js';
import type { TalkSnapshot, TalkState } from './talk-state.js';

const DAY_MS = 24 * 60 * 60_000;

export type TalkChange =
  | { field: 'time'; from: { start: string; end: string }; to: { start: string; end: string } }
  | { field: 'place'; from?: string; to?: string }
  | { field: 'reinstated' };

export function snapshotOf(talk: TalkRecord): TalkSnapshot {
  return {
    start: talk.start,
    end: talk.end,
    ...(talk.location ? { location: talk.location } : {}),
    status: talk.status,
  };
}

export function hasStarted(start: string, now: Date): boolean {
  return Date.parse(start) <= now.getTime();
}

/**
 * Whether a talk is news now: confirmed, not started, and at most `aheadDays` before its start.
 * Started and cancelled talks are never news, whatever was missed before.
 */
export function isInAnnouncementWindow(talk: TalkRecord, now: Date, aheadDays: number): boolean {
  const start = Date.parse(talk.start);
  return talk.status === 'confirmed' && start > now.getTime() && start - aheadDays * DAY_MS <= now.getTime();
}

/**
 * What changed between two sightings of a talk that stayed confirmed: its time (instants compared,
 * so the same time written with another offset is no change), its place, or that it is back on.
 */
export function changesBetween(before: TalkSnapshot, after: TalkSnapshot): TalkChange[] {
  const changes: TalkChange[] = [];
  if (before.status === 'cancelled' && after.status === 'confirmed') changes.push({ field: 'reinstated' });
  if (!sameInstant(before.start, after.start) || !sameInstant(before.end, after.end)) {
    changes.push({
      field: 'time',
      from: { start: before.start, end: before.end },
      to: { start: after.start, end: after.end },
    });
  }
  if (normalisedPlace(before.location) !== normalisedPlace(after.location)) {
    changes.push({ field: 'place', ...placeField('from', before), ...placeField('to', after) });
  }
  return changes;
}

function placeField(key: 'from' | 'to', snapshot: TalkSnapshot) {
  return snapshot.location ? { [key]: snapshot.location } : {};
}

function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

function normalisedPlace(location: string | undefined): string {
  return (location ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Reminder offsets whose time has come at `now` for a talk starting at `start`. Used to mark as
 * done the reminders an announcement or a change notice already stands for: a talk first seen
 * 23 hours ahead gets its announcement, not an announcement and a "tomorrow" reminder at once.
 */
export function remindersPassed(start: string, offsets: readonly number[], now: Date): number[] {
  return offsets.filter((offset) => Date.parse(start) - offset <= now.getTime());
}

export interface ReminderDecision {
  /** The offset of the reminder to send now, if any. */
  send?: number;
  /** Offsets done after this decision. */
  done: number[];
}

/**
 * The reminder to send: of those due and not done, only the one nearest the start (after
 * downtime, "in 1 hour" rather than "tomorrow" and "in 1 hour"); the others are marked done.
 * None once the talk has started.
 */
export function dueReminder(
  start: string,
  offsets: readonly number[],
  done: readonly number[],
  now: Date,
): ReminderDecision {
  if (hasStarted(start, now)) return { done: [...done] };
  const due = remindersPassed(start, offsets, now).filter((offset) => !done.includes(offset));
  if (due.length === 0) return { done: [...done] };
  return { send: Math.min(...due), done: [...new Set([...done, ...due])].sort((a, b) => a - b) };
}

/**
 * Whether a followed talk missing from a fresh, readable poll of its source counts as cancelled:
 * it had not started, and it lies within the horizon the source reads (beyond it, absence says
 * nothing).
 */
export function isGoneBeforeStart(
  state: TalkState,
  seenIds: ReadonlySet<string>,
  now: Date,
  horizonDays: number,
): boolean {
  if (seenIds.has(state.recordId) || state.last.status === 'cancelled') return false;
  const start = Date.parse(state.last.start);
  return start > now.getTime() && start <= now.getTime() + horizonDays * DAY_MS;
}

/** Whether a change is still worth telling: the talk had not started, or has not yet. */
export function isStillAhead(before: TalkSnapshot, after: TalkSnapshot, now: Date): boolean {
  return !hasStarted(before.start, now) || !hasStarted(after.start, now);
}

/** Talks over for this long are forgotten by the tracker (their records stay for search). */
export const FORGET_AFTER_DAYS = 7;

export function isLongOver(state: TalkState, now: Date): boolean {
  return Date.parse(state.last.end) + FORGET_AFTER_DAYS * DAY_MS < now.getTime();
}

/**
 * Whether two talks read from different feeds are one: the same start, and the same title (case,
 * accents and punctuation aside) or a speaker in common.
 */
export function isSameTalk(a: TalkRecord, b: TalkRecord): boolean {
  if (!sameInstant(a.start, b.start)) return false;
  if (comparableTitle(a.title) === comparableTitle(b.title)) return true;
  const speakers = new Set(a.speakers.map(normaliseNameText));
  return b.speakers.some((speaker) => speakers.has(normaliseNameText(speaker)));
}

function comparableTitle(title: string): string {
  return normaliseNameText(title)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
