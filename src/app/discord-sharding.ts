/**
 * `DISCORD_SHARDS` (a number, or `auto` for Discord's recommendation): the Discord gateway runs
 * in shard processes managed by discord.js's ShardingManager, each answering the slash commands
 * of its guilds (bin/herald-discord-shard.js); this process keeps polling and delivering, and
 * posts through REST.
 */
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Logger } from '../log.js';
import type { ChatConnection } from './chat-platforms.js';

const SHARD_ENTRY = fileURLToPath(new URL('../../bin/herald-discord-shard.js', import.meta.url));

export function parseShardCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`DISCORD_SHARDS must be a whole number of at least 1, or "auto" (got "${value}")`);
  return count;
}

export async function startDiscordShards(options: {
  token: string;
  shards: string;
  configFile: string;
  logger: Logger;
}): Promise<ChatConnection> {
  const manager = new ShardingManager(SHARD_ENTRY, {
    token: options.token,
    totalShards: parseShardCount(options.shards),
    shardArgs: ['--config', options.configFile],
    respawn: true,
  });
  manager.on('shardCreate', (shard) => options.logger.info({ shard: shard.id }, 'Discord shard started'));
  await manager.spawn();
  return {
    stop: async () => {
      for (const shard of manager.shards.values()) shard.kill();
    },
  };
}
