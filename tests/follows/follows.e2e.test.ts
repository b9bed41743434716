/**
 * Personal follows end to end, against the fake Discord (gateway and REST) and the fake Slack
 * (Socket Mode and Web API) with the real @discordjs/core, Bolt and WebClient: members follow through
 * slash commands of a running `herald run`; then `herald run --once` polls new papers. A member
 * gets one direct message per new paper of the person they follow, none for others' papers; a
 * keyword follow gets the paper that mentions it; a member whose DMs are closed has their follow
 * paused and is told once in the channel they used; a follow of someone the bot does not watch
 * becomes a request the admin channel sees, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, numberedPapers, type SeedPaper } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const String_ = 3;
const EPHEMERAL = 64;
const OPEN_DMS = '900000000000000601';
const CLOSED_DMS = '900000000000000602';
const SLACK_MEMBER = 'U_MEMBER';
const ADMIN_CHANNEL = 'C_ADMIN';

const paper = (i: number, title: string, authors: string[]): SeedPaper =>
  numberedPapers(1, {
    yymm: '2606',
    first: 30_000 + i,
    start: new Date(Date.UTC(2026, 5, 1, 10, i)),
    title: () => title,
    authors: () => authors,
  })[0]!;
const earlier = [paper(0, 'An earlier paper', ['Alessandro Favero', 'Matthieu Wyart'])];
const favero1 = paper(1, 'Favero paper one', ['Alessandro Favero']);
const favero2 = paper(2, 'Favero paper two', ['Alessandro Favero', 'Ada Lovelace']);
const wyart = paper(3, 'Scaling laws of wide networks', ['Matthieu Wyart']);
const favero3 = paper(4, 'Favero paper three', ['Alessandro Favero']);

let discord: FakeDiscord;
let slack: FakeSlack;
let server: FixtureServer;
let workspace: Workspace;
let served: SeedPaper[] = earlier;

beforeAll(async () => {
  [discord, slack, server, workspace] = await Promise.all([
    FakeDiscord.start(),
    FakeSlack.start(),
    startFixtureServer(),
    createWorkspace(),
  ]);
  discord.state.closedDms.add(CLOSED_DMS);
  server.route('/api/query', () => ({ body: arxivAtom([...served].reverse()) }));
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
slack: { postIntervalMs: 0, admins: [U0ADMIN] }
people:
  - { id: favero, name: Alessandro Favero }
  - { id: wyart, name: Matthieu Wyart }
channels:
  - { id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }
  - { id: admin, platform: slack, target: ${ADMIN_CHANNEL}, kinds: [talk] }
adminChannel: admin
`);
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close(), server?.close(), workspace?.remove()]);
});

const env = () => ({
  ARXIV_API_URL: server.url('/api/query'),
  ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
  DATA_DIR: workspace.dataDir,
  DISCORD_TOKEN: 'follows-e2e',
  DISCORD_API_URL: discord.apiUrl,
  DISCORD_GUILD_ID: discord.state.guildId,
  SLACK_BOT_TOKEN: 'xoxb-follows-e2e',
  SLACK_API_URL: slack.apiUrl,
});
const herald = (...args: string[]) => runCli([...args, '--config', workspace.configPath], env());

/** Heads in a member's Discord DM, by title. */
function dmHeads(userId: string): string[] {
  const dm = discord.state.dmChannels.get(userId);
  if (!dm) return [];
  return discord.state
    .messagesIn(dm)
    .filter((message: Json) => message.embeds?.[0]?.footer)
    .map((message: Json) => message.embeds[0].title);
}
const slackDm = (userId: string) => slack.messagesIn(`D${userId}`).filter((message) => !message.thread_ts);
const adminNotices = () =>
  slack.messagesIn(ADMIN_CHANNEL).filter((message) => message.text?.includes('asks to follow'));
const toldOfPause = () =>
  discord.state
    .messagesIn(discord.textChannelId)
    .filter((message: Json) => message.content.startsWith(`<@${CLOSED_DMS}>`));

async function followOnDiscord(userId: string, target: string): Promise<Json> {
  const outcome = await discord.sendCommand('follow', [{ type: String_, name: 'target', value: target }], {
    userId,
  });
  expect(outcome.callback.body.data.flags).toBe(EPHEMERAL);
  return outcome.answer.body;
}

async function followOnSlack(text: string): Promise<string> {
  const before = slack.responses.length;
  await slack.sendSlashCommand(slack.slashCommand('/follow', text, SLACK_MEMBER));
  const responses = await slack.waitForResponses(before + 1);
  return JSON.stringify(responses[before]);
}

describe('personal follows', () => {
  it('are made by members in the chat, and a follow of someone not watched is a request', async () => {
    const running = new HeraldProcess(['run', '--config', workspace.configPath], {
      ...env(),
      SLACK_APP_TOKEN: 'xapp-follows-e2e',
    });
    try {
      await discord.gatewayReady;
      await running.waitFor(/"mode":"socket"/);
      await running.waitFor(/"msg":"source polled"/);
      expect(JSON.stringify(await followOnDiscord(OPEN_DMS, 'favero'))).toContain(
        'Now following Alessandro Favero (favero)',
      );
      expect(JSON.stringify(await followOnDiscord(CLOSED_DMS, 'Alessandro Favero'))).toContain(
        'Now following',
      );
      const refused = await followOnSlack('Yann LeCun');
      expect(refused).toContain('\\"Yann LeCun\\" is not a person the bot watches');
      expect(refused).toContain('the admins have been asked to watch them');
      expect(await followOnSlack('keyword:scaling laws')).toContain('Now following');
    } finally {
      running.signal('SIGTERM');
      expect((await running.exited).code).toBe(0);
    }
    const listed = await herald('follows');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`dm:discord:${OPEN_DMS}: 1 followed`);
    expect(listed.stdout).toContain(`dm:slack:${SLACK_MEMBER}: 1 followed`);
    expect(listed.stdout).not.toContain('LeCun');
  });

  it('send one DM per new paper to each follower, none for others, and pause a member whose DMs are closed', async () => {
    served = [...earlier, favero1, favero2, wyart];
    const run = await herald('run', '--once');
    expect(run.code, run.stderr).toBe(0);
    expect(dmHeads(OPEN_DMS).sort()).toEqual([favero1.title, favero2.title]);
    // The replies follow their head in the DM (DMs have no threads): abstract, links, BibTeX each.
    const dm = discord.state.dmChannels.get(OPEN_DMS)!;
    expect(discord.state.messagesIn(dm)).toHaveLength(2 * 4);
    // The keyword follower got the paper that mentions it, in their IM with the bot.
    expect(slackDm(SLACK_MEMBER).map((message) => message.text)).toEqual([
      expect.stringContaining(wyart.title),
    ]);
    // Closed DMs: refused once, the follow paused, the member told once where they used /follow.
    const closedDm = discord.state.dmChannels.get(CLOSED_DMS)!;
    expect(discord.requestsTo('POST', `/channels/${closedDm}/messages`)).toHaveLength(1);
    const [told] = toldOfPause();
    expect(told.content).toContain('your follows are paused');
    const tell = discord
      .requestsTo('POST', `/channels/${discord.textChannelId}/messages`)
      .find((request) => request.body.content?.startsWith(`<@${CLOSED_DMS}>`));
    // It pings that member, and no one else.
    expect(tell?.body.allowed_mentions).toEqual({ parse: [], users: [CLOSED_DMS] });
    // The admin channel saw the request once.
    expect(adminNotices()).toHaveLength(1);
    expect(adminNotices()[0]!.text).toContain(`member ${SLACK_MEMBER} asks to follow "Yann LeCun"`);
  });

  it('keep going for the others, and leave a paused member alone', async () => {
    served = [...earlier, favero1, favero2, wyart, favero3];
    const run = await herald('run', '--once');
    expect(run.code, run.stderr).toBe(0);
    expect(dmHeads(OPEN_DMS).sort()).toEqual([favero1.title, favero3.title, favero2.title].sort());
    const closedDm = discord.state.dmChannels.get(CLOSED_DMS)!;
    expect(discord.requestsTo('POST', `/channels/${closedDm}/messages`)).toHaveLength(1);
    expect(toldOfPause()).toHaveLength(1);
    expect(adminNotices()).toHaveLength(1);
    expect(slackDm(SLACK_MEMBER)).toHaveLength(1);
    const status = await herald('status');
    expect(status.stdout).not.toContain('held');
    // The admin sees the pause, the member by id, and where to list every member's follows.
    expect(status.stdout).toContain('of 1 member paused');
    expect(status.stdout).toContain(`discord:${CLOSED_DMS}`);
    expect(status.stdout).toContain('herald follows');
    const paused = await herald('follow', 'list', '--user', `discord:${CLOSED_DMS}`);
    expect(paused.stdout).toContain('Paused since');
  });
});
