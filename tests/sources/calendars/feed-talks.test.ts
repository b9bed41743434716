import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import {
  type FeedTalkItem,
  type TalkEvent,
  talkEventsFromFeedItems,
  UnknownTimezoneError,
} from '../../../src/sources/calendars/index.js';
import { expectWellFormed, fixtureNames, fixtureText } from './fixtures.js';

type EventFields = { evStart?: string; evEnd?: string; evLocation?: string };

/** What the core does: rss-parser's parseString, then the fields a talk needs. */
async function feedItems(path: string): Promise<{ title: string; items: FeedTalkItem[] }> {
  const parser = new Parser<Record<string, unknown>, EventFields>({
    customFields: {
      item: [
        ['ev:startdate', 'evStart'],
        ['ev:enddate', 'evEnd'],
        ['ev:location', 'evLocation'],
      ],
    },
  });
  const feed = await parser.parseString(fixtureText(path));
  const items = feed.items.map((item) => ({
    guid: item.guid,
    title: item.title,
    link: item.link,
    description: item.content,
    isoDate: item.isoDate,
    structured: { start: item.evStart, end: item.evEnd, location: item.evLocation },
  }));
  return { title: feed.title ?? '', items };
}

const MADRID = 'Europe/Madrid';

describe('a university talks listing (Drupal RSS)', async () => {
  const feed = await feedItems('talks/university_talks_listing_drupal.rss');
  const events = talkEventsFromFeedItems(feed.items, {
    zone: MADRID,
    now: new Date('2025-10-13T09:00:00Z'),
    series: feed.title,
  });
  const titled = (start: string) => events.find((event) => event.title.startsWith(start));

  it('keeps the three talks and skips the news item that has no talk date', () => {
    expectWellFormed(events);
    expect(events.map((event) => event.title)).toEqual([
      'ICFO Colloquium Series: Statistical Physics of Generative Diffusion',
      'Theory Seminar: Jane Doe - Tensor networks for open quantum systems',
      'Quantum Optics Seminar',
    ]);
    expect(events.every((event) => event.series === 'Institute Colloquia and Seminars')).toBe(true);
  });

  it('reads the seed colloquium: time from the text, speaker from the line in capitals', () => {
    expect(titled('ICFO Colloquium')).toMatchObject({
      key: '8841 at https://www.example-institute.org',
      start: '2025-11-03T12:00:00+01:00',
      end: '2025-11-03T13:00:00+01:00',
      allDay: false,
      timezone: MADRID,
      url: 'https://www.example-institute.org/en/events/statistical-physics-generative-diffusion',
      speakerHints: ['Marc Mezard'],
      status: 'confirmed',
    });
    expect(titled('ICFO Colloquium')?.description).toContain("fake samples 'similar' to those");
  });

  it('reads "18 November 2025, 16:00-17:00", a "Speakers:" line and a "Place:" line', () => {
    expect(titled('Theory Seminar')).toMatchObject({
      start: '2025-11-18T16:00:00+01:00',
      end: '2025-11-18T17:00:00+01:00',
      location: 'Seminar Room',
      speakerHints: ['Jane Doe', 'Ramon Vidal'],
    });
  });

  it('prefers the structured ev:startdate / ev:enddate / ev:location', () => {
    expect(titled('Quantum Optics Seminar')).toMatchObject({
      start: '2025-11-20T15:00:00+01:00',
      end: '2025-11-20T16:30:00+01:00',
      location: 'Seminar Room, Building B',
      speakerHints: ['Ana García'],
    });
  });
});

const HUGO_CASES: Record<string, { now: string; count: number; check(events: TalkEvent[]): void }> = {
  'hugo_ai_seminars_unsw_talks_abstracts_in_description.xml': {
    // Talks from 2020-03-06 to 2021-05-28.
    now: '2021-03-01',
    count: 19,
    check: (events) => {
      // Hugo writes the talk's date as pubDate at midnight UTC: an all-day talk that day.
      expect(events[0]).toMatchObject({
        title: 'Daniel Al Mouiee, Ingham Institute Medical Physics',
        start: '2021-05-28T00:00:00+02:00',
        end: '2021-05-29T00:00:00+02:00',
        allDay: true,
        speakerHints: ['Daniel Al Mouiee'],
      });
      expect(events.find((event) => event.title === 'Andrew Haigh')?.speakerHints).toEqual(['Andrew Haigh']);
    },
  },
  'hugo_psu_ccbb_seminar_pubdate_year_0001_empty_descriptions.xml': {
    now: '2025-11-01',
    // "Mon, 01 Jan 0001" (Go's zero time, read by JavaScript as 2001-01-01) is no talk date.
    count: 0,
    check: () => {},
  },
  'hugo_uv_isp_seminars_minified_escaped_html_in_titles.xml': {
    now: '2025-11-01',
    // Only date-only pubDates within a year before `now` (or two after) are taken as talk dates.
    count: 15,
    check: (events) => {
      expect(events[0]).toMatchObject({
        title: 'MARP: The best way of doing slides in the 21st century',
        start: '2025-11-14T00:00:00+01:00',
        allDay: true,
      });
    },
  },
  'wowchemy_nus_test_seminars_empty_channel.xml': { now: '2025-11-01', count: 0, check: () => {} },
};

describe('every real-world seminar feed fixture', () => {
  it('has a case in this table', () => {
    expect(fixtureNames('seminar_feeds')).toEqual(Object.keys(HUGO_CASES).sort());
  });

  it.each(Object.entries(HUGO_CASES))('%s', async (file, expected) => {
    const feed = await feedItems(`seminar_feeds/${file}`);
    const events = talkEventsFromFeedItems(feed.items, {
      zone: MADRID,
      now: new Date(`${expected.now}T00:00:00Z`),
    });
    expect(events).toHaveLength(expected.count);
    expectWellFormed(events);
    expect(events.every((event) => Date.parse(event.start) > Date.parse('2002-01-01'))).toBe(true);
    expected.check(events);
  });

  it('makes the escaped HTML in Valencia titles plain text', async () => {
    const feed = await feedItems('seminar_feeds/hugo_uv_isp_seminars_minified_escaped_html_in_titles.xml');
    const events = talkEventsFromFeedItems(feed.items, {
      zone: MADRID,
      now: new Date('2021-01-01T00:00:00Z'),
    });
    const linked = events.find((event) => event.title.startsWith('Information flow in the Retina-Cortex'));
    expect(linked?.title).toBe('Information flow in the Retina-Cortex pathway (CNS 2020), (video)');
  });
});

describe('talkEventsFromFeedItems', () => {
  const now = new Date('2025-10-13T09:00:00Z');

  it.each([
    ['a date', { start: '2025-11-03' }, '2025-11-03T00:00:00+01:00', true],
    [
      'ISO without offset (read in the zone)',
      { start: '2025-11-03T12:00:00' },
      '2025-11-03T12:00:00+01:00',
      false,
    ],
    ['ISO in UTC (shown in the zone)', { start: '2025-11-03T11:00:00Z' }, '2025-11-03T12:00:00+01:00', false],
    ['RFC 2822', { start: 'Mon, 03 Nov 2025 11:00:00 +0000' }, '2025-11-03T12:00:00+01:00', false],
    ['prose', { start: 'November 3, 2025 at 12:00' }, '2025-11-03T12:00:00+01:00', false],
  ])('reads a structured start given as %s', (_, structured, start, allDay) => {
    const [event] = talkEventsFromFeedItems([{ guid: 'g', title: 'Talk', structured }], {
      zone: MADRID,
      now,
    });
    expect(event).toMatchObject({ start, allDay });
  });

  it('skips items without any talk date, including a pubDate with a time of day', () => {
    const items: FeedTalkItem[] = [
      { guid: 'a', title: 'Seminar series announced', isoDate: '2025-10-10T14:03:00.000Z' },
      { guid: 'b', title: 'Talk', structured: { start: 'soon' } },
      { guid: 'c', title: 'Talk on 3 November 1066' },
    ];
    expect(talkEventsFromFeedItems(items, { zone: MADRID, now })).toEqual([]);
  });

  it('keys an item without guid by title and speaker, the same on every read', () => {
    const item = { title: 'Speaker: Jane Doe', description: 'On 2025-11-03 12:00' };
    const [first] = talkEventsFromFeedItems([item], { zone: MADRID, now });
    const [again] = talkEventsFromFeedItems([{ ...item, description: 'On 2025-11-04 12:00' }], {
      zone: MADRID,
      now,
    });
    expect(first?.key).toMatch(/^[0-9a-f]{16}$/);
    expect(again?.key).toBe(first?.key);
    const twice = talkEventsFromFeedItems([item, { ...item, description: 'On 2025-11-10 12:00' }], {
      zone: MADRID,
      now,
    });
    expect(new Set(twice.map((event) => event.key)).size).toBe(2);
  });

  it('marks a talk whose title says it is cancelled', () => {
    const [event] = talkEventsFromFeedItems(
      [{ guid: 'x', title: 'CANCELLED: Colloquium', description: '2025-11-03' }],
      {
        zone: MADRID,
        now,
      },
    );
    expect(event?.status).toBe('cancelled');
  });

  it('rejects a zone that is not an IANA zone', () => {
    expect(() => talkEventsFromFeedItems([], { zone: 'Nowhere', now })).toThrow(UnknownTimezoneError);
  });
});
