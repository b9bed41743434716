/**
 * Talk events into records: ids that survive re-exports (never DTSTAMP), the names people are
 * matched on (hints, organizer, attendees; namesakes kept apart), and the speaker's bio.
 */
import { describe, expect, it } from 'vitest';
import { buildWatchlist, matchRecordPeople } from '../../src/records/watchlist.js';
import { readCalendar, type TalkEvent } from '../../src/sources/calendars/index.js';
import { splitBio, talkRecordFrom, talkRecordId } from '../../src/talks/talk-record.js';
import { fixtureText } from './support.js';

const options = { defaultTimezone: 'Europe/London', now: new Date('2025-10-20T00:00:00Z'), horizonDays: 60 };

function records(path: string, now = options.now, feedId = 'seminar') {
  return readCalendar(fixtureText(path), { ...options, now }).events.map((event) =>
    talkRecordFrom(event, feedId, `feed:${feedId}`),
  );
}

const watchlist = buildWatchlist([
  { id: 'favero', name: 'Alessandro Favero', aliases: ['A. Favero'] },
  { id: 'mueller', name: 'Anna Müller', aliases: [] },
]);

describe('talk record ids', () => {
  it('stay the same when the listing stamps every fetch with a new DTSTAMP', () => {
    const path = 'talks/epfl_theory_seminar_google.ics';
    const now = new Date('2026-04-01T00:00:00Z');
    const first = readCalendar(fixtureText(path), { ...options, now }).events;
    const restamped = readCalendar(
      fixtureText(path).replace(/DTSTAMP:\d{8}T\d{6}Z/g, 'DTSTAMP:20260401T000000Z'),
      {
        ...options,
        now,
      },
    ).events;
    const ids = (events: TalkEvent[]) => events.map((event) => talkRecordFrom(event, 'epfl', 'feed:epfl').id);
    expect(ids(restamped)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(5);
  });

  it('differ between feeds and between occurrences of a series', () => {
    expect(talkRecordId('a', 'uid@x')).not.toBe(talkRecordId('b', 'uid@x'));
    expect(talkRecordId('a', 'uid@x')).toMatch(/^talk:[0-9a-f]{16}$/);
    const series = records(
      'talks/google_calendar_weekly_london_dst.ics',
      new Date('2025-10-13T00:00:00Z'),
    ).filter((talk) => talk.title === 'Stat Phys of Learning Seminar');
    expect(series.length).toBeGreaterThan(1);
    expect(new Set(series.map((talk) => talk.id)).size).toBe(series.length);
  });
});

describe('speakers', () => {
  const outlook = records('talks/outlook_office365_windows_zones.ics');
  const colloquium = outlook.find((talk) => talk.title === 'Theory Colloquium: Quantum many-body scars');

  it('come from the speaker line, the organizer and the attendees, each once, offices left out', () => {
    expect(colloquium?.speakers).toEqual(['Anna Müller', 'Carlos Ortiz']);
    expect(colloquium?.speakers).not.toContain('Theory Group Office');
  });

  it('are matched like paper authors', () => {
    expect(colloquium && matchRecordPeople(colloquium, watchlist, false)).toEqual(['mueller']);
    const namesake = talkRecordFrom(eventWith({ speakerHints: ['Andrea Favero'] }), 'x', 'feed:x');
    expect(matchRecordPeople(namesake, watchlist, false)).toEqual([]);
    const initials = talkRecordFrom(eventWith({ attendees: ['Favero, A.'] }), 'x', 'feed:x');
    expect(matchRecordPeople(initials, watchlist, false)).toEqual(['favero']);
  });

  it('are matched in the text when the talk names none', () => {
    const unnamed = talkRecordFrom(
      eventWith({ description: 'Our guest Alessandro Favero tells how diffusion models work.' }),
      'x',
      'feed:x',
    );
    expect(unnamed.speakers).toEqual([]);
    expect(matchRecordPeople(unnamed, watchlist, false)).toEqual(['favero']);
    const namesakeInText = talkRecordFrom(eventWith({ description: 'With Andrea Favero.' }), 'x', 'feed:x');
    expect(matchRecordPeople(namesakeInText, watchlist, false)).toEqual([]);
  });
});

describe('the speaker bio', () => {
  it('is split off the description of the seed colloquium, the host line kept in the abstract', () => {
    const description = [
      'ABSTRACT:',
      'Generative models are a major new direction.',
      '',
      'BIO:',
      'Marc Mezard is a Professor of Theoretical Physics.',
      '',
      'He studied physics at Ecole normale superieure.',
      '',
      'Hosted by: Prof. Dr. Maciej Lewenstein',
    ].join('\n');
    expect(splitBio(description)).toEqual({
      abstract:
        'ABSTRACT:\nGenerative models are a major new direction.\n\nHosted by: Prof. Dr. Maciej Lewenstein',
      bio: 'Marc Mezard is a Professor of Theoretical Physics.\n\nHe studied physics at Ecole normale superieure.',
    });
  });

  it('is absent when there is no "Bio:" section, and a word like "biology" is none', () => {
    expect(splitBio('Biology seminar: cells.\nSpeaker: Jane Doe')).toEqual({
      abstract: 'Biology seminar: cells.\nSpeaker: Jane Doe',
    });
  });
});

function eventWith(overrides: Partial<TalkEvent>): TalkEvent {
  return {
    key: 'k',
    title: 'Seminar',
    description: '',
    start: '2026-04-14T16:00:00+02:00',
    end: '2026-04-14T17:00:00+02:00',
    allDay: false,
    status: 'confirmed',
    attendees: [],
    speakerHints: [],
    ...overrides,
  };
}
