/**
 * `herald explain`, as an admin runs it after real `herald run --once` cycles: for a paper
 * announced, one recorded silently at first sight, a namesake's paper and a longer surname's
 * (never stored), and something unknown, it says what the bot knows, who matched and why, and
 * each channel's state with its reason code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/commands/explain.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, madePaper, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const seed = seedPapers();
const newest = seed[0]!;
const older = seed.slice(1);
const oldest = older.at(-1)!;
const namesake = madePaper('Cold atoms in optical lattices', ['Andrea Favero', 'Marco Rossi'], '2606.02000');
const longer = madePaper('Soil moisture dynamics', ['Alessandro Faverotti'], '2606.02001');

let server: FixtureServer;
let workspace: Workspace;

const cli = (...args: string[]) =>
  runCli([...args, '--config', workspace.configPath], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
  });

async function explain(id: string): Promise<Explanation> {
  const result = await cli('explain', id, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Explanation;
}

const stateOf = (explanation: Explanation) =>
  Object.fromEntries(
    explanation.channels.map((channel) => [channel.channel, [channel.state, channel.reason]]),
  );

beforeAll(async () => {
  server = await startFixtureServer();
  workspace = await createWorkspace();
  await workspace.writeConfig(`
backfill: 0
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
people:
  - { id: favero, name: Alessandro Favero, aliases: ["A. Favero"] }
  - { id: wyart, name: Matthieu Wyart }
channels:
  - { id: all-papers, platform: console, target: stdout }
  - { id: wyart-only, platform: console, target: stdout, people: [wyart] }
  - { id: talks-only, platform: console, target: stdout, kinds: [talk] }
  - { id: quantum, platform: console, target: stdout, keywords: [quantum] }
  - { id: lab-discord, platform: discord, target: "123456789012345678" }
`);
  server.route('/api/query', { body: arxivAtom(older) });
  expect(jsonLines((await cli('run', '--once', '--output', 'jsonl')).stdout)).toEqual([]);
  server.route('/api/query', { body: arxivAtom([newest, namesake, longer, ...older]) });
  const second = await cli('run', '--once', '--output', 'jsonl');
  expect(
    jsonLines(second.stdout)
      .map((line) => `${line.channel} ${line.id}`)
      .sort(),
  ).toEqual([
    `all-papers arxiv:${newest.arxivId}`,
    `lab-discord arxiv:${newest.arxivId}`,
    `wyart-only arxiv:${newest.arxivId}`,
  ]);
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('herald explain', () => {
  it('an announced paper: posted where its filters let it, waiting where no token is set, filtered elsewhere', async () => {
    const explanation = await explain(`https://arxiv.org/abs/${newest.arxivId}v1`);
    expect(explanation.record).toMatchObject({ id: `arxiv:${newest.arxivId}`, title: newest.title });
    expect(stateOf(explanation)).toEqual({
      'all-papers': ['announced', 'posted'],
      'wyart-only': ['announced', 'posted'],
      'talks-only': ['not-announced', 'filtered-kind'],
      quantum: ['not-announced', 'filtered-keywords'],
      'lab-discord': ['waiting', 'no-token'],
    });
    expect(explanation.channels.find((channel) => channel.channel === 'lab-discord')!.text).toBe(
      'waits until DISCORD_TOKEN is set',
    );
    expect(explanation.people).toEqual([
      expect.objectContaining({
        person: 'favero',
        matched: true,
        by: 'name',
        author: 'Alessandro Favero',
        variant: 'Alessandro Favero',
      }),
      expect.objectContaining({ person: 'wyart', matched: true, by: 'name', author: 'Matthieu Wyart' }),
    ]);
  });

  it('a paper recorded silently at first sight says so, and which channel filters would have refused it anyway', async () => {
    const explanation = await explain(oldest.arxivId);
    expect(explanation.record?.decision).toEqual({
      at: expect.any(String),
      source: 'arxiv',
      silent: 'first-sight',
    });
    const states = stateOf(explanation);
    expect(states['all-papers']).toEqual(['not-announced', 'first-sight']);
    expect(states['talks-only']).toEqual(['not-announced', 'filtered-kind']);
  });

  it("a namesake's paper, never stored: the rule that refused him, in every channel", async () => {
    const explanation = await explain(`arxiv:${namesake.arxivId}`);
    expect(explanation.record).toBeNull();
    expect(explanation.people).toEqual([
      expect.objectContaining({
        person: 'favero',
        matched: false,
        by: 'namesake',
        author: 'Andrea Favero',
        rule: 'another-given-name',
      }),
    ]);
    expect(new Set(explanation.channels.map((channel) => `${channel.state} ${channel.reason}`))).toEqual(
      new Set(['not-announced namesake']),
    );
    const text = await cli('explain', namesake.arxivId);
    expect(text.stdout).toContain('"Andrea Favero" looks like Alessandro Favero (favero) but is not');
  });

  it('a longer surname is refused by its own rule', async () => {
    const explanation = await explain(longer.arxivId);
    expect(explanation.people).toEqual([
      expect.objectContaining({ person: 'favero', author: 'Alessandro Faverotti', rule: 'longer-surname' }),
    ]);
  });

  it('something never seen is unknown; text that is no id is too', async () => {
    for (const id of ['2101.00001', '10.1103/physrevx.99.000001', 'not an id']) {
      const explanation = await explain(id);
      expect(explanation).toMatchObject({ record: null, people: [] });
      expect(new Set(explanation.channels.map((channel) => channel.reason))).toEqual(new Set(['unknown']));
    }
  });

  it('prints exactly record, people and channels with --json', async () => {
    const explanation = await explain(newest.arxivId);
    expect(Object.keys(explanation)).toEqual(['record', 'people', 'channels']);
    for (const channel of explanation.channels)
      expect(Object.keys(channel).slice(0, 3)).toEqual(['channel', 'state', 'reason']);
  });
});
