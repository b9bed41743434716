/**
 * End to end with the real @discordjs/core, ws and rest: `herald run` as a child process with
 * DISCORD_TOKEN set, against the fake Discord (REST and gateway) and a loopback arXiv serving the seed corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../../fakes/discord/fake-discord.js';
import { tailOf, within } from '../../support/bounded-wait.js';
import { type FixtureServer, startFixtureServer } from '../../support/fixture-server.js';
import { HeraldProcess } from '../../support/herald-process.js';
import { runCli } from '../../support/run-cli.js';
import { arxivAtom, seedPapers } from '../../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../../support/workspace.js';

const String_ = 3;
const Subcommand = 1;
const EPHEMERAL = 64;
const MANAGE_GUILD = String(1 << 5);
const papers = seedPapers();
const newest = papers[0]!;

let discord: FakeDiscord;
let arxiv: FixtureServer;
let workspace: Workspace;
let env: Record<string, string>;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  arxiv = await startFixtureServer();
  arxiv.route('/api/query', { body: arxivAtom(papers) });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 1
people:
  - { id: favero, name: Alessandro Favero, aliases: ["A. Favero"] }
channels:
  - { id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }
  - { id: forum, platform: discord, target: "${discord.forumChannelId}", kinds: [paper] }
`);
  env = {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
    DISCORD_TOKEN: 'e2e-token',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.state.guildId,
  };
});

afterAll(async () => {
  await discord.close();
  await arxiv.close();
  await workspace.remove();
});

const threadReplies = (threadId: string) => discord.requestsTo('POST', `/channels/${threadId}/messages`);

describe('herald run with DISCORD_TOKEN', () => {
  it('logs in, registers the commands, announces, answers /papers, refuses a non-admin /watch add', async () => {
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], env);
    try {
      await discord.gatewayReady;
      await discord.waitForRequest((r) => r.method === 'PUT' && r.path.includes('/commands'));

      // The newest seed paper (backfill 1): a head with an embed, a thread, three replies in order.
      const head = await discord.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${discord.textChannelId}/messages`,
      );
      expect(head.body.embeds[0].title).toBe(newest.title);
      expect(head.body.allowed_mentions).toEqual({ parse: [] });
      const [message] = discord.state.messagesIn(discord.textChannelId) as Json[];
      await discord.waitForRequest((r) => threadReplies(message.id).length >= 3 && r.method === 'POST');
      const kinds = threadReplies(message.id).map((r) =>
        r.body.content?.includes('```bibtex')
          ? 'bibtex'
          : r.body.content?.startsWith('**Links**')
            ? 'links'
            : 'abstract',
      );
      expect(kinds).toEqual(['abstract', 'links', 'bibtex']);
      // The forum channel gets a post: a thread whose first message is the head.
      const post = await discord.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${discord.forumChannelId}/threads`,
      );
      expect(post.body.message.embeds[0].title).toBe(newest.title);

      // /papers diffusion, answered from the stored seed corpus: diffusion papers first.
      await herald.waitFor(/"source":"arxiv"/);
      const answer = await discord.sendCommand('papers', [
        { type: String_, name: 'query', value: 'diffusion' },
      ]);
      const description: string = answer.answer.body.embeds[0].description;
      const firstTitle = description.match(/\*\*\[([^\]]+)\]/)?.[1] ?? '';
      expect(firstTitle.toLowerCase()).toContain('diffusion');
      expect(description).toMatch(/\d+ results for "diffusion"/);

      // A member without Manage Server: refused, ephemeral, nothing changed.
      const refused = await discord.sendCommand(
        'watch',
        [{ type: Subcommand, name: 'add', options: [{ type: String_, name: 'name', value: 'Marc Mezard' }] }],
        { permissions: '0' },
      );
      expect(refused.callback.body.data.flags).toBe(EPHEMERAL);
      expect(JSON.stringify(refused.answer.body)).toMatch(/admin/i);
      const list = await runCli(['watch', 'list', '--config', workspace.configPath], env);
      expect(list.stdout).toContain('Alessandro Favero');
      expect(list.stdout).not.toContain('Mezard');

      // An admin may.
      const added = await discord.sendCommand(
        'watch',
        [
          {
            type: Subcommand,
            name: 'add',
            options: [{ type: String_, name: 'name', value: 'Matthieu Wyart' }],
          },
        ],
        { permissions: MANAGE_GUILD },
      );
      expect(JSON.stringify(added.answer.body)).toContain('Wyart');
      const after = await runCli(['watch', 'list', '--config', workspace.configPath], env);
      expect(after.stdout).toContain('Matthieu Wyart');
    } finally {
      herald.signal('SIGTERM');
      expect((await herald.exited).code).toBe(0);
    }
  });

  it('registers nothing on a restart when the commands did not change', async () => {
    const puts = discord.requestsTo('PUT', /\/commands$/).length;
    const gets = discord.requestsTo('GET', /\/commands$/).length;
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], env);
    try {
      await herald.waitFor(/commands unchanged/);
      expect(discord.requestsTo('GET', /\/commands$/).length).toBe(gets + 1);
      expect(discord.requestsTo('PUT', /\/commands$/).length).toBe(puts);
    } finally {
      herald.signal('SIGTERM');
      expect((await herald.exited).code).toBe(0);
    }
  });

  it('`herald run --once` posts through REST alone and opens no websocket', async () => {
    const connections = discord.gatewayConnections;
    const fresh = {
      ...newest,
      arxivId: '2606.00001',
      title: 'A fresh paper by A. Favero',
      published: '2026-06-02T10:00:00Z',
    };
    arxiv.route('/api/query', { body: arxivAtom([fresh, ...papers]) });
    const result = await runCli(['run', '--once', '--config', workspace.configPath], env);
    expect(result.code).toBe(0);
    expect(discord.gatewayConnections).toBe(connections);
    expect(discord.requestsTo('GET', '/gateway/bot').length).toBe(2); // the two long-running starts only
    const heads = discord
      .requestsTo('POST', `/channels/${discord.textChannelId}/messages`)
      .map((r) => r.body.embeds?.[0]?.title);
    expect(heads).toContain('A fresh paper by A. Favero');
  });

  it('with DISCORD_SHARDS=2 runs the gateway in two shard processes, each command answered once', async () => {
    const connections = discord.gatewayConnections;
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ...env,
      DISCORD_SHARDS: '2',
    });
    try {
      await herald.waitFor(/"shard":1,"msg":"Discord shard started"/);
      await herald.waitFor(/"shards":"1".*discord bot ready/);
      expect(discord.gatewayConnections).toBe(connections + 2);
      const answer = await discord.sendCommand('papers', [
        { type: String_, name: 'query', value: 'task arithmetic' },
      ]);
      expect(JSON.stringify(answer.answer.body).toLowerCase()).toContain('task arithmetic');
      // The guild's shard answered; the other shard never saw the interaction.
      expect(discord.requests.filter((r) => r.path === answer.callback.path)).toHaveLength(1);
    } finally {
      herald.signal('SIGTERM');
      expect((await herald.exited).code).toBe(0);
    }
  });

  it('with DISCORD_SHARDS=auto asks DISCORD_API_URL for the count, and its shard processes use it too', async () => {
    discord.state.recommendedShards = 2;
    const connections = discord.gatewayConnections;
    const before = discord.requests.length;
    const gatewayBot = () =>
      discord.requests.slice(before).filter((r) => r.method === 'GET' && r.path === '/gateway/bot');
    const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
      ...env,
      DISCORD_SHARDS: 'auto',
    });
    try {
      const [recommendation] = await within(
        20_000,
        'the recommended shard count asked of the fake (GET /gateway/bot)',
        discord.waitForRequest(() => gatewayBot().length > 0).then(gatewayBot),
        () => tailOf(herald),
      );
      expect(recommendation?.headers.authorization).toBe('Bot e2e-token');
      // Asked before any shard process existed: the parent's question.
      expect(herald.stderr).not.toContain('Discord shard started');
      // The fake's recommendation (2) is what starts; each shard process logs in through the fake.
      await herald.waitFor(/"shard":1,"msg":"Discord shard started"/);
      await herald.waitFor(/"shards":"0".*discord bot ready/);
      await herald.waitFor(/"shards":"1".*discord bot ready/);
      expect(herald.stderr).not.toMatch(/"shard":2,/);
      // Each shard process asked the fake too, for its gateway.
      expect(gatewayBot().length).toBeGreaterThanOrEqual(3);
      expect(discord.gatewayConnections).toBe(connections + 2);
    } finally {
      discord.state.recommendedShards = 1;
      herald.signal('SIGTERM');
      expect((await herald.exited).code).toBe(0);
    }
  });
});
