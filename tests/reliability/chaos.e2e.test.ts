/**
 * Chaos: the real `herald run --once` as a child process posts to a fake Discord that fails 10%
 * of requests with 5xx (half of them after acting, as when a response is lost) and sends bursts
 * of 429, while new papers keep arriving from a loopback arXiv. The process is killed with
 * SIGKILL at random points (after a random number of requests) at least 20 times and restarted.
 * Afterwards every (paper, channel) must have been posted exactly once, with its thread replies
 * in order and none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelTypes, FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { arxivAtom, type SeedPaper } from '../support/seed-corpus.js';
import { seededRandom } from '../support/seeded-random.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const PAPERS = Number(process.env.CHAOS_PAPERS ?? 200);
const FIRST_SIGHT = 5;
const PER_REQUEST = 12;
const MIN_KILLS = 20;

const SEED = Number(process.env.CHAOS_SEED ?? 20261123);
const random = seededRandom(SEED);

const papers: SeedPaper[] = Array.from({ length: PAPERS + FIRST_SIGHT }, (_, i) => ({
  arxivId: `2606.${String(10_000 + i).padStart(5, '0')}`,
  title: `Chaos paper ${i}: hierarchical structure in diffusion models`,
  authors: ['Alessandro Favero', `Coauthor Number${i}`],
  abstract: `Abstract of paper ${i}. We study how diffusion models learn.`,
  category: 'LG',
  published: new Date(Date.UTC(2026, 5, 1, 0, i)).toISOString().replace('.000Z', 'Z'),
}));

let discord: FakeDiscord;
let arxiv: FixtureServer;
let workspace: Workspace;
let served = FIRST_SIGHT;
let channels: string[];

beforeAll(async () => {
  discord = await FakeDiscord.start();
  channels = [discord.textChannelId, discord.state.addChannel('papers-2', ChannelTypes.text)];
  arxiv = await startFixtureServer();
  // Newest first, as arXiv sorts; each request reveals a few more new papers.
  arxiv.route('/api/query', () => {
    const shown = papers.slice(0, served).reverse();
    served = Math.min(papers.length, served + PER_REQUEST);
    return { body: arxivAtom(shown) };
  });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
delivery: { retryBaseMs: 20, retryMaxMs: 200 }
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: one, platform: discord, target: "${channels[0]}" }
  - { id: two, platform: discord, target: "${channels[1]}" }
`);
});

afterAll(async () => {
  await discord?.close();
  await arxiv?.close();
  await workspace?.remove();
});

function startHerald(): HeraldProcess {
  return new HeraldProcess(['run', '--once', '--config', workspace.configPath], {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
    DISCORD_TOKEN: 'chaos-token',
    DISCORD_API_URL: discord.apiUrl,
    LOG_LEVEL: 'warn',
  });
}

/** Kills the process once the fake has seen `count` more requests, unless it exits first. */
async function runAndMaybeKill(afterRequests: number | undefined): Promise<'killed' | number | null> {
  const seen = discord.requests.length;
  const herald = startHerald();
  const exited = herald.exited.then(({ code }) => code);
  if (afterRequests === undefined) return exited;
  const reached = discord.waitForRequest(() => discord.requests.length >= seen + afterRequests);
  const first = await Promise.race([
    exited.then(() => 'exited' as const),
    reached.then(() => 'reached' as const),
  ]);
  if (first === 'exited') return exited;
  herald.signal('SIGKILL');
  await herald.exited;
  return 'killed';
}

function chaos() {
  let burst = 0;
  discord.setChaos((request) => {
    if (request.method !== 'POST') return undefined;
    if (burst > 0 || random() < 0.01) {
      burst = burst > 0 ? burst - 1 : 4;
      return {
        when: 'before',
        response: {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: 0.02, global: false },
          headers: { 'retry-after': '0.02' },
        },
      };
    }
    const roll = random();
    if (roll < 0.05)
      return {
        when: 'before',
        response: { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      };
    if (roll < 0.1)
      return { when: 'after', response: { status: 502, body: { message: 'Bad Gateway', code: 0 } } };
    return undefined;
  });
}

const isHead = (message: Json) => message.embeds?.[0]?.title?.startsWith('Chaos paper');
function replyKind(message: Json): string {
  if (String(message.content ?? '').includes('```bibtex')) return 'bibtex';
  if (String(message.content ?? '').startsWith('**Links**')) return 'links';
  if (message.embeds?.[0]?.description?.startsWith('Abstract of paper')) return 'abstract';
  return 'other';
}

describe('chaos', () => {
  it(`posts every (paper, channel) exactly once with its replies in order, through ${MIN_KILLS}+ SIGKILLs (seed ${SEED})`, async () => {
    // First sight: the first papers are recorded silently.
    expect(await runAndMaybeKill(undefined)).toBe(0);
    chaos();
    let kills = 0;
    for (let run = 0; (kills < MIN_KILLS || served < papers.length) && run < 200; run++) {
      const outcome = await runAndMaybeKill(Math.floor(random() * 60));
      if (outcome === 'killed') kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // Drain: restart until a run finds nothing left to post (failures still on).
    for (let run = 0; run < 40; run++) {
      const before = discord.requests.length;
      const code = await runAndMaybeKill(undefined);
      if (code === 0 && discord.requests.filter((r, i) => i >= before && r.method === 'POST').length === 0)
        break;
    }

    const expectedTitles = papers
      .slice(FIRST_SIGHT)
      .map((paper) => paper.title)
      .sort();
    for (const channel of channels) {
      const heads = discord.state.messagesIn(channel).filter(isHead);
      expect(heads.map((head: Json) => head.embeds[0].title).sort()).toEqual(expectedTitles);
      for (const head of heads) {
        const replies = discord.state.messagesIn(head.id).map(replyKind);
        expect(replies, `thread of ${head.embeds[0].title} in ${channel}`).toEqual([
          'abstract',
          'links',
          'bibtex',
        ]);
      }
    }
  }, 480_000);
});
