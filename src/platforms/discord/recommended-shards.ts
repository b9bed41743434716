/**
 * How many gateway shards Discord recommends for the bot (`DISCORD_SHARDS=auto`), asked of the
 * API the bot uses: GET /gateway/bot through @discordjs/rest with `DISCORD_API_URL` when set.
 * discord.js's own fetchRecommendedShardCount always asks discord.com, so a bot behind a proxy
 * (or under test) would ask the wrong place, or fail where only that proxy is reachable.
 */
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { DiscordLoginError } from './errors.js';
import { type DiscordRestTuning, restOptions } from './rest-poster.js';

export async function fetchRecommendedShards(
  options: DiscordRestTuning & { token: string; signal?: AbortSignal },
): Promise<number> {
  const rest = new REST({ ...restOptions(options), retries: options.retries ?? 1 }).setToken(options.token);
  try {
    const answer = (await rest.get(
      Routes.gatewayBot(),
      options.signal ? { signal: options.signal } : {},
    )) as {
      shards?: unknown;
    };
    const shards = answer.shards;
    if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1)
      throw new Error(`its answer names no shard count (shards: ${JSON.stringify(shards)})`);
    // Discord's figure as it is, as discord.js's default (1,000 guilds a shard) leaves it.
    return shards;
  } catch (error) {
    throw new DiscordLoginError(
      `could not ask Discord for the recommended number of shards (GET /gateway/bot): ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
