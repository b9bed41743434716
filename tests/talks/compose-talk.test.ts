/**
 * Talk announcements: the head, the thread (abstract, bio, add-to-calendar), the Google Calendar
 * template link, the .ics snippet (escaped, folded, read back by ical.js), the follow-ups and their
 * keys, and the JSON line a talk becomes with `--output jsonl`.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { announcementJson } from '../../src/platforms/console/announcement-json.js';
import { personMatcher } from '../../src/records/person-names.js';
import type { TalkRecord } from '../../src/records/record.js';
import {
  channelNoticeFor,
  composeTalkAnnouncement,
  composeTalkFollowUp,
  type TalkComposeContext,
} from '../../src/talks/compose-talk.js';
import { escapeIcsText, foldIcsLine, googleCalendarUrl, icsSnippet } from '../../src/talks/talk-calendar.js';

const talk: TalkRecord = {
  id: 'talk:0123456789abcdef',
  kind: 'talk',
  title: 'Statistical physics of generative diffusion',
  abstract: 'Generative models based on diffusion equations; why they work.',
  url: 'https://indico.example.org/event/1234567/',
  links: { abs: 'https://indico.example.org/event/1234567/' },
  people: ['mezard'],
  source: 'feed:indico',
  published: '2025-11-03T12:00:00+01:00',
  speakers: ['Marc Mézard', 'Giulio Biroli'],
  start: '2025-11-03T12:00:00+01:00',
  end: '2025-11-03T13:00:00+01:00',
  timezone: 'Europe/Madrid',
  location: 'Auditorium, ICFO; Castelldefels',
  status: 'confirmed',
  bio: 'Marc Mézard is a Professor of Theoretical Physics.',
  series: 'ICFO Colloquium Series',
};

const context: TalkComposeContext = {
  channelId: 'talks',
  matchers: [personMatcher({ id: 'mezard', name: 'Marc Mézard' })],
  sourceLabel: 'ICFO Colloquium Series',
  now: new Date('2025-10-20T08:00:00Z'),
};

/** The .ics snippet read back with ical.js: the first VEVENT. */
function readBack(ics: string): ICAL.Component {
  const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent');
  if (!event) throw new Error('no VEVENT in the snippet');
  return event;
}

describe('the announcement of a new talk', () => {
  const announcement = composeTalkAnnouncement(talk, context);

  it('has a head with title, speakers (the watched one marked), times, place and series', () => {
    expect(announcement).toMatchObject({ key: talk.id, channelId: 'talks', event: 'new' });
    expect(announcement.head).toEqual({
      kind: 'talk',
      event: 'new',
      title: talk.title,
      url: talk.url,
      people: [
        { name: 'Marc Mézard', watched: true },
        { name: 'Giulio Biroli', watched: false },
      ],
      date: talk.start,
      start: '2025-11-03T12:00:00+01:00',
      end: '2025-11-03T13:00:00+01:00',
      timezone: 'Europe/Madrid',
      location: 'Auditorium, ICFO; Castelldefels',
      sourceLabel: 'ICFO Colloquium Series',
    });
  });

  it('has the abstract, the bio and add-to-calendar in its thread', () => {
    expect(announcement.replies.map((reply) => reply.kind)).toEqual(['abstract', 'bio', 'calendar']);
    expect(announcement.replies[1]).toEqual({ kind: 'bio', text: talk.bio });
  });

  it('marks a cancelled talk in its head', () => {
    const cancelled = composeTalkAnnouncement({ ...talk, status: 'cancelled' }, context);
    expect(cancelled.head.cancelled).toBe(true);
  });

  it('becomes a JSON line with type, times with offsets, location and speakers', () => {
    expect(announcementJson(announcement)).toMatchObject({
      channel: 'talks',
      type: 'talk',
      id: talk.id,
      start: '2025-11-03T12:00:00+01:00',
      end: '2025-11-03T13:00:00+01:00',
      location: 'Auditorium, ICFO; Castelldefels',
      speakers: ['Marc Mézard', 'Giulio Biroli'],
    });
    expect(announcementJson(announcement)).not.toHaveProperty('event');
  });
});

describe('the Google Calendar link', () => {
  it('is a template URL with the title, UTC times, details and place, all encoded', () => {
    expect(googleCalendarUrl(talk)).toBe(
      'https://calendar.google.com/calendar/render?action=TEMPLATE' +
        '&text=Statistical%20physics%20of%20generative%20diffusion' +
        '&dates=20251103T110000Z/20251103T120000Z' +
        '&details=Speaker%3A%20Marc%20M%C3%A9zard%2C%20Giulio%20Biroli%0AICFO%20Colloquium%20Series%0Ahttps%3A%2F%2Findico.example.org%2Fevent%2F1234567%2F' +
        '&location=Auditorium%2C%20ICFO%3B%20Castelldefels',
    );
  });

  it('gives an all-day talk as dates, the end exclusive', () => {
    const allDay = {
      ...talk,
      allDay: true,
      start: '2025-10-30T00:00:00+01:00',
      end: '2025-10-31T00:00:00+01:00',
    };
    expect(googleCalendarUrl(allDay)).toContain('&dates=20251030/20251031&');
  });

  it('cuts long details between characters, never inside an emoji (a lone surrogate would not encode)', () => {
    // "Speaker: " is 9 units; the emoji's two halves sit at 998 and 999, across the cut.
    const speakers = [`${'a'.repeat(989)}😀${'b'.repeat(50)}`];
    const details = new URL(googleCalendarUrl({ ...talk, speakers })).searchParams.get('details')!;
    expect(details).toBe(`Speaker: ${'a'.repeat(989)}…`);
  });

  it('keeps within what Google accepts for a long title and many speakers', () => {
    const long = { ...talk, speakers: Array.from({ length: 200 }, (_, i) => `Speaker Number${i}`) };
    expect(googleCalendarUrl(long).length).toBeLessThan(2500);
  });
});

describe('the .ics snippet', () => {
  const ics = icsSnippet(
    {
      ...talk,
      title:
        'Glasses, spins; and a very long title: "replica symmetry breaking" for the working physicist\\engineer',
    },
    context.now,
  );

  it('is one VEVENT with a UID, UTC times and CRLF line ends', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('\r\nUID:talk:0123456789abcdef@paper-herald\r\n');
    expect(ics).toContain('\r\nDTSTART:20251103T110000Z\r\nDTEND:20251103T120000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20251020T080000Z\r\n');
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('escapes commas, semicolons and backslashes, and folds lines at 75 octets', () => {
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).toContain('LOCATION:Auditorium\\, ICFO\\; Castelldefels');
    expect(ics).toMatch(/\r\n [^\r\n]/);
  });

  it('reads back, through ical.js, as the talk it was made from', () => {
    const event = readBack(ics);
    expect(event.getFirstPropertyValue('summary')).toBe(
      'Glasses, spins; and a very long title: "replica symmetry breaking" for the working physicist\\engineer',
    );
    expect(event.getFirstPropertyValue('location')).toBe('Auditorium, ICFO; Castelldefels');
    expect(event.getFirstPropertyValue('description')).toBe(
      'Speaker: Marc Mézard, Giulio Biroli\nICFO Colloquium Series\nhttps://indico.example.org/event/1234567/',
    );
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toJSDate().toISOString()).toBe('2025-11-03T11:00:00.000Z');
  });

  it('folds between characters, never inside one', () => {
    const folded = foldIcsLine(`SUMMARY:${'é'.repeat(80)}`);
    for (const line of folded.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(80)}`);
  });

  it('escapes line breaks as \\n', () => {
    expect(escapeIcsText('a\nb\r\nc, d; e\\f')).toBe('a\\nb\\nc\\, d\\; e\\\\f');
  });

  it('gives an all-day talk as dates and a cancelled one its status', () => {
    const allDay = icsSnippet(
      {
        ...talk,
        allDay: true,
        status: 'cancelled',
        start: '2025-10-30T00:00:00+01:00',
        end: '2025-10-31T00:00:00+01:00',
      },
      context.now,
    );
    expect(allDay).toContain('\r\nDTSTART;VALUE=DATE:20251030\r\nDTEND;VALUE=DATE:20251031\r\n');
    expect(allDay).toContain('\r\nSTATUS:CANCELLED\r\n');
  });
});

describe('follow-ups', () => {
  const moved: TalkRecord = {
    ...talk,
    start: '2025-11-04T10:00:00+01:00',
    end: '2025-11-04T11:30:00+01:00',
    location: 'Seminar room',
  };

  it('tells a change of time and place in the thread, with the updated head for the edit', () => {
    const followUp = composeTalkFollowUp(
      moved,
      {
        event: 'changed',
        changes: [
          {
            field: 'time',
            from: { start: talk.start, end: talk.end },
            to: { start: moved.start, end: moved.end },
          },
          { field: 'place', from: talk.location, to: 'Seminar room' },
        ],
      },
      context,
    );
    expect(followUp.key).toBe('talk:0123456789abcdef#changed@2025-10-20T08:00:00.000Z');
    expect(followUp.event).toBe('changed');
    expect(followUp.head).toMatchObject({ event: 'changed', start: moved.start, location: 'Seminar room' });
    expect(followUp.replies).toEqual([
      {
        kind: 'notice',
        text:
          'Time changed: Mon 3 Nov 2025, 12:00–13:00 CET → Tue 4 Nov 2025, 10:00–11:30 CET\n' +
          'Place changed: Auditorium, ICFO; Castelldefels → Seminar room',
        start: moved.start,
      },
    ]);
    expect(announcementJson(followUp)).toMatchObject({
      type: 'talk',
      event: 'changed',
      start: moved.start,
      end: moved.end,
      location: 'Seminar room',
      speakers: talk.speakers,
    });
  });

  it('marks a cancellation in the head, keyed once per talk', () => {
    const followUp = composeTalkFollowUp({ ...talk, status: 'cancelled' }, { event: 'cancelled' }, context);
    expect(followUp.key).toBe('talk:0123456789abcdef#cancelled');
    expect(followUp.head).toMatchObject({ event: 'cancelled', cancelled: true });
    expect(followUp.replies[0]).toMatchObject({
      kind: 'notice',
      text: 'Cancelled: "Statistical physics of generative diffusion" (Mon 3 Nov 2025, 12:00 CET) will not take place.',
    });
    expect(announcementJson(followUp)).toMatchObject({ type: 'talk', event: 'cancelled', cancelled: true });
  });

  it('keys a reminder by its offset and the start it is for, and says how long is left', () => {
    const at = { ...context, now: new Date('2025-11-03T10:30:00Z') };
    const followUp = composeTalkFollowUp(talk, { event: 'reminder', offsetMs: 60 * 60_000 }, at);
    expect(followUp.key).toBe('talk:0123456789abcdef#reminder-1h@2025-11-03T11:00:00.000Z');
    expect(followUp.replies[0]).toMatchObject({
      text: 'Reminder: "Statistical physics of generative diffusion" starts in 30 minutes (Auditorium, ICFO; Castelldefels).',
    });
    expect(composeTalkFollowUp(talk, { event: 'reminder', offsetMs: 90 * 60_000 }, at).key).toBe(
      'talk:0123456789abcdef#reminder-90m@2025-11-03T11:00:00.000Z',
    );
  });

  it('posts a channel message for reminders of an hour or less only', () => {
    const at = new Date('2025-11-03T10:00:00Z');
    expect(channelNoticeFor(talk, 60 * 60_000, at)).toBe(
      'Starting in 1 hour: "Statistical physics of generative diffusion" with Marc Mézard, Giulio Biroli (Auditorium, ICFO; Castelldefels).',
    );
    expect(channelNoticeFor(talk, 24 * 60 * 60_000, at)).toBeUndefined();
  });
});
