/**
 * Every real calendar and seminar feed of the fixtures, followed with `announceAll` in one run of
 * `herald run --once`: each is read or fails with a clear error of its own source. A calendar of
 * nonsense dates (year 9999) and an HTML page fail as their sources, and the rest still announce.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import type { CliResult } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import { fixtureText, runHerald, serveCalendar, serveEmptyArxiv, talkLines } from './support.js';

const NOW = '2026-09-06T00:00:00Z';
const WINDOW_END = Date.parse('2026-09-20T00:00:00Z');
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

const REAL_FEEDS = [
  ...readdirSync(new URL('../fixtures/ical/', import.meta.url)).map((name) => `ical/${name}`),
  ...readdirSync(new URL('../fixtures/seminar_feeds/', import.meta.url)).map(
    (name) => `seminar_feeds/${name}`,
  ),
].sort();

function feedId(path: string): string {
  return path
    .toLowerCase()
    .replace(/\.[a-z]+$/, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .slice(0, 64);
}

let server: FixtureServer;
let workspace: Workspace;
let result: CliResult;

beforeAll(async () => {
  server = await startFixtureServer();
  serveEmptyArxiv(server);
  for (const path of REAL_FEEDS) serveCalendar(server, `/${path}`, fixtureText(path));
  serveCalendar(server, '/broken.ics', fixtureText('talks/broken_exporter_year_9999.ics'));
  server.route('/seminar-page', {
    body: '<!doctype html><html><body><h1>Seminars</h1></body></html>',
    contentType: 'text/html',
  });
  const feeds = [
    ...REAL_FEEDS.map((path) => ({ id: feedId(path), url: server.url(`/${path}`) })),
    { id: 'year-9999', url: server.url('/broken.ics') },
    { id: 'html-page', url: server.url('/seminar-page') },
  ];
  workspace = await createWorkspace();
  await workspace.writeConfig(`
timezone: Europe/London
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
feeds:
${feeds.map((feed) => `  - { id: ${feed.id}, url: "${feed.url}", kind: talk, announceAll: true }`).join('\n')}
channels:
  - { id: talks, platform: console, target: stdout }
`);
  result = await runHerald(server, workspace, NOW);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

/** Ids of the sources the run logged as failed. */
function failedSources(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.includes('"source failed'))
    .map((line) => String((JSON.parse(line) as { source?: string }).source))
    .sort();
}

describe('the real calendars and seminar feeds', () => {
  it('fails exactly the nonsense calendar and the HTML page, each with a clear reason', () => {
    expect(result.code).toBe(1);
    expect(failedSources(result.stderr)).toEqual(['feed:html-page', 'feed:year-9999']);
    expect(result.stderr).toContain('all dated in impossible years (9999)');
    expect(result.stderr).toContain('not a readable RSS or Atom feed');
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('polls every real feed', () => {
    for (const path of REAL_FEEDS) expect(server.requestsTo(`/${path}`), path).toHaveLength(1);
  });

  it('announces the talks of the next 14 days, each with its times, location and speakers', () => {
    const talks = talkLines(result);
    // Emory, HKUST and Tilburg list talks in the two weeks after 6 September 2026.
    expect(talks.length).toBeGreaterThan(5);
    for (const talk of talks) {
      expect(talk.start).toMatch(ISO_WITH_OFFSET);
      expect(talk.end).toMatch(ISO_WITH_OFFSET);
      expect(Date.parse(String(talk.start))).toBeGreaterThan(Date.parse(NOW));
      expect(Date.parse(String(talk.start))).toBeLessThanOrEqual(WINDOW_END);
      expect(talk).toHaveProperty('location');
      expect(Array.isArray(talk.speakers)).toBe(true);
    }
    expect(talks.find((talk) => String(talk.start).startsWith('2026-09-07T16:00:00+08:00'))).toMatchObject({
      speakers: ['Shuai Wang'],
    });
  });
});
