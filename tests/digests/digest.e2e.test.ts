/**
 * Weekly digests end to end: `herald run --once --now ...` as a child process (SQLite store kept
 * across runs) against the fake Discord and Slack with the real @discordjs/rest and WebClient, a
 * loopback arXiv and a seminar calendar. Papers and talks found during the week are posted
 * nowhere; at Monday 09:00 (Europe/London) one digest goes to each channel: a head, one reply per
 * paper in date order, the talks of the coming week in lists split between talks. The process is
 * killed with SIGKILL in the middle of the digest; the next run finishes it, and every paper and
 * talk is there once. A talk after the coming week waits for the next digest. Then, in a console
 * channel with `--output jsonl`: a digest after three missed weeks covers the whole gap, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { FakeSlack, type StoredMessage } from '../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers, type SeedPaper } from '../support/seed-corpus.js';
import { tail, waitFor } from '../support/wait.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const SLACK_CHANNEL = 'C_DIGEST';
const seen = numberedPapers(3, {
  yymm: '2606',
  first: 20_000,
  start: new Date(Date.UTC(2026, 4, 20)),
  title: (i) => `Earlier paper ${i}`,
});
const weekPapers = numberedPapers(30, {
  yymm: '2606',
  first: 21_000,
  start: new Date(Date.UTC(2026, 5, 5, 12)),
  title: (i) => `Digest paper ${String(i).padStart(2, '0')}: hierarchies in diffusion models`,
  authors: (i) => ['Alessandro Favero', `Coauthor Number${i}`],
});

interface Talk {
  uid: string;
  title: string;
  start: Date;
}

/** 14 talks in the week after Monday 8 June 09:00 BST, and one the week after. */
const weekTalks: Talk[] = Array.from({ length: 14 }, (_, i) => ({
  uid: `talk-${i}@seminar.example.org`,
  title: `Digest talk ${String(i).padStart(2, '0')}`,
  start: new Date(Date.UTC(2026, 5, 8, 10 + (i % 7), 0) + Math.floor(i / 7) * 2 * 86_400_000),
}));
const laterTalk: Talk = {
  uid: 'later@seminar.example.org',
  title: 'Digest talk later',
  start: new Date(Date.UTC(2026, 5, 17, 14)),
};

function calendar(talks: readonly Talk[]): string {
  const stamp = (date: Date) =>
    date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const events = talks.flatMap((talk) => [
    'BEGIN:VEVENT',
    `UID:${talk.uid}`,
    'DTSTAMP:20260601T000000Z',
    `DTSTART:${stamp(talk.start)}`,
    `DTEND:${stamp(new Date(talk.start.getTime() + 3_600_000))}`,
    `SUMMARY:${talk.title}`,
    'LOCATION:Room 101',
    'END:VEVENT',
  ]);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//paper-herald tests//EN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

let discord: FakeDiscord;
let slack: FakeSlack;
let server: FixtureServer;
let workspace: Workspace;
let served: SeedPaper[] = seen;

beforeAll(async () => {
  [discord, slack, server, workspace] = await Promise.all([
    FakeDiscord.start(),
    FakeSlack.start(),
    startFixtureServer(),
    createWorkspace(),
  ]);
  // Discord forgets nonces fast here: the run after the kill must find its posts by looking.
  discord.state.nonceWindowMs = 1000;
  server.route('/api/query', () => ({ body: arxivAtom([...served].reverse()) }));
  server.route('/seminar.ics', {
    body: calendar([...weekTalks, laterTalk]),
    contentType: 'text/calendar; charset=utf-8',
  });
  await workspace.writeConfig(`
timezone: Europe/London
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
slack: { postIntervalMs: 0 }
people: [{ id: favero, name: Alessandro Favero }]
feeds: [{ id: seminar, url: "${server.url('/seminar.ics')}", kind: talk, announceAll: true }]
channels:
  - { id: digest-discord, platform: discord, target: "${discord.textChannelId}", mode: digest }
  - { id: digest-slack, platform: slack, target: ${SLACK_CHANNEL}, mode: digest, digest: { every: weekly, at: "Mon 09:00" } }
`);
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), server?.close(), workspace?.remove()]);
});

const env = () => ({
  ARXIV_API_URL: server.url('/api/query'),
  ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
  DATA_DIR: workspace.dataDir,
  DISCORD_TOKEN: 'digest-e2e',
  DISCORD_API_URL: discord.apiUrl,
  SLACK_BOT_TOKEN: 'xoxb-digest-e2e',
  SLACK_API_URL: slack.apiUrl,
});
const runAt = (now: string) =>
  runCli(['run', '--once', '--config', workspace.configPath, '--now', now], env());

const discordHeads = () =>
  discord.state.messagesIn(discord.textChannelId).filter((message: Json) => message.content.startsWith('📬'));
const slackTop = () => slack.messagesIn(SLACK_CHANNEL).filter((message) => !message.thread_ts);
const slackThread = (head: StoredMessage) =>
  slack.messagesIn(SLACK_CHANNEL).filter((message) => message.thread_ts === head.ts);

/** The digest items a Discord reply shows: a paper's embed title, or the talks of a list. */
function discordItems(reply: Json): string[] {
  const [embed] = reply.embeds;
  if (embed.title !== 'Upcoming talks') return [embed.title];
  // Each talk's first line is its title in bold, linked when the talk has a page.
  return [...embed.description.matchAll(/^\*\*(.+?)\*\*$/gm)].map((match) =>
    match[1]!.replace(/^\[(.+)\]\(<.+>\)$/, '$1'),
  );
}

/** The digest items a Slack reply shows: the bold first line of each section, link or not. */
function slackItems(reply: StoredMessage): string[] {
  return (reply.blocks as Json[])
    .map((block) => (block.text?.text ?? '').split('\n')[0] as string)
    .filter((line) => line !== '*Upcoming talks*')
    .map((line) => /^\*(?:<[^|]+\|([^>]+)>|([^*]+))\*$/.exec(line))
    .flatMap((match) => (match ? [match[1] ?? match[2]!] : []));
}

const paperTitles = weekPapers.map((paper) => paper.title);
const talkTitles = weekTalks.map((talk) => talk.title).sort();

/** Kills the run once Discord has `count` replies of a digest thread, unless it exits first. */
async function runAndKillMidDigest(now: string, count: number): Promise<'killed' | number | null> {
  const herald = new HeraldProcess(['run', '--once', '--config', workspace.configPath, '--now', now], env());
  const replies = () => {
    const head = discordHeads()[0];
    return head ? discord.state.messagesIn(head.id).length : 0;
  };
  const outcome = await waitFor<'reached' | number | null>(
    `${count} replies in the digest thread, or an exit`,
    (done) => {
      const stop = discord.onRequest(() => {
        if (replies() >= count) done('reached');
      });
      void herald.exited.then(({ code }) => done(code));
      return stop;
    },
    () => `${replies()} replies; stderr:\n${tail(herald.stderr)}`,
  );
  if (outcome !== 'reached') return outcome;
  herald.signal('SIGKILL');
  await herald.exited;
  return 'killed';
}

describe('a weekly digest', () => {
  it('collects the week silently, and posts one digest at Monday 09:00, once across a SIGKILL', async () => {
    const first = await runAt('2026-06-05T10:00:00Z');
    expect(first.code, first.stderr).toBe(0);
    served = [...seen, ...weekPapers];
    const week = await runAt('2026-06-06T10:00:00Z');
    expect(week.code, week.stderr).toBe(0);
    expect(discord.requestsTo('POST', /\/messages$/)).toEqual([]);
    expect(slack.requestsTo('chat.postMessage')).toEqual([]);
    // What waits is on `herald status`, per digest channel.
    const status = await runCli(['status', '--config', workspace.configPath], env());
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/items waiting for a digest/);
    for (const channel of ['digest-discord (weekly)', 'digest-slack (weekly, Mon 09:00)'])
      expect(status.stdout).toContain(`Digest: ${channel}`);
    expect(status.stdout).toMatch(/Waiting: \d+ items \(30 papers, \d+ talks\)/);

    expect(await runAndKillMidDigest('2026-06-08T08:00:00Z', 8)).toBe('killed');
    const finished = await runAt('2026-06-08T08:00:00Z');
    expect(finished.code, finished.stderr).toBe(0);
    const again = await runAt('2026-06-08T09:30:00Z');
    expect(again.code, again.stderr).toBe(0);

    const [head, ...otherHeads] = discordHeads();
    expect(otherHeads).toEqual([]);
    expect(head.content).toBe('📬 This week: 30 papers, 14 upcoming talks');
    const thread: Json[] = discord.state.messagesIn(head.id);
    const shown = thread.flatMap(discordItems);
    expect(shown.slice(0, 30)).toEqual(paperTitles);
    expect(shown.slice(30)).toEqual(talkTitles);
    // Split between talks: three lists for fourteen talks, each whole.
    expect(thread).toHaveLength(33);
    for (const reply of thread) expect(reply.embeds[0].description?.length ?? 0).toBeLessThanOrEqual(4096);

    const [slackHead, ...otherSlackHeads] = slackTop();
    expect(otherSlackHeads).toEqual([]);
    expect(slackHead!.text).toBe('This week: 30 papers, 14 upcoming talks');
    const slackReplies = slackThread(slackHead!);
    expect(slackReplies.flatMap(slackItems)).toEqual([...paperTitles, ...talkTitles]);
  });

  it('keeps the talk after the coming week for the next digest', async () => {
    const next = await runAt('2026-06-15T08:00:00Z');
    expect(next.code, next.stderr).toBe(0);
    const heads = discordHeads();
    expect(heads).toHaveLength(2);
    expect(heads[1].content).toBe('📬 This week: 1 upcoming talk');
    expect(discord.state.messagesIn(heads[1].id).flatMap(discordItems)).toEqual(['Digest talk later']);
  });
});

describe('a digest after downtime', () => {
  let console: Workspace;
  let papers: SeedPaper[] = seen;
  const gapPapers = numberedPapers(6, {
    yymm: '2606',
    first: 22_000,
    start: new Date(Date.UTC(2026, 5, 2)),
    title: (i) => `Gap paper ${i}`,
  });

  beforeAll(async () => {
    console = await createWorkspace();
    server.route('/gap/query', () => ({ body: arxivAtom([...papers].reverse()) }));
    await console.writeConfig(`
timezone: UTC
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: weekly, platform: console, target: stdout, mode: digest }]
`);
  });

  afterAll(() => console?.remove());

  const run = (now: string) =>
    runCli(['run', '--once', '--output', 'jsonl', '--config', console.configPath, '--now', now], {
      ARXIV_API_URL: server.url('/gap/query'),
      ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
      DATA_DIR: console.dataDir,
    });
  const digestLines = (stdout: string) => jsonLines(stdout).filter((line) => line.type === 'digest');

  it('covers the whole gap in one digest, sent once', async () => {
    const first = await run('2026-06-01T10:00:00Z');
    expect(first.code, first.stderr).toBe(0);
    papers = [...seen, ...gapPapers.slice(0, 3)];
    const collecting = await run('2026-06-03T10:00:00Z');
    expect(digestLines(collecting.stdout)).toEqual([]);
    papers = [...seen, ...gapPapers];
    // Down over the digests of 8, 15 and 22 June; back on the 23rd.
    const back = await run('2026-06-23T12:00:00Z');
    expect(back.code, back.stderr).toBe(0);
    const lines = digestLines(back.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      type: 'digest',
      channel: 'weekly',
      from: '2026-06-01T10:00:00.000Z',
      to: '2026-06-22T09:00:00.000Z',
    });
    const items = lines[0]!.items as Json[];
    expect(items.map((item) => item.title)).toEqual(gapPapers.map((paper) => paper.title));
    expect(items[0]).toMatchObject({
      id: `arxiv:${gapPapers[0]!.arxivId}`,
      type: 'paper',
      authors: ['Alessandro Favero'],
    });
    expect(digestLines((await run('2026-06-23T13:00:00Z')).stdout)).toEqual([]);
  });
});
