/**
 * Held, never dropped: the bot lacks Attach Files in a Discord channel, so the paper whose BibTeX
 * goes as a file is refused (403, Missing Permissions) at that reply. It is held: the later papers
 * of the channel go out, the admin channel is told once, `herald run --once` exits 1, and
 * `herald status` lists it with its error. Once the permission is fixed, `herald redeliver`
 * queues it again and the next run posts what was missing, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

/** A hundred coauthors: its BibTeX is too long for a message and is attached as a file. */
const manyAuthors = [
  'Alessandro Favero',
  ...Array.from({ length: 100 }, (_, i) => `Coauthor With A Long Name Number${i}`),
];
const papers = numberedPapers(3, {
  yymm: '2609',
  first: 40_000,
  start: new Date(Date.UTC(2026, 8, 1)),
  title: (i) => `Held paper ${i}`,
  authors: (i) => (i === 0 ? manyAuthors : ['Alessandro Favero']),
});
const [refused] = papers;

let discord: FakeDiscord;
let arxiv: FixtureServer;
let workspace: Workspace;
let adminChannel: string;

beforeAll(async () => {
  [discord, arxiv, workspace] = await Promise.all([
    FakeDiscord.start(),
    startFixtureServer(),
    createWorkspace(),
  ]);
  adminChannel = discord.state.addChannel('herald-admin', 0);
  discord.state.noAttachFiles.add(discord.textChannelId);
  arxiv.route('/api/query', { body: arxivAtom(papers) });
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: ${papers.length}
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }
  - { id: admin, platform: discord, target: "${adminChannel}", kinds: [talk] }
adminChannel: admin
`);
});

afterAll(async () => {
  await Promise.all([discord?.close(), arxiv?.close(), workspace?.remove()]);
});

const env = () => ({
  ARXIV_API_URL: arxiv.url('/api/query'),
  ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
  DATA_DIR: workspace.dataDir,
  DISCORD_TOKEN: 'held-e2e',
  DISCORD_API_URL: discord.apiUrl,
});
const herald = (...args: string[]) => runCli([...args, '--config', workspace.configPath], env());

const heads = () =>
  discord.state
    .messagesIn(discord.textChannelId)
    .filter((m: Json) => m.embeds?.[0]?.title?.startsWith('Held paper'));
const headOf = (title: string) => heads().find((m: Json) => m.embeds[0].title === title);
const thread = (title: string) => discord.state.messagesIn(headOf(title)?.id ?? 'none');

describe('a delivery refused for good', () => {
  it('is held without holding up its channel, told once, listed, and posted once after redeliver', async () => {
    const first = await herald('run', '--once');
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toContain('delivery held');
    expect(
      heads()
        .map((m: Json) => m.embeds[0].title)
        .sort(),
    ).toEqual(papers.map((p) => p.title).sort());
    // Abstract and links went out; the BibTeX file was refused.
    expect(thread(refused!.title)).toHaveLength(2);
    for (const paper of papers.slice(1)) expect(thread(paper.title)).toHaveLength(3);
    const notices = () => discord.state.messagesIn(adminChannel);
    expect(notices()).toHaveLength(1);
    expect(notices()[0].content).toContain(`"${refused!.title}" to lab`);
    expect(notices()[0].content).toContain('Missing Permissions');

    const again = await herald('run', '--once');
    expect(again.code).toBe(0);
    expect(notices()).toHaveLength(1);

    const status = await herald('status');
    expect(status.stdout).toContain('1 delivery held');
    expect(status.stdout).toContain(`Held: "${refused!.title}" to lab`);
    expect(status.stdout).toContain('Missing Permissions');
    expect(status.stdout).toContain(`herald redeliver lab|arxiv:${refused!.arxivId}`);

    expect((await herald('redeliver', 'nowhere')).code).toBe(1);
    discord.state.noAttachFiles.clear();
    const redelivered = await herald('redeliver', `lab|arxiv:${refused!.arxivId}`);
    expect(redelivered.code, redelivered.stderr).toBe(0);
    expect(redelivered.stdout).toContain(`lab|arxiv:${refused!.arxivId}`);
    const fixed = await herald('run', '--once');
    expect(fixed.code, fixed.stderr).toBe(0);

    expect(heads()).toHaveLength(papers.length);
    const replies = thread(refused!.title);
    expect(replies).toHaveLength(3);
    expect(replies[2].attachments.map((a: Json) => a.filename)).toEqual(['citation.bib']);
    expect((await herald('status')).stdout).not.toContain('held');
    expect(notices()).toHaveLength(1);
  });
});
