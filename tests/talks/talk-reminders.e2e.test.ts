/**
 * Reminders end to end: each sent once into the talk's thread, also across restarts (every run is
 * a new process; the SQLite store is what remembers); after downtime, of two reminders due only
 * the one nearest the start, with its short channel message; none for a talk that has started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import {
  announced,
  expectSucceeded,
  fixtureText,
  followUpLines,
  receipts,
  runHerald,
  serveCalendar,
  serveEmptyArxiv,
  talkLines,
} from './support.js';

const SEMINAR = fixtureText('talks/epfl_theory_seminar_google.ics');
// Favero: 14 April 16:00 CEST (14:00Z); Zdeborová: 16 April 14:00 CEST (12:00Z).
const FAVERO_TALK = 'Theory Seminar: Alessandro Favero - How diffusion models learn hierarchies';
const ZDEBOROVA_TALK = 'Theory Seminar: Lenka Zdeborová - Phase transitions in learning';

let server: FixtureServer;
const workspaces: Workspace[] = [];

async function newWorkspace(): Promise<Workspace> {
  const workspace = await createWorkspace();
  workspaces.push(workspace);
  await workspace.writeConfig(`
timezone: Europe/Zurich
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
talks: { reminders: ["24h", "1h"] }
people:
  - id: favero
    name: Alessandro Favero
  - id: zdeborova
    name: Lenka Zdeborová
feeds:
  - id: epfl-theory
    url: ${server.url('/cal/seminar.ics')}
    kind: talk
channels:
  - id: talks
    platform: console
    target: stdout
`);
  return workspace;
}

/** Reminder receipts as `<talk title> <reminder>`. */
async function reminders(workspace: Workspace, titles: Map<string, string>): Promise<string[]> {
  return (await receipts(workspace))
    .filter((receipt) => receipt.event === 'reminder')
    .map(
      (receipt) =>
        `${titles.get(receipt.recordId) ?? receipt.recordId} ${receipt.key.split('#')[1]?.split('@')[0]}`,
    )
    .sort();
}

beforeAll(async () => {
  server = await startFixtureServer();
  serveEmptyArxiv(server);
  serveCalendar(server, '/cal/seminar.ics', SEMINAR, '"seminar-v1"');
});

afterAll(async () => {
  await server.close();
  await Promise.all(workspaces.map((workspace) => workspace.remove()));
});

describe('reminders of announced talks', () => {
  let workspace: Workspace;
  /** Record id -> title, from the announcements. */
  const titles = new Map<string, string>();

  beforeAll(async () => {
    workspace = await newWorkspace();
  });

  it('announces both talks days ahead, with no reminder yet', async () => {
    const result = await runHerald(server, workspace, '2026-04-10T12:00:00Z');
    expectSucceeded(result);
    expect(announced(result)).toEqual([
      ['talks', FAVERO_TALK],
      ['talks', ZDEBOROVA_TALK],
    ]);
    for (const line of talkLines(result)) titles.set(String(line.id), String(line.title));
    expect(await reminders(workspace, titles)).toEqual([]);
  });

  it('sends the 24-hour reminder 23 hours before the start, in the thread only', async () => {
    const result = await runHerald(server, workspace, '2026-04-13T15:00:00Z');
    expectSucceeded(result);
    expect(followUpLines(result)).toEqual([['reminder', 'talks', FAVERO_TALK]]);
    expect(talkLines(result)).toEqual([]);
    expect(await reminders(workspace, titles)).toEqual([`${FAVERO_TALK} reminder-24h`]);
  });

  it('does not send it again after a restart at the same time', async () => {
    const result = await runHerald(server, workspace, '2026-04-13T15:00:00Z');
    expectSucceeded(result);
    expect(await reminders(workspace, titles)).toEqual([`${FAVERO_TALK} reminder-24h`]);
  });

  it('after downtime sends only the 1-hour reminder of two due, with a channel message; none for a started talk', async () => {
    const result = await runHerald(server, workspace, '2026-04-16T11:30:00Z');
    expectSucceeded(result);
    expect(jsonLines(result.stdout).filter((line) => line.type === 'notice')).toEqual([
      {
        channel: 'talks',
        type: 'notice',
        text: `Starting in 30 minutes: "${ZDEBOROVA_TALK}" with Lenka Zdeborová (Room BSP 727, EPFL).`,
      },
    ]);
    expect(followUpLines(result)).toEqual([['reminder', 'talks', ZDEBOROVA_TALK]]);
    // Favero's talk (14 April) is over: its 1-hour reminder is never sent.
    expect(await reminders(workspace, titles)).toEqual([
      `${FAVERO_TALK} reminder-24h`,
      `${ZDEBOROVA_TALK} reminder-1h`,
    ]);
  });
});

describe('a talk first seen less than a day before it starts', () => {
  let workspace: Workspace;
  const titles = new Map<string, string>();

  beforeAll(async () => {
    workspace = await newWorkspace();
  });

  it('is announced, and its 24-hour reminder, due already, is not sent beside the announcement', async () => {
    const result = await runHerald(server, workspace, '2026-04-13T15:00:00Z');
    expectSucceeded(result);
    expect(announced(result)).toEqual([
      ['talks', FAVERO_TALK],
      ['talks', ZDEBOROVA_TALK],
    ]);
    for (const line of talkLines(result)) titles.set(String(line.id), String(line.title));
    expect(followUpLines(result)).toEqual([]);
    expect(await reminders(workspace, titles)).toEqual([]);
  });

  it('sends nothing when restarted at the same time, and the 1-hour reminder when it is due', async () => {
    const again = await runHerald(server, workspace, '2026-04-13T15:00:00Z');
    expectSucceeded(again);
    expect(jsonLines(again.stdout)).toEqual([]);
    const hourBefore = await runHerald(server, workspace, '2026-04-14T13:30:00Z');
    expectSucceeded(hourBefore);
    expect(followUpLines(hourBefore)).toEqual([['reminder', 'talks', FAVERO_TALK]]);
    expect(await reminders(workspace, titles)).toEqual([`${FAVERO_TALK} reminder-1h`]);
  });
});
