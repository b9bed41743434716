/** The rules of following a talk, as pure functions: window, changes, reminders, absence. */
import { describe, expect, it } from 'vitest';
import type { TalkRecord } from '../../src/records/record.js';
import {
  changesBetween,
  dueReminder,
  isGoneBeforeStart,
  isInAnnouncementWindow,
  isLongOver,
  isStillAhead,
} from '../../src/talks/talk-rules.js';
import type { TalkState } from '../../src/talks/talk-state.js';

const HOUR = 60 * 60_000;
const REMINDERS = [24 * HOUR, HOUR];

const talk = {
  start: '2026-04-14T16:00:00+02:00',
  end: '2026-04-14T17:00:00+02:00',
  status: 'confirmed',
} as TalkRecord;

function state(last: Partial<TalkState['last']> = {}): TalkState {
  return {
    recordId: 'talk:1',
    sourceId: 'feed:seminar',
    sourceLabel: 'Seminar',
    announceAll: false,
    announced: {},
    remindersDone: [],
    last: { start: talk.start, end: talk.end, status: 'confirmed', ...last },
    firstSeen: '2026-03-01T00:00:00Z',
  };
}

describe('the announcement window', () => {
  it('opens announceAheadDays before the start and closes at the start', () => {
    expect(isInAnnouncementWindow(talk, new Date('2026-03-31T13:59:59Z'), 14)).toBe(false);
    expect(isInAnnouncementWindow(talk, new Date('2026-03-31T14:00:00Z'), 14)).toBe(true);
    expect(isInAnnouncementWindow(talk, new Date('2026-04-14T13:59:59Z'), 14)).toBe(true);
    expect(isInAnnouncementWindow(talk, new Date('2026-04-14T14:00:00Z'), 14)).toBe(false);
  });

  it('never holds a cancelled talk', () => {
    expect(
      isInAnnouncementWindow({ ...talk, status: 'cancelled' }, new Date('2026-04-10T00:00:00Z'), 14),
    ).toBe(false);
  });
});

describe('changes between two sightings', () => {
  const before = state().last;

  it('finds none when only the way the time is written differs', () => {
    expect(changesBetween(before, { ...before, start: '2026-04-14T14:00:00+00:00' })).toEqual([]);
  });

  it('finds a move in time and a move in place, place compared without case or spacing', () => {
    const after = { ...before, end: '2026-04-14T17:30:00+02:00', location: 'Room 2' };
    expect(changesBetween({ ...before, location: 'room  2' }, { ...after, location: 'Room 2' })).toHaveLength(
      1,
    );
    expect(changesBetween(before, after).map((change) => change.field)).toEqual(['time', 'place']);
  });

  it('finds a talk that is on again', () => {
    expect(changesBetween({ ...before, status: 'cancelled' }, before)).toEqual([{ field: 'reinstated' }]);
  });

  it('is worth telling while the old or the new start lies ahead', () => {
    const now = new Date('2026-04-14T15:00:00Z');
    expect(isStillAhead(before, before, now)).toBe(false);
    expect(isStillAhead(before, { ...before, start: '2026-04-15T16:00:00+02:00' }, now)).toBe(true);
  });
});

describe('reminders', () => {
  it('sends none before the first is due', () => {
    expect(dueReminder(talk.start, REMINDERS, [], new Date('2026-04-13T13:59:00Z'))).toEqual({ done: [] });
  });

  it('sends the 24-hour one once', () => {
    const now = new Date('2026-04-13T15:00:00Z');
    const first = dueReminder(talk.start, REMINDERS, [], now);
    expect(first).toEqual({ send: 24 * HOUR, done: [24 * HOUR] });
    expect(dueReminder(talk.start, REMINDERS, first.done, now)).toEqual({ done: [24 * HOUR] });
  });

  it('of two due at once sends only the one nearest the start, marking both done', () => {
    expect(dueReminder(talk.start, REMINDERS, [], new Date('2026-04-14T13:30:00Z'))).toEqual({
      send: HOUR,
      done: [HOUR, 24 * HOUR],
    });
  });

  it('sends none once the talk has started', () => {
    expect(dueReminder(talk.start, REMINDERS, [24 * HOUR], new Date('2026-04-14T14:00:00Z'))).toEqual({
      done: [24 * HOUR],
    });
  });
});

describe('a talk gone from its feed', () => {
  const now = new Date('2026-04-10T00:00:00Z');

  it('is cancelled when it was still ahead and within the horizon', () => {
    expect(isGoneBeforeStart(state(), new Set(), now, 60)).toBe(true);
  });

  it('is not when seen, already cancelled, started, or beyond the horizon read', () => {
    expect(isGoneBeforeStart(state(), new Set(['talk:1']), now, 60)).toBe(false);
    expect(isGoneBeforeStart(state({ status: 'cancelled' }), new Set(), now, 60)).toBe(false);
    expect(isGoneBeforeStart(state(), new Set(), new Date('2026-04-14T15:00:00Z'), 60)).toBe(false);
    expect(isGoneBeforeStart(state(), new Set(), now, 3)).toBe(false);
  });

  it('is forgotten a week after it ended', () => {
    expect(isLongOver(state(), new Date('2026-04-21T14:59:00Z'))).toBe(false);
    expect(isLongOver(state(), new Date('2026-04-21T15:01:00Z'))).toBe(true);
  });
});
