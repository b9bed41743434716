/**
 * `DISCORD_SHARDS` (a number, or `auto` for Discord's recommendation): the Discord gateway runs
 * in shard processes managed by discord.js's ShardingManager, each answering the slash commands
 * of its guilds (bin/herald-discord-shard.js) and keeping its own connection up; this process keeps
 * polling and delivering, and posts through REST.
 */
import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from '../log.js';
import type { AttemptControl, OpenLink } from '../platforms/kept-connection.js';

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
 */
export async function startDiscordShards(
  options: { token: string; shards: string; configFile: string; logger: Logger },
  { watch, signal }: AttemptControl = {},
): Promise<OpenLink> {
  const manager = new ShardingManager(SHARD_ENTRY, {
    token: options.token,
    totalShards: parseShardCount(options.shards),
    shardArgs: ['--config', options.configFile],
    respawn: true,
  });
  const children = new Set<ChildProcess>();
  let closing = false;
  manager.on('shardCreate', (shard) => {
    shard.on('spawn', (child) => {
      if (!(child instanceof ChildProcess)) return;
      // Spawned after close() began (spawn goes on in the background): stop it at once.
      if (closing) return shard.kill();
      children.add(child);
      child.once('exit', () => children.delete(child));
      options.logger.info({ pid: child.pid, shard: shard.id }, 'Discord shard started');
    });
  });
  const close = async () => {
    closing = true;
    const exited = [...children].map((child) => once(child, 'exit'));
    for (const shard of manager.shards.values()) if (shard.process) shard.kill();
    const deadline = AbortSignal.timeout(SHARD_EXIT_WAIT_MS);
    await Promise.all(exited.map((exit) => Promise.race([exit, once(deadline, 'abort')])));
    for (const child of children) child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', () => void close(), { once: true });
  manager.spawn({ timeout: -1 }).catch((error: Error) => {
    if (!closing) watch?.lost(error);
  });
  return { close };
}
