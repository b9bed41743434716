/**
 * Talk feeds of several shapes in one run, end to end: a series followed with `announceAll`
 * (every talk announced, once), times across daylight-saving changes in Europe and the US with
 * the right offsets in the JSON lines, an all-day event, floating times without UID read in the
 * feed's zone, an RSS listing where only the watched speaker's talk counts, and that talk listed in
 * the Indico calendar too, announced once; never a cancelled talk or one already under way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import type { CliResult } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import {
  announced,
  expectSucceeded,
  fixtureText,
  runHerald,
  serveCalendar,
  serveEmptyArxiv,
  talkLines,
} from './support.js';

const NOW = '2025-10-22T12:00:00Z';
const MEZARD_CALENDAR = 'Statistical physics of generative diffusion';
const MEZARD_LISTING = 'ICFO Colloquium Series: Statistical Physics of Generative Diffusion';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

let server: FixtureServer;
let workspace: Workspace;
let first: CliResult;

function line(title: string): Record<string, unknown> | undefined {
  return talkLines(first).find((talk) => talk.title === title && talk.channel === 'talks');
}

beforeAll(async () => {
  server = await startFixtureServer();
  serveEmptyArxiv(server);
  serveCalendar(server, '/dst.ics', fixtureText('talks/indico_dst_crossing_events.ics'));
  serveCalendar(server, '/indico.ics', fixtureText('talks/indico_category_export.ics'));
  serveCalendar(server, '/listing.ics', fixtureText('talks/php_listing_no_uid_floating.ics'));
  server.route('/events.rss', {
    body: fixtureText('talks/university_talks_listing_drupal.rss'),
    contentType: 'application/rss+xml; charset=utf-8',
  });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
timezone: UTC
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
people:
  - id: mezard
    name: Marc Mézard
feeds:
  - { id: physics-events, url: "${server.url('/dst.ics')}", kind: talk, announceAll: true, timezone: Europe/Berlin }
  - { id: indico, url: "${server.url('/indico.ics')}", kind: talk, announceAll: true }
  - { id: cm-seminar, url: "${server.url('/listing.ics')}", kind: talk, announceAll: true, timezone: Europe/Madrid }
  - { id: institute, url: "${server.url('/events.rss')}", kind: talk, timezone: Europe/Madrid }
channels:
  - { id: talks, platform: console, target: stdout, kinds: [talk] }
  - { id: mezard-only, platform: console, target: stdout, people: [mezard] }
`);
  first = await runHerald(server, workspace, NOW);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('talk feeds of several shapes', () => {
  it('announces every upcoming talk of the announceAll feeds and the watched speaker of the listing', () => {
    expectSucceeded(first);
    // Mézard's talk is in the Indico calendar and in the RSS listing: announced once, under the
    // title of whichever feed was read first (feeds are polled in parallel).
    const mezard = new Set([MEZARD_CALENDAR, MEZARD_LISTING]);
    const talks = announced(first).filter(([, title]) => !mezard.has(title));
    expect(
      announced(first)
        .filter(([, title]) => mezard.has(title))
        .map(([channel]) => channel),
    ).toEqual(['mezard-only', 'talks']);
    expect(talks).toEqual([
      ['talks', 'Condensed Matter Seminar - Jane Smith'],
      ['talks', 'Joint seminar with Boston (after US clocks change)'],
      ['talks', 'Joint seminar with Boston (before US clocks change)'],
      ['talks', 'Long Night of Physics: a marathon lecture across the clock change'],
      ['talks', 'Quantum Matter Colloquium'],
      ['talks', 'Quantum Matter Colloquium'],
      ['talks', 'Spin glasses and learning [Invited talk]'],
      ['talks', 'Workshop day: Diffusion models'],
    ]);
  });

  it('never announces a cancelled talk or one already under way', () => {
    const titles = announced(first).map(([, title]) => title);
    expect(titles).not.toContain('CANCELLED: Colloquium on glassy dynamics');
    expect(titles).not.toContain('Lunch talk already under way');
  });

  it('gives start and end with the offset in force at each, across the clock changes', () => {
    // Berlin leaves summer time at 03:00 on 26 October, while the lecture goes on.
    expect(line('Long Night of Physics: a marathon lecture across the clock change')).toMatchObject({
      start: '2025-10-26T01:30:00+02:00',
      end: '2025-10-26T03:30:00+01:00',
      location: 'Großer Hörsaal',
      speakers: ['Giorgio Parisi'],
    });
    const weekly = talkLines(first).filter((talk) => talk.title === 'Quantum Matter Colloquium');
    expect(weekly.map((talk) => [talk.start, talk.end])).toEqual(
      expect.arrayContaining([
        ['2025-10-24T16:00:00+02:00', '2025-10-24T17:00:00+02:00'],
        ['2025-10-31T16:00:00+01:00', '2025-10-31T17:00:00+01:00'],
      ]),
    );
    // New York leaves summer time on 2 November.
    expect(line('Joint seminar with Boston (before US clocks change)')).toMatchObject({
      start: '2025-11-01T10:00:00-04:00',
      end: '2025-11-01T11:00:00-04:00',
    });
    expect(line('Joint seminar with Boston (after US clocks change)')).toMatchObject({
      start: '2025-11-03T08:00:00-05:00',
    });
  });

  it('reads an all-day event, UTC times, and floating times without UID in the feed zone', () => {
    expect(line('Workshop day: Diffusion models')).toMatchObject({
      start: '2025-10-30T00:00:00+01:00',
      end: '2025-10-31T00:00:00+01:00',
    });
    expect(line('Condensed Matter Seminar - Jane Smith')).toMatchObject({
      start: '2025-11-04T14:15:00+01:00',
      end: '2025-11-04T15:30:00+01:00',
      speakers: ['Jane Smith'],
      people: [],
    });
  });

  it("reads Mézard's talk alike from the calendar (UTC) and the listing (12:00 Madrid, from the text)", () => {
    const talk = line(MEZARD_CALENDAR) ?? line(MEZARD_LISTING);
    expect(Date.parse(String(talk?.start))).toBe(Date.parse('2025-11-03T11:00:00Z'));
    expect(talk).toMatchObject({ people: ['mezard'] });
    expect(talk?.speakers).toEqual(expect.arrayContaining([expect.stringMatching(/^Marc M[eé]zard$/)]));
  });

  it('writes every talk line with type, ISO times with offsets, location and speakers', () => {
    for (const talk of talkLines(first)) {
      expect(talk.type).toBe('talk');
      expect(talk.start).toMatch(ISO_WITH_OFFSET);
      expect(talk.end).toMatch(ISO_WITH_OFFSET);
      expect(talk).toHaveProperty('location');
      expect(Array.isArray(talk.speakers)).toBe(true);
      expect(talk).not.toHaveProperty('event');
    }
  });

  it('announces none of them again at the next poll', async () => {
    const again = await runHerald(server, workspace, '2025-10-22T13:00:00Z');
    expectSucceeded(again);
    expect(talkLines(again)).toEqual([]);
  });
});
