/**
 * Without any crash: Slack and Discord store every post at its first attempt and then answer 500
 * (Slack, every other time: `ok: false`, `internal_error`), so the bot never learns that the post
 * went through. `herald run --once` is run until it has nothing left; every head and reply must
 * be there exactly once, in order, in a Slack channel, a Discord text channel and a Discord forum.
 * Library retries of such posts would double them (Slack, Discord forum posts: no nonce), and so
 * would an outbox retry that does not look first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelTypes, FakeDiscord, type Json, type RecordedRequest } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import { discordReplyKinds, postIdentity, slackReplyKinds } from './posts.js';

const papers = numberedPapers(2, {
  yymm: '2610',
  first: 50_000,
  start: new Date(Date.UTC(2026, 9, 1)),
  title: (i) => `Acted paper ${i}: hierarchical structure in diffusion models`,
  authors: (i) => ['Alessandro Favero', `Coauthor Number${i}`],
});
const titles = papers.map((paper) => paper.title).sort();
const SLACK_CHANNEL = 'C_ACTED';

let discord: FakeDiscord;
let slack: FakeSlack;
let arxiv: FixtureServer;
let workspace: Workspace;
let forum: string;
const failed = { discord: 0, forum: 0, slack: 0 };

beforeAll(async () => {
  [discord, slack, arxiv, workspace] = await Promise.all([
    FakeDiscord.start(),
    FakeSlack.start(),
    startFixtureServer(),
    createWorkspace(),
  ]);
  forum = discord.state.addChannel('acted-forum', ChannelTypes.forum);
  arxiv.route('/api/query', { body: arxivAtom(papers) });
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
delivery: { retryBaseMs: 10, retryMaxMs: 50 }
slack: { postIntervalMs: 0 }
backfill: ${papers.length}
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: slack-lab, platform: slack, target: ${SLACK_CHANNEL}, kinds: [paper] }
  - { id: discord-lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }
  - { id: discord-forum, platform: discord, target: "${forum}", kinds: [paper] }
`);
  const seen = new Set<string>();
  const firstTime = (identity: string | undefined) =>
    identity !== undefined && !seen.has(identity) && !!seen.add(identity);
  discord.setChaos((request: RecordedRequest) => {
    if (!firstTime(postIdentity.discord(request))) return undefined;
    if (request.path === `/channels/${forum}/threads`) failed.forum++;
    else failed.discord++;
    return { when: 'after', response: { status: 500, body: { message: 'Internal Server Error', code: 0 } } };
  });
  slack.setChaos((method, body) => {
    if (!firstTime(postIdentity.slack(method, body))) return undefined;
    failed.slack++;
    return { when: 'after', failure: failed.slack % 2 ? { status: 500 } : { error: 'internal_error' } };
  });
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), arxiv?.close(), workspace?.remove()]);
});

describe('every first attempt stored, then answered with a failure', () => {
  it('still ends with exactly one post of each head and reply, in order, everywhere', async () => {
    const env = {
      ARXIV_API_URL: arxiv.url('/api/query'),
      ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
      DATA_DIR: workspace.dataDir,
      DISCORD_TOKEN: 'acted',
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-acted',
      SLACK_API_URL: slack.apiUrl,
    };
    const codes: (number | null)[] = [];
    for (let run = 0; run < 20 && codes.at(-1) !== 0; run++)
      codes.push((await runCli(['run', '--once', '--config', workspace.configPath], env)).code);
    expect(codes.at(-1), `exit codes of the runs: ${codes.join(', ')}`).toBe(0);
    expect(codes.slice(0, -1).every((code) => code === 1)).toBe(true);
    // Each kind of post really was failed after acting.
    expect(failed.slack).toBeGreaterThanOrEqual(papers.length * 4);
    expect(failed.forum).toBe(papers.length);
    expect(failed.discord).toBeGreaterThanOrEqual(papers.length * 4);

    const slackHeads = slack.messagesIn(SLACK_CHANNEL).filter((m) => m.thread_ts === undefined);
    expect(slackHeads.map((m) => m.text?.split(' — ')[0]).sort()).toEqual(titles);
    for (const head of slackHeads)
      expect(slackReplyKinds(slack, SLACK_CHANNEL, head.ts)).toEqual(['abstract', 'links', 'bibtex']);

    const textHeads = discord.state.messagesIn(discord.textChannelId);
    expect(textHeads.map((m: Json) => m.embeds[0].title).sort()).toEqual(titles);
    for (const head of textHeads)
      expect(discordReplyKinds(discord, head.id)).toEqual(['abstract', 'links', 'bibtex']);

    const posts = discord.state.activeThreads().filter((thread: Json) => thread.parent_id === forum);
    expect(posts.map((thread: Json) => thread.name).sort()).toEqual(titles);
    for (const post of posts)
      expect(discordReplyKinds(discord, post.id)).toEqual(['head', 'abstract', 'links', 'bibtex']);
  });
});
