/**
 * When a talk is news, end to end (`herald run --once --output jsonl --now ...` as a child
 * process, SQLite store kept across runs): a watched speaker's talk is announced once, when it
 * enters the 14-day window, whether the window opens at a poll or between polls (the tick); a
 * namesake's or a stranger's talk is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
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

const SEMINAR = fixtureText('talks/epfl_theory_seminar_google.ics');
const FAVERO_TALK = 'Theory Seminar: Alessandro Favero - How diffusion models learn hierarchies';
const ZDEBOROVA_TALK = 'Theory Seminar: Lenka Zdeborová - Phase transitions in learning';
const WYART_TALK = 'Theory Seminar: Matthieu Wyart - Scaling laws and the structure of data';

let server: FixtureServer;
const workspaces: Workspace[] = [];

async function workspaceFor(feedPath: string): Promise<Workspace> {
  const workspace = await createWorkspace();
  workspaces.push(workspace);
  await workspace.writeConfig(`
timezone: Europe/Zurich
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
people:
  - id: favero
    name: Alessandro Favero
    aliases: ["A. Favero"]
  - id: zdeborova
    name: Lenka Zdeborová
  - id: wyart
    name: Matthieu Wyart
feeds:
  - id: epfl-theory
    url: ${server.url(feedPath)}
    kind: talk
channels:
  - id: talks
    platform: console
    target: stdout
    kinds: [talk]
  - id: wyart-only
    platform: console
    target: stdout
    people: [wyart]
  - id: papers
    platform: console
    target: stdout
    kinds: [paper]
`);
  return workspace;
}

beforeAll(async () => {
  server = await startFixtureServer();
  serveEmptyArxiv(server);
});

afterAll(async () => {
  await server.close();
  await Promise.all(workspaces.map((workspace) => workspace.remove()));
});

describe('a seminar calendar followed over weeks', () => {
  let workspace: Workspace;

  beforeAll(async () => {
    serveCalendar(server, '/cal/weeks.ics', SEMINAR, '"weeks-v1"');
    workspace = await workspaceFor('/cal/weeks.ics');
  });

  it('announces nothing while every talk is more than 14 days away', async () => {
    const result = await runHerald(server, workspace, '2026-03-25T12:00:00Z');
    expectSucceeded(result);
    expect(talkLines(result)).toEqual([]);
  });

  it('announces the talk of a watched speaker once it is 13 days away, and only that one', async () => {
    const result = await runHerald(server, workspace, '2026-04-01T12:00:00Z');
    expectSucceeded(result);
    expect(announced(result)).toEqual([['talks', FAVERO_TALK]]);
    const [line] = talkLines(result);
    expect(line).toMatchObject({
      type: 'talk',
      speakers: ['Alessandro Favero'],
      people: ['favero'],
      start: '2026-04-14T16:00:00+02:00',
      end: '2026-04-14T17:00:00+02:00',
      location: 'Room BSP 727, EPFL',
    });
    expect(line).not.toHaveProperty('event');
  });

  it('announces a talk whose window opened between polls of an unchanged feed (304), not the first again', async () => {
    const result = await runHerald(server, workspace, '2026-04-03T12:00:00Z');
    expectSucceeded(result);
    expect(server.requestsTo('/cal/weeks.ics').at(-1)?.headers['if-none-match']).toBe('"weeks-v1"');
    expect(announced(result)).toEqual([['talks', ZDEBOROVA_TALK]]);
  });

  it('announces the third watched talk to the channel of its speaker too, and never the namesake talk', async () => {
    const result = await runHerald(server, workspace, '2026-04-08T12:00:00Z');
    expectSucceeded(result);
    // Andrea Favero (15 April) and Jane Smith (17 April) are in the window but watched by no one.
    expect(announced(result)).toEqual([
      ['talks', WYART_TALK],
      ['wyart-only', WYART_TALK],
    ]);
  });
});

describe('a seminar calendar first seen when its talks are already near', () => {
  it('announces every upcoming watched talk at first sight, and none again at the next poll', async () => {
    serveCalendar(server, '/cal/first-sight.ics', SEMINAR);
    const workspace = await workspaceFor('/cal/first-sight.ics');
    const first = await runHerald(server, workspace, '2026-04-08T12:00:00Z');
    expectSucceeded(first);
    expect(announced(first)).toEqual([
      ['talks', FAVERO_TALK],
      ['talks', ZDEBOROVA_TALK],
      ['talks', WYART_TALK],
      ['wyart-only', WYART_TALK],
    ]);
    const second = await runHerald(server, workspace, '2026-04-09T12:00:00Z');
    expectSucceeded(second);
    expect(talkLines(second)).toEqual([]);
  });
});
