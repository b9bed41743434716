/**
 * Several instances over one real redis-server, each a `herald run` child process posting to the
 * fake Discord: one leader delivers; SIGKILL of the leader mid-delivery hands over to the other
 * within the lease, nothing lost or doubled; an admin change made through one instance is seen by
 * the other; Redis stopped and restarted under a running instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from '../fakes/discord/fake-discord.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { runCli } from '../support/run-cli.js';
import { arxivAtom, type SeedPaper } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const LEASE_MS = 3000;
const PAPERS = 40;
/** Heads the first leader posts before it is killed. */
const LEADER_HEADS = 5;
let holdLeader = true;
const papers: SeedPaper[] = Array.from({ length: PAPERS }, (_, i) => ({
  arxivId: `2607.${String(20_000 + i).padStart(5, '0')}`,
  title: `Failover paper ${i}`,
  authors: ['Alessandro Favero'],
  abstract: `Abstract ${i}.`,
  category: 'LG',
  published: new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString().replace('.000Z', 'Z'),
}));

let redis: RedisServer;
let discord: FakeDiscord;
let arxiv: FixtureServer;
let workspace: Workspace;
const instances: HeraldProcess[] = [];

function env(name: string): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    HERALD_NAMESPACE: 'e2e',
    HERALD_LEASE_TTL_MS: String(LEASE_MS),
    DATA_DIR: `${workspace.dir}/${name}`,
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DISCORD_TOKEN: 'redis-e2e',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.state.guildId,
    LOG_LEVEL: 'debug',
  };
}

function start(name: string): HeraldProcess {
  const instance = new HeraldProcess(['run', '--config', workspace.configPath], env(name));
  instances.push(instance);
  return instance;
}

const heads = () =>
  discord.state
    .messagesIn(discord.textChannelId)
    .filter((m: Json) => m.embeds?.[0]?.title?.startsWith('Failover paper'));

beforeAll(async () => {
  redis = await startRedisServer();
  discord = await FakeDiscord.start();
  arxiv = await startFixtureServer();
  arxiv.route('/api/query', { body: arxivAtom(papers) });
  discord.setChaos((request) =>
    holdLeader &&
    request.method === 'POST' &&
    request.path.startsWith('/channels/') &&
    heads().length >= LEADER_HEADS
      ? { when: 'before', response: 'hang' }
      : undefined,
  );
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: ${PAPERS}
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }]
`);
});

afterAll(async () => {
  for (const instance of instances) instance.signal('SIGKILL');
  await Promise.all(instances.map((instance) => instance.exited));
  await discord?.close();
  await arxiv?.close();
  await redis?.dispose();
  await workspace?.remove();
});

describe('instances over Redis', () => {
  it('hands over to the other instance when the leader is killed mid-delivery: every paper once', async () => {
    const a = start('a');
    await a.waitFor(/this instance is now the leader/);
    // Polling does not wait for the gateway: wait for it here, so that both receive the command.
    await a.waitFor(/"msg":"Discord gateway: connected"/);
    const b = start('b');
    await b.waitFor(/commands unchanged/);
    // Both instances receive every slash command; exactly one answers it.
    const answer = await discord.sendCommand('papers', [{ type: 3, name: 'query', value: 'failover' }]);
    const silent = await Promise.race([
      a.waitFor(/interaction answered by another instance/).then(() => a),
      b.waitFor(/interaction answered by another instance/).then(() => b),
    ]);
    expect([a, b]).toContain(silent);
    expect(discord.requests.filter((r) => r.path === answer.callback.path)).toHaveLength(1);
    // Kill the leader once it has posted a few heads. Its later posts are held unanswered until
    // then, so it dies with most of its outbox left, however fast it posts.
    await discord.waitForState(() => heads().length >= LEADER_HEADS, `${LEADER_HEADS} heads from the leader`);
    a.signal('SIGKILL');
    const killedAt = performance.now();
    await a.exited;
    holdLeader = false;
    await b.waitFor(/this instance is now the leader/);
    const headsAtTakeover = heads().length;
    expect(headsAtTakeover).toBe(LEADER_HEADS);
    await discord.waitForState(() => heads().length > headsAtTakeover, 'a head from the new leader');
    const failoverMs = performance.now() - killedAt;
    expect(failoverMs).toBeLessThan(LEASE_MS + 5000);
    const complete = () =>
      heads().length >= PAPERS &&
      heads().every((head: Json) => discord.state.messagesIn(head.id).length >= 3);
    await discord.waitForState(complete, `all ${PAPERS} papers with their 3 replies`, { timeoutMs: 180_000 });

    const titles = heads()
      .map((m: Json) => m.embeds[0].title)
      .sort();
    expect(titles).toEqual(papers.map((p) => p.title).sort());
    for (const head of heads()) expect(discord.state.messagesIn(head.id)).toHaveLength(3);
    expect(b.stderr).not.toContain('"level":50');
  }, 240_000);

  it('sees an admin change made through another process, without a restart', async () => {
    const added = await runCli(
      ['watch', 'add', 'Matthieu Wyart', '--config', workspace.configPath],
      env('cli'),
    );
    expect(added.code).toBe(0);
    const answer = await discord.sendCommand('watch', [{ type: 1, name: 'list', options: [] }], {
      permissions: String(1 << 5),
    });
    expect(JSON.stringify(answer.answer.body)).toContain('Matthieu Wyart');
  });

  it('keeps running while Redis is down, answers "store unavailable", and carries on when it is back', async () => {
    const [b] = instances.filter((instance) => instance !== instances[0]);
    await redis.stop();
    await b!.waitFor(/Redis connection lost/);
    const down = await discord.sendCommand('papers', [{ type: 3, name: 'query', value: 'failover' }]);
    expect(JSON.stringify(down.answer.body)).toMatch(/unavailable/i);
    await redis.start();
    await b!.waitFor(/Redis connection restored/);
    const up = await discord.sendCommand('watch', [{ type: 1, name: 'list', options: [] }], {
      permissions: String(1 << 5),
    });
    expect(JSON.stringify(up.answer.body)).toContain('Alessandro Favero');
    b!.signal('SIGTERM');
    expect((await b!.exited).code).toBe(0);
  });
});
