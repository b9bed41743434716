/**
 * `DISCORD_SHARDS` (a number, or `auto` for Discord's recommendation): the Discord gateway runs
 * in shard processes managed by discord.js's ShardingManager, each answering the slash commands
 * of its guilds (bin/herald-discord-shard.js) and keeping its own connection up; this process keeps
 * polling and delivering, and posts through REST. With `DISCORD_API_URL` set, the recommendation
 * is asked of that API, and each shard process is handed it for its own REST and gateway.
 */
import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from '../log.js';
import { fetchRecommendedShards } from '../platforms/discord/index.js';
import type { AttemptControl, OpenLink } from '../platforms/kept-connection.js';

/**
 * Two directories up from this module, whether it runs as src/app/discord-sharding.ts or inside a
 * chunk of the bundle (dist/chunks/*.js: bin/build.js keeps every output two levels below the
 * root, and tests/build/bundle.e2e.test.ts starts a shard from the bundle).
 */
const SHARD_ENTRY = fileURLToPath(new URL('../../bin/herald-discord-shard.js', import.meta.url));

/** How long a shard process has to stop after SIGTERM before it is killed. */
const SHARD_EXIT_WAIT_MS = 5_000;

export function parseShardCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`DISCORD_SHARDS must be a whole number of at least 1, or "auto" (got "${value}")`);
  return count;
}

/**
 * Starts the shard processes (one every 5.5 s, as Discord's identify limit wants) and resolves at
 * once; a failure to spawn them (e.g. `auto` while Discord is unreachable) is reported as a loss.
 * The spawning is done here rather than by ShardingManager#spawn, whose 5.5 s pauses cannot be cut
 * short by a stop.
 */
export async function startDiscordShards(
  options: { token: string; shards: string; configFile: string; logger: Logger; apiUrl?: string },
  { watch, signal }: AttemptControl = {},
): Promise<OpenLink> {
  const manager = new ShardingManager(SHARD_ENTRY, {
    token: options.token,
    totalShards: parseShardCount(options.shards),
    shardArgs: ['--config', options.configFile],
    respawn: true,
  });
  const children = new Set<ChildProcess>();
  const closing = new AbortController();
  manager.on('shardCreate', (shard) => {
    shard.on('spawn', (child) => {
      if (!(child instanceof ChildProcess)) return;
      // A respawn after close() began: stop it at once.
      if (closing.signal.aborted) return shard.kill();
      children.add(child);
      child.once('exit', () => children.delete(child));
      options.logger.info({ pid: child.pid, shard: shard.id }, 'Discord shard started');
    });
  });
  const close = async () => {
    closing.abort();
    const exited = [...children].map((child) => once(child, 'exit'));
    for (const shard of manager.shards.values()) if (shard.process) shard.kill();
    const deadline = AbortSignal.timeout(SHARD_EXIT_WAIT_MS);
    await Promise.all(exited.map((exit) => Promise.race([exit, once(deadline, 'abort')])));
    for (const child of children) child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', () => void close(), { once: true });
  spawnShards(manager, options, closing.signal).catch((error: Error) => {
    if (!closing.signal.aborted) watch?.lost(error);
  });
  return { close };
}

/** Between two shards' starts (Discord allows one identify per 5 s). */
const SPAWN_INTERVAL_MS = 5_500;

async function spawnShards(
  manager: ShardingManager,
  { token, apiUrl }: { token: string; apiUrl?: string },
  stop: AbortSignal,
): Promise<void> {
  const total =
    manager.totalShards === 'auto'
      ? await fetchRecommendedShards({ token, apiUrl, signal: stop })
      : manager.totalShards;
  manager.totalShards = total;
  manager.shardList = [...Array(total).keys()];
  for (const id of manager.shardList) {
    if (stop.aborted) return;
    if (id > 0) await delay(SPAWN_INTERVAL_MS, undefined, { signal: stop }).catch(() => undefined);
    if (stop.aborted) return;
    const shard = manager.createShard(id);
    // Said outright rather than left to the inherited environment: the API this process was given.
    if (apiUrl) (shard.env as NodeJS.ProcessEnv).DISCORD_API_URL = apiUrl;
    // The shard's own process logs in; spawn(-1) does not wait for it to be ready.
    await shard.spawn(-1);
  }
}
