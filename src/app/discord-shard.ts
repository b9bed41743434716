/**
 * One Discord shard, as a child process of discord.js's ShardingManager (`DISCORD_SHARDS` set):
 * the gateway for its share of the guilds and their slash commands, answered through the same
 * command service as everywhere, kept connected with backoff and reported to `/status` like the
 * unsharded gateway. Polling and delivery stay with the parent `herald run`, which posts through
 * REST. The ShardingManager gives each child its shard ids through the environment; the child
 * runs the same bot as an unsharded `herald run` (@discordjs/core), not discord.js.
 */
import { once } from 'node:events';
import { connectionTiming, KeptConnection } from '../platforms/kept-connection.js';
import { claimsFor } from '../store/claims.js';
import { INTERACTION_CLAIM_MS } from './chat-platforms.js';
import { ConnectionReporter } from './connection-reporter.js';
import { openCore } from './core.js';
import { exitAfter, listenForStop } from './stop-signal.js';
import { compileWasmWithBaselineOnly } from './wasm-tiering.js';

/** The parent gives a shard 5 s before it kills it. */
const STOP_DEADLINE_MS = 4_500;

/**
 * What discord.js's ShardingManager puts in a child's environment: SHARDS, the shard id (or a JSON
 * list of ids), and SHARD_COUNT, the total; as discord.js's Client read them.
 */
function shardsFromEnv(env: NodeJS.ProcessEnv): { ids: number[]; count: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.SHARDS ?? '');
  } catch {
    // Reported below with the value.
  }
  const ids = typeof parsed === 'number' ? [parsed] : parsed;
  const count = Number(env.SHARD_COUNT);
  const isShardId = (id: unknown) => Number.isInteger(id) && (id as number) >= 0 && (id as number) < count;
  if (!Array.isArray(ids) || ids.length === 0 || !Number.isInteger(count) || !ids.every(isShardId))
    throw new Error(
      `a Discord shard needs SHARDS (a shard id, or a list of them) and SHARD_COUNT from its ShardingManager (got SHARDS=${env.SHARDS}, SHARD_COUNT=${env.SHARD_COUNT})`,
    );
  return { ids, count };
}

function configPathFrom(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--config');
  return at >= 0 ? argv[at + 1] : undefined;
}

export async function runDiscordShard(argv: readonly string[]): Promise<void> {
  // Before the Discord libraries load undici and it compiles its parser.
  compileWasmWithBaselineOnly();
  const { startDiscordBot } = await import('../platforms/discord/index.js');
  const stop = listenForStop();
  const core = await openCore({ configPath: configPathFrom(argv), signal: stop.signal }).catch((error) => {
    if (stop.signal.aborted) process.exit(0);
    throw error;
  });
  const { env, config, logger } = core;
  if (!env.discordToken) throw new Error('a Discord shard needs DISCORD_TOKEN');
  const token = env.discordToken;
  const shards = shardsFromEnv(process.env);
  const claim = claimsFor(core.store.backend);
  const shardLogger = logger.child({ shards: process.env.SHARDS });
  const reporter = new ConnectionReporter(core.store.connections, shardLogger);
  const options = {
    token,
    apiUrl: env.discordApiUrl,
    guildId: env.discordGuildId,
    adminRoleIds: config.discord.adminRoleIds,
    commands: core.commands,
    logger: shardLogger,
    claim: (id: string) => claim(`discord-interaction:${id}`, INTERACTION_CLAIM_MS),
    shards,
  };
  const connection = new KeptConnection({
    name: `Discord gateway (shards ${process.env.SHARDS})`,
    open: (watch, signal) => startDiscordBot(options, { watch, signal }),
    timing: connectionTiming(env.chatConnection),
    logger: shardLogger,
    onChange: reporter.changed,
  });
  connection.start();
  reporter.track(() => [connection.state]);
  // SIGTERM from the ShardingManager, or its process gone (the IPC channel closed).
  await Promise.race([stop.received, once(process, 'disconnect')]);
  exitAfter(STOP_DEADLINE_MS, shardLogger);
  await connection.stop();
  await reporter.stop();
  await core.close();
  // The IPC channel to the ShardingManager would keep the process alive.
  process.exit(0);
}

await runDiscordShard(process.argv);
