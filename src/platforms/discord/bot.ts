/**
 * The Discord gateway bot, for slash commands: a gateway client (@discordjs/core over
 * @discordjs/ws and @discordjs/rest rather than discord.js, whose caches and classes it would not
 * use; intent Guilds only: slash commands need no message content) that registers the slash
 * commands when they changed and answers them through the command service. One call is one
 * connection attempt; kept-connection.ts bounds it in time and retries it. Announcements never go
 * through it (rest-poster.ts does).
 */
import { Client } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import type { CommandService } from '../../commands/command.js';
import type { Logger } from '../../log.js';
import type { AttemptControl, LinkWatcher, OpenLink } from '../kept-connection.js';
import { DiscordLoginError } from './errors.js';
import { createInteractionListener } from './interaction-handler.js';
import { type DiscordRestTuning, restOptions } from './rest-poster.js';
import { syncSlashCommands } from './slash-commands.js';
import { StoppableShardingStrategy } from './stoppable-sharding.js';

export interface DiscordBotOptions extends DiscordRestTuning {
  token: string;
  /** Register commands in this guild (instant) instead of globally (`DISCORD_GUILD_ID`). */
  guildId?: string;
  adminRoleIds: string[];
  commands: CommandService;
  logger: Logger;
  /** Answer an interaction only when this claim of its id succeeds (several instances). */
  claim?: (interactionId: string) => Promise<boolean>;
  /** The shards this process runs, of how many (a shard process); default shard 0 of 1. */
  shards?: { ids: number[]; count: number };
}

/** A connected bot; `close()` destroys the client and every socket and thread it opened. */
export type DiscordBot = OpenLink;

/**
 * Close codes after which @discordjs/ws does not reconnect (a bad token, intents, shard or API
 * version): the connection is gone for good.
 */
const FATAL_CLOSE_CODES = new Set<number>([
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);

/** Connects to the gateway, waits for READY, syncs the slash commands, and starts answering interactions. */
export async function startDiscordBot(
  options: DiscordBotOptions,
  control: AttemptControl = {},
): Promise<DiscordBot> {
  const { logger } = options;
  const rest = new REST(restOptions(options)).setToken(options.token);
  const shards = options.shards ?? { ids: [0], count: 1 };
  const gateway = new WebSocketManager({
    token: options.token,
    intents: GatewayIntentBits.Guilds,
    rest,
    shardIds: shards.ids,
    shardCount: shards.count,
    // destroy() then really ends the gateway connection, whatever state it is in.
    buildStrategy: (manager) => new StoppableShardingStrategy(manager),
  });
  const client = new Client({ rest, gateway });
  const listener = createInteractionListener(options);
  client.on(
    GatewayDispatchEvents.InteractionCreate,
    ({ data, api }) => void listener(data, api.interactions),
  );
  gateway.on(WebSocketShardEvents.Error, (error) => logger.error({ err: error }, 'discord client error'));
  let closing = false;
  let destroyed: Promise<void> | undefined;
  const close = () => {
    closing = true;
    destroyed ??= Promise.resolve(gateway.destroy()).finally(() => {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    });
    return destroyed;
  };
  const { signal, watch } = control;
  const abort = () => void close();
  signal?.addEventListener('abort', abort, { once: true });
  // READY (of the first shard, when there are several) names the application and the bot.
  let ready: GatewayReadyDispatchData | undefined;
  gateway.on(WebSocketShardEvents.Ready, (data) => {
    ready ??= data;
  });
  try {
    // connect() resolves once every shard is READY, and fails when one is closed for good (a bad
    // token: its shard emits an error); it would wait on through our own abort.
    await Promise.race([gateway.connect(), rejectWhenAborted(signal)]);
  } catch (error) {
    await close();
    throw new DiscordLoginError(`could not log in to Discord: ${(error as Error).message}`, { cause: error });
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (watch) reportGatewayChanges(gateway, watch, () => closing);
  const applicationId = ready?.application.id;
  logger.info({ user: ready && userTag(ready.user), applicationId }, 'discord bot ready');
  if (applicationId) await syncCommandsOrLog(rest, applicationId, options);
  return { close };
}

function rejectWhenAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * @discordjs/ws resumes a dropped session by itself; it gives up only on a fatal close code. The
 * close of our own close() is neither.
 */
function reportGatewayChanges(gateway: WebSocketManager, watch: LinkWatcher, closing: () => boolean): void {
  gateway.on(WebSocketShardEvents.Closed, (code) => {
    if (closing()) return;
    if (FATAL_CLOSE_CODES.has(code))
      watch.lost(new DiscordLoginError(`the gateway closed the connection for good (code ${code})`));
    else watch.reconnecting('the gateway connection dropped');
  });
  gateway.on(WebSocketShardEvents.Resumed, () => watch.restored());
  gateway.on(WebSocketShardEvents.Ready, () => watch.restored());
}

/** `name#1234`, or the bare name of an account on Discord's new usernames (discriminator 0). */
function userTag(user: { username: string; discriminator: string }): string {
  return user.discriminator === '0' ? user.username : `${user.username}#${user.discriminator}`;
}

/** A bot whose commands could not be registered can still answer, so this only logs. */
async function syncCommandsOrLog(rest: REST, applicationId: string, options: DiscordBotOptions) {
  try {
    await syncSlashCommands(rest, {
      applicationId,
      logger: options.logger,
      ...(options.guildId ? { guildId: options.guildId } : {}),
    });
  } catch (error) {
    options.logger.error({ err: error }, 'could not register slash commands');
  }
}
