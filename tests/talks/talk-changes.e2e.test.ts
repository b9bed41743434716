/**
 * An announced talk followed end to end, across runs of `herald run --once` with the SQLite
 * store kept: a move in time and place becomes one 'changed' follow-up in its thread (the head
 * edited), STATUS:CANCELLED and disappearing from the feed before the start become 'cancelled'
 * follow-ups; none of them is announced again as new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import {
  announced,
  expectSucceeded,
  fixtureText,
  followUps,
  runHerald,
  serveCalendar,
  serveEmptyArxiv,
  talkLines,
} from './support.js';

const SEMINAR = fixtureText('talks/epfl_theory_seminar_google.ics');
const FAVERO_UID = 'a1b2c3favero@google.com';
const ZDEBOROVA_UID = 'd4e5f6zdeborova@google.com';
const WYART_UID = 'g7h8i9wyart@google.com';

/** The calendar with the VEVENT of `uid` rewritten, or removed when `edit` returns undefined. */
function editEvent(text: string, uid: string, edit: (event: string) => string | undefined): string {
  return text.replace(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT\r\n/g, (event) =>
    event.includes(`UID:${uid}\r\n`) ? (edit(event) ?? '') : event,
  );
}

/** Favero's talk moved a day and to another room, Zdeborová's cancelled, Wyart's gone. */
function changedSeminar(): string {
  let text = editEvent(SEMINAR, FAVERO_UID, (event) =>
    event
      .replace('20260414T160000', '20260415T100000')
      .replace('20260414T170000', '20260415T110000')
      .replace('LOCATION:Room BSP 727\\, EPFL', 'LOCATION:Room CM 1 4\\, EPFL')
      // Listings bump DTSTAMP on every fetch: no change of its own.
      .replace('DTSTAMP:20260301T080000Z', 'DTSTAMP:20260409T115959Z'),
  );
  text = editEvent(text, ZDEBOROVA_UID, (event) => event.replace('STATUS:CONFIRMED', 'STATUS:CANCELLED'));
  return editEvent(text, WYART_UID, () => undefined);
}

let server: FixtureServer;
let workspace: Workspace;

beforeAll(async () => {
  server = await startFixtureServer();
  serveEmptyArxiv(server);
  workspace = await createWorkspace();
  await workspace.writeConfig(`
timezone: Europe/Zurich
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
people:
  - id: favero
    name: Alessandro Favero
  - id: zdeborova
    name: Lenka Zdeborová
  - id: wyart
    name: Matthieu Wyart
feeds:
  - id: epfl-theory
    url: ${server.url('/cal/seminar.ics')}
    kind: talk
channels:
  - id: talks
    platform: console
    target: stdout
  - id: wyart-only
    platform: console
    target: stdout
    people: [wyart]
`);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('talks that change after they were announced', () => {
  it('announces the three watched talks first', async () => {
    serveCalendar(server, '/cal/seminar.ics', SEMINAR);
    const result = await runHerald(server, workspace, '2026-04-08T12:00:00Z');
    expectSucceeded(result);
    expect(announced(result)).toHaveLength(4);
    expect(await followUps(workspace)).toEqual([]);
  });

  it('follows a move, a cancellation and a disappearance in the threads, announcing nothing as new', async () => {
    serveCalendar(server, '/cal/seminar.ics', changedSeminar());
    const result = await runHerald(server, workspace, '2026-04-09T12:00:00Z', 'console');
    expectSucceeded(result);
    expect(result.stdout).not.toContain('New talk');
    expect(result.stdout).toContain(
      '(edited) [talks] talk changed: Theory Seminar: Alessandro Favero - How diffusion models learn hierarchies',
    );
    expect(result.stdout).toContain(
      '2026-04-15T10:00:00+02:00 to 2026-04-15T11:00:00+02:00, Room CM 1 4, EPFL',
    );
    expect(result.stdout).toContain(
      'Time changed: Tue 14 Apr 2026, 16:00–17:00 CEST → Wed 15 Apr 2026, 10:00–11:00 CEST',
    );
    expect(result.stdout).toContain('Place changed: Room BSP 727, EPFL → Room CM 1 4, EPFL');
    expect(result.stdout).toContain('(edited) [talks] talk cancelled: Theory Seminar: Lenka Zdeborová');
    expect(result.stdout).toContain('(edited) [wyart-only] talk cancelled: Theory Seminar: Matthieu Wyart');
    const events = await followUps(workspace);
    expect(events.map((event) => event.replace(/@.*$/, '@…')).sort()).toEqual([
      'talks cancelled cancelled',
      'talks cancelled cancelled',
      'talks changed changed@…',
      'wyart-only cancelled cancelled',
    ]);
    expect(events.find((event) => event.includes('changed@'))).toContain('changed@2026-04-09T12:00:00.000Z');
  });

  it('tells nothing more when the changed calendar is read again, and announces nothing again', async () => {
    const result = await runHerald(server, workspace, '2026-04-09T13:00:00Z');
    expectSucceeded(result);
    expect(talkLines(result)).toEqual([]);
    expect(jsonLines(result.stdout)).toEqual([]);
    expect(await followUps(workspace)).toHaveLength(4);
  });
});
