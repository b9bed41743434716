/**
 * Failover: two `herald run` instances over a local redis-server post to a fake Discord; the
 * leader is killed with SIGKILL mid-delivery and the time until the other instance's first
 * delivery is measured. Goal: at most the lease plus 5 s. Runs alone with
 * `npx tsx bench/failover-bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { FakeDiscord, type Json } from '../tests/fakes/discord/fake-discord.js';
import { startFixtureServer } from '../tests/support/fixture-server.js';
import { HeraldProcess } from '../tests/support/herald-process.js';
import { startRedisServer } from '../tests/support/redis-server.js';
import { arxivAtom, type SeedPaper } from '../tests/support/seed-corpus.js';
import { createWorkspace } from '../tests/support/workspace.js';
import type { Metric } from './metric.js';

/** The default lease: what a deployment gets without tuning. */
const LEASE_MS = 30_000;
const PAPERS = 30;

export async function benchFailover(): Promise<Record<string, Metric>> {
  const redis = await startRedisServer();
  const discord = await FakeDiscord.start();
  const arxiv = await startFixtureServer();
  const workspace = await createWorkspace();
  const papers: SeedPaper[] = Array.from({ length: PAPERS }, (_, i) => ({
    arxivId: `2608.${String(30_000 + i).padStart(5, '0')}`,
    title: `Bench paper ${i}`,
    authors: ['Alessandro Favero'],
    abstract: `Abstract ${i}.`,
    category: 'LG',
    published: new Date(Date.UTC(2026, 7, 1, 0, i)).toISOString().replace('.000Z', 'Z'),
  }));
  arxiv.route('/api/query', { body: arxivAtom(papers) });
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: ${PAPERS}
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }]
`);
  const env = (name: string) => ({
    REDIS_URL: redis.url,
    HERALD_LEASE_TTL_MS: String(LEASE_MS),
    DATA_DIR: `${workspace.dir}/${name}`,
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DISCORD_TOKEN: 'bench',
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: discord.state.guildId,
  });
  const heads = () =>
    discord.state.messagesIn(discord.textChannelId).filter((m: Json) => m.embeds?.length > 0).length;
  const instances = [
    new HeraldProcess(['run', '--config', workspace.configPath], env('a')),
    new HeraldProcess(['run', '--config', workspace.configPath], env('b')),
  ];
  try {
    // Either may win the lease: the one that does is the leader to kill.
    const elected = instances.map((instance) =>
      instance.waitFor(/this instance is now the leader/).then(() => instance),
    );
    for (const election of elected) election.catch(() => undefined);
    const leader = await Promise.race(elected);
    const follower = instances.find((instance) => instance !== leader)!;
    await follower.waitFor(/paper-herald starting/);
    await discord.waitForState(() => heads() >= 3);
    leader.signal('SIGKILL');
    const killedAt = performance.now();
    await leader.exited;
    const before = heads();
    await discord.waitForState(() => heads() > before);
    const seconds = Math.round((performance.now() - killedAt) / 100) / 10;
    return { failoverSeconds: { value: seconds, unit: 's', baseline: LEASE_MS / 1000 + 5 } };
  } finally {
    for (const instance of instances) instance.signal('SIGKILL');
    await Promise.all(instances.map((instance) => instance.exited));
    await discord.close();
    await arxiv.close();
    await redis.dispose();
    await workspace.remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchFailover(), null, 2)}\n`);
}
