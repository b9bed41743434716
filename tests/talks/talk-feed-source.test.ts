/**
 * The talk feed source against the loopback fixture server, through the real HTTP client:
 * calendars and RSS listings told apart by content, conditional GET, problems logged, and feeds
 * that cannot be read or read as nonsense failing as SourceErrors of their own.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import { HttpClient } from '../../src/net/http-client.js';
import { isTalk, type TalkRecord } from '../../src/records/record.js';
import { type PollContext, SourceError } from '../../src/sources/source.js';
import { TalkFeedSource } from '../../src/talks/talk-feed-source.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { fixtureText, serveCalendar } from './support.js';

let server: FixtureServer;
const http = new HttpClient({
  timeoutMs: 5000,
  maxBytes: 5_000_000,
  allowPrivateAddresses: true,
  userAgent: 'test',
});
const logged: string[] = [];
const logger = createLogger({
  level: 'warn',
  destination: new Writable({
    write(chunk, _encoding, done) {
      logged.push(String(chunk));
      done();
    },
  }),
});

function sourceFor(path: string, extra: Record<string, unknown> = {}): TalkFeedSource {
  const feed = feedSchema.parse({ id: 'seminar', url: server.url(path), kind: 'talk', ...extra });
  return new TalkFeedSource(feed, http, {
    defaultTimezone: 'Europe/London',
    horizonDays: 60,
    fetchTimeoutMs: 5_000,
    logger,
  });
}

function context(now: string, state: PollContext['state'] = { failures: 0 }): PollContext {
  return { now: new Date(now), state, known: async () => new Set(), firstSightPeople: new Set() };
}

async function pollError(source: TalkFeedSource, now: string): Promise<SourceError> {
  const error = await source.poll(context(now)).catch((caught: unknown) => caught);
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
  await http.close();
});

describe('a calendar feed', () => {
  it('reads the talks of a calendar, then costs a 304 while unchanged', async () => {
    serveCalendar(server, '/seminar.ics', fixtureText('talks/epfl_theory_seminar_google.ics'), '"v1"');
    const source = sourceFor('/seminar.ics');
    const first = await source.poll(context('2026-04-01T12:00:00Z'));
    const talks = first.records.filter(isTalk);
    expect(talks).toHaveLength(5);
    expect(first).toMatchObject({ itemCount: 5, etag: '"v1"' });
    expect(talks.every((talk) => talk.id.startsWith('talk:') && talk.source === 'feed:seminar')).toBe(true);
    expect(talks.find((talk) => talk.speakers.includes('Alessandro Favero'))).toMatchObject({
      start: '2026-04-14T16:00:00+02:00',
      series: 'EPFL Theory Seminar',
      bio: 'Alessandro Favero is a PhD student at EPFL working on the theory of deep learning.',
    });
    const second = await source.poll(context('2026-04-01T12:30:00Z', { failures: 0, etag: '"v1"' }));
    expect(second).toMatchObject({ notModified: true, records: [], etag: '"v1"' });
    expect(server.requestsTo('/seminar.ics').at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('reads floating times in the feed zone, else in the configured one', async () => {
    serveCalendar(server, '/floating.ics', fixtureText('talks/php_listing_no_uid_floating.ics'));
    const now = '2025-10-20T00:00:00Z';
    const inLondon = (await sourceFor('/floating.ics').poll(context(now))).records as TalkRecord[];
    const inMadrid = (await sourceFor('/floating.ics', { timezone: 'Europe/Madrid' }).poll(context(now)))
      .records as TalkRecord[];
    expect(inLondon[0]?.start).toBe('2025-11-04T14:15:00+00:00');
    expect(inMadrid[0]?.start).toBe('2025-11-04T14:15:00+01:00');
  });

  it('logs the events it skipped', async () => {
    serveCalendar(
      server,
      '/lanyrd.ics',
      fixtureText('ical/lanyrd_conferences_charset_param_mixed_date_datetime.ics'),
    );
    await sourceFor('/lanyrd.ics').poll(context('2011-03-10T00:00:00Z'));
    expect(logged.join('')).toContain('DTSTART \\"Next Year\\" is not a date');
  });
});

describe('an RSS talk listing', () => {
  it('reads structured event fields, times in the text, and the channel title as series', async () => {
    server.route('/events.rss', {
      body: fixtureText('talks/university_talks_listing_drupal.rss'),
      contentType: 'application/rss+xml',
    });
    const result = await sourceFor('/events.rss', { timezone: 'Europe/Madrid' }).poll(
      context('2025-10-13T09:00:00Z'),
    );
    const talks = result.records as TalkRecord[];
    expect(result.itemCount).toBe(4);
    expect(talks.map((talk) => [talk.title, talk.start, talk.location ?? null])).toEqual([
      [
        'ICFO Colloquium Series: Statistical Physics of Generative Diffusion',
        '2025-11-03T12:00:00+01:00',
        null,
      ],
      [
        'Theory Seminar: Jane Doe - Tensor networks for open quantum systems',
        '2025-11-18T16:00:00+01:00',
        'Seminar Room',
      ],
      ['Quantum Optics Seminar', '2025-11-20T15:00:00+01:00', 'Seminar Room, Building B'],
    ]);
    expect(talks.every((talk) => talk.series === 'Institute Colloquia and Seminars')).toBe(true);
    expect(talks[2]?.speakers).toEqual(['Ana García']);
  });
});

describe('feeds that fail', () => {
  it('fails a calendar of impossible dates as its own, permanent, error', async () => {
    serveCalendar(server, '/broken.ics', fixtureText('talks/broken_exporter_year_9999.ics'));
    const error = await pollError(sourceFor('/broken.ics'), '2026-01-01T00:00:00Z');
    expect(error).toMatchObject({ code: 'SOURCE_FAILED', sourceId: 'feed:seminar', transient: false });
    expect(error.message).toContain('all dated in impossible years (9999)');
  });

  it('fails an RSS feed whose every talk is dated in year 9999', async () => {
    server.route('/broken.rss', {
      body: `<?xml version="1.0"?><rss version="2.0" xmlns:ev="http://purl.org/rss/1.0/modules/event/"><channel><title>x</title>
<item><title>Seminar</title><guid>1</guid><ev:startdate>9999-12-31T10:00:00Z</ev:startdate></item></channel></rss>`,
    });
    const error = await pollError(sourceFor('/broken.rss'), '2026-01-01T00:00:00Z');
    expect(error.message).toContain('impossible years (9999)');
  });

  it('fails a truncated calendar and an HTML page with what is wrong', async () => {
    serveCalendar(server, '/truncated.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n');
    expect((await pollError(sourceFor('/truncated.ics'), '2026-01-01T00:00:00Z')).message).toContain(
      'END:VCALENDAR is missing',
    );
    server.route('/page', {
      body: '<!doctype html><html><body>Seminars</body></html>',
      contentType: 'text/html',
    });
    const error = await pollError(sourceFor('/page'), '2026-01-01T00:00:00Z');
    expect(error.message).toContain('not a readable RSS or Atom feed');
    expect(error.transient).toBe(false);
  });

  it('fails a server error as a transient error', async () => {
    server.route('/down.ics', { status: 503, body: 'down' });
    expect(await pollError(sourceFor('/down.ics'), '2026-01-01T00:00:00Z')).toMatchObject({
      transient: true,
    });
  });

  it('reads a calendar of past talks only as no talks, not as an error', async () => {
    serveCalendar(server, '/past.ics', fixtureText('talks/indico_category_export.ics'));
    const result = await sourceFor('/past.ics').poll(context('2027-01-01T00:00:00Z'));
    expect(result).toMatchObject({ records: [], itemCount: 2 });
  });
});
