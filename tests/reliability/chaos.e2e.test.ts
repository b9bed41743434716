/**
 * Chaos: the real `herald run --once` as a child process posts to a Slack channel, a Discord text
 * channel and a Discord forum, while new papers keep arriving from a loopback arXiv. The fakes
 * fail about 10% of calls, half of them after acting (the message stored, then a 5xx, Slack's
 * `ok: false`, or the connection dropped), send bursts of 429, honour nonces as Discord does
 * (for a few seconds only here, so that lookups are needed too), and return Slack message
 * metadata only when asked for. The process is killed with SIGKILL at random points (after a
 * random number of requests) at least 20 times and restarted. Afterwards every (paper, channel)
 * must have been posted exactly once, with its thread replies once each and in order, and the
 * outbox must be empty. The seed is in the test's name; CHAOS_SEED replays a run.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { ChannelTypes, FakeDiscord, type Json, type RecordedRequest } from '../fakes/discord/fake-discord.js';
import { type FakeFailure, FakeSlack } from '../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { arxivAtom, numberedPapers } from '../support/seed-corpus.js';
import { seededRandom } from '../support/seeded-random.js';
import { tail, waitFor } from '../support/wait.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';
import { discordReplyKinds, slackReplyKinds } from './posts.js';

const PAPERS = Number(process.env.CHAOS_PAPERS ?? 60);
const FIRST_SIGHT = 5;
/** New papers each poll reveals: few, so that most runs still have work when they are killed. */
const PER_REQUEST = 3;
const MIN_KILLS = 20;
/** Kill points: a random number of chat requests below this (runs have a backlog to post). */
const KILL_WITHIN = 60;
/** A run that neither exits nor reaches its kill point within this long is stuck. */
const RUN_LIMIT_MS = 120_000;

const SEED = Number(process.env.CHAOS_SEED ?? 20261123);
const random = seededRandom(SEED);

const papers = numberedPapers(PAPERS + FIRST_SIGHT, {
  yymm: '2606',
  first: 10_000,
  start: new Date(Date.UTC(2026, 5, 1)),
  title: (i) => `Chaos paper ${i}: hierarchical structure in diffusion models`,
  authors: (i) => ['Alessandro Favero', `Coauthor Number${i}`],
});
const SLACK_CHANNEL = 'C_CHAOS';

let discord: FakeDiscord;
let slack: FakeSlack;
let arxiv: FixtureServer;
let workspace: Workspace;
let served = FIRST_SIGHT;
let forum: string;

beforeAll(async () => {
  [discord, slack, arxiv, workspace] = await Promise.all([
    FakeDiscord.start(),
    FakeSlack.start(),
    startFixtureServer(),
    createWorkspace(),
  ]);
  forum = discord.state.addChannel('chaos-forum', ChannelTypes.forum);
  // Discord deduplicates a nonce for minutes; a few seconds here, so that retries after a
  // restart must find their post by looking, not by the nonce.
  discord.state.nonceWindowMs = 3000;
  // Newest first, as arXiv sorts; each request reveals a few more new papers.
  arxiv.route('/api/query', () => {
    const shown = papers.slice(0, served).reverse();
    served = Math.min(papers.length, served + PER_REQUEST);
    return { body: arxivAtom(shown) };
  });
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
delivery: { retryBaseMs: 20, retryMaxMs: 200, holdAfterAttempts: 1000 }
slack: { postIntervalMs: 0 }
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: slack, platform: slack, target: ${SLACK_CHANNEL} }
  - { id: text, platform: discord, target: "${discord.textChannelId}" }
  - { id: forum, platform: discord, target: "${forum}" }
`);
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), arxiv?.close(), workspace?.remove()]);
});

function startHerald(): HeraldProcess {
  return new HeraldProcess(['run', '--once', '--config', workspace.configPath], {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
    DISCORD_TOKEN: 'chaos-token',
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-chaos',
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'warn',
  });
}

const chatRequests = () => discord.requests.length + slack.requests.length;

/** Kills the process once the fakes have seen `count` more requests, unless it exits first. */
async function runAndMaybeKill(afterRequests: number | undefined): Promise<'killed' | number | null> {
  const target = chatRequests() + (afterRequests ?? Number.POSITIVE_INFINITY);
  const herald = startHerald();
  const outcome = await waitFor<'reached' | number | null>(
    afterRequests === undefined ? 'herald run --once to exit' : `${afterRequests} more requests, or an exit`,
    (done) => {
      const check = () => {
        if (chatRequests() >= target) done('reached');
      };
      const stops = [discord.onRequest(check), slack.onRequest(check)];
      void herald.exited.then(({ code }) => done(code));
      return () => {
        for (const stop of stops) stop();
      };
    },
    () => `${chatRequests()} requests of ${target}; stderr:\n${tail(herald.stderr)}`,
    { timeoutMs: RUN_LIMIT_MS },
  );
  if (outcome !== 'reached') return outcome;
  herald.signal('SIGKILL');
  await herald.exited;
  return 'killed';
}

const serverError = { status: 500, body: { message: 'Internal Server Error', code: 0 } };
const badGateway = { status: 502, body: { message: 'Bad Gateway', code: 0 } };

function discordChaos() {
  let burst = 0;
  discord.setChaos((request: RecordedRequest) => {
    if (request.method === 'GET')
      return random() < 0.03 ? { when: 'before', response: badGateway } : undefined;
    if (request.method !== 'POST') return undefined;
    if (burst > 0 || random() < 0.01) {
      burst = burst > 0 ? burst - 1 : 4;
      const limited = { message: 'You are being rate limited.', retry_after: 0.02, global: false };
      return { when: 'before', response: { status: 429, body: limited, headers: { 'retry-after': '0.02' } } };
    }
    const roll = random();
    if (roll < 0.05) return { when: 'before', response: serverError };
    if (roll < 0.08) return { when: 'after', response: badGateway };
    if (roll < 0.1) return { when: 'after', response: 'reset' };
    return undefined;
  });
}

function slackChaos() {
  let burst = 0;
  const after: FakeFailure[] = [{ status: 500 }, { error: 'fatal_error' }, { reset: true }];
  slack.setChaos((method) => {
    if (method !== 'chat.postMessage')
      return random() < 0.03 ? { when: 'before', failure: { status: 500 } } : undefined;
    if (burst > 0 || random() < 0.01) {
      burst = burst > 0 ? burst - 1 : 4;
      return { when: 'before', failure: { status: 429, retryAfter: 0 } };
    }
    const roll = random();
    if (roll < 0.025) return { when: 'before', failure: { status: 500 } };
    if (roll < 0.05) return { when: 'before', failure: { error: 'internal_error' } };
    if (roll < 0.1) return { when: 'after', failure: after[Math.floor(random() * after.length)]! };
    return undefined;
  });
}

async function outboxLeft(): Promise<OutboxEntry[]> {
  const backend = await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite'));
  try {
    const left: OutboxEntry[] = [];
    for await (const [, entry] of backend.collection<OutboxEntry>('outbox').entries()) left.push(entry);
    return left;
  } finally {
    await backend.close();
  }
}

const isChaosTitle = (title: unknown) => String(title ?? '').startsWith('Chaos paper');

describe('chaos', () => {
  it(`posts every (paper, channel) exactly once with its replies in order, through ${MIN_KILLS}+ SIGKILLs (seed ${SEED})`, async () => {
    // First sight: the first papers are recorded silently.
    expect(await runAndMaybeKill(undefined)).toBe(0);
    discordChaos();
    slackChaos();
    let kills = 0;
    for (let run = 0; (kills < MIN_KILLS || served < papers.length) && run < 100; run++) {
      const before = chatRequests();
      const outcome = await runAndMaybeKill(Math.floor(random() * KILL_WITHIN));
      if (outcome === 'killed') kills++;
      // Everything revealed and posted: no run can be killed mid-work any more.
      else if (served >= papers.length && chatRequests() === before) break;
    }
    expect(kills, `kills before the work ran out (seed ${SEED})`).toBeGreaterThanOrEqual(MIN_KILLS);
    // Drain: restart until a run exits 0 having posted nothing (failures still on).
    const posts = () =>
      discord.requests.filter((r) => r.method === 'POST').length +
      slack.requestsTo('chat.postMessage').length;
    for (let run = 0; run < 40; run++) {
      const before = posts();
      const code = await runAndMaybeKill(undefined);
      if (code === 0 && posts() === before) break;
    }

    const seed = `(seed ${SEED})`;
    const expected = papers
      .slice(FIRST_SIGHT)
      .map((paper) => paper.title)
      .sort();
    const inOrder = ['abstract', 'links', 'bibtex'];

    const slackHeads = slack.messagesIn(SLACK_CHANNEL).filter((m) => m.thread_ts === undefined);
    expect(slackHeads.map((m) => m.text?.split(' — ')[0]).sort(), `Slack heads ${seed}`).toEqual(expected);
    for (const head of slackHeads)
      expect(slackReplyKinds(slack, SLACK_CHANNEL, head.ts), `Slack thread of ${head.text} ${seed}`).toEqual(
        inOrder,
      );

    const textHeads = discord.state
      .messagesIn(discord.textChannelId)
      .filter((m: Json) => isChaosTitle(m.embeds?.[0]?.title));
    expect(textHeads.map((m: Json) => m.embeds[0].title).sort(), `Discord heads ${seed}`).toEqual(expected);
    for (const head of textHeads)
      expect(discordReplyKinds(discord, head.id), `thread of ${head.embeds[0].title} ${seed}`).toEqual(
        inOrder,
      );

    const forumPosts = [...discord.state.channels.values()].filter((c: Json) => c.parent_id === forum);
    expect(forumPosts.map((post: Json) => post.name).sort(), `forum posts ${seed}`).toEqual(expected);
    for (const post of forumPosts)
      expect(discordReplyKinds(discord, post.id), `forum post ${post.name} ${seed}`).toEqual([
        'head',
        ...inOrder,
      ]);

    expect(await outboxLeft(), `outbox ${seed}`).toEqual([]);
  }, 600_000);
});
