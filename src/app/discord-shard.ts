/**
 * One Discord shard, as a child process of discord.js's ShardingManager (`DISCORD_SHARDS` set):
 * the gateway for its share of the guilds and their slash commands, answered through the same
 * command service as everywhere. Polling and delivery stay with the parent `herald run`, which
 * posts through REST. discord.js gives each child its shard ids through the environment.
 */
import { startDiscordBot } from '../platforms/discord/index.js';
import { claimsFor } from '../store/claims.js';
import { openCore } from './core.js';

/** An interaction is answered once across instances; Discord wants the answer within 15 minutes. */
const INTERACTION_CLAIM_MS = 15 * 60_000;

function configPathFrom(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--config');
  return at >= 0 ? argv[at + 1] : undefined;
}

export async function runDiscordShard(argv: readonly string[]): Promise<void> {
  const core = await openCore({ configPath: configPathFrom(argv) });
  const { env, config, logger } = core;
  if (!env.discordToken) throw new Error('a Discord shard needs DISCORD_TOKEN');
  const claim = claimsFor(core.store.backend);
  const shardLogger = logger.child({ shards: process.env.SHARDS });
  const bot = await startDiscordBot({
    token: env.discordToken,
    apiUrl: env.discordApiUrl,
    guildId: env.discordGuildId,
    adminRoleIds: config.discord.adminRoleIds,
    commands: core.commands,
    logger: shardLogger,
    claim: (id) => claim(`discord-interaction:${id}`, INTERACTION_CLAIM_MS),
  });
  const stop = async () => {
    await bot.stop();
    await core.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await runDiscordShard(process.argv);
