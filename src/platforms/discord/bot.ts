/**
 * The Discord bot: a gateway client (intent Guilds only: slash commands need no message content)
 * that registers the slash commands when they changed, answers them through the command service,
 * and gives the delivery worker a REST poster of its own (rest-poster.ts).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { ChatPlatform } from '../../announce/chat-platform.js';
import type { CommandService } from '../../commands/command.js';
import type { Logger } from '../../log.js';
import { DiscordLoginError } from './errors.js';
import { createInteractionListener } from './interaction-handler.js';
import { createDiscordPoster, type DiscordRestTuning, restOptions } from './rest-poster.js';
import { syncSlashCommands } from './slash-commands.js';

export interface DiscordBotOptions extends DiscordRestTuning {
  token: string;
  /** Register commands in this guild (instant) instead of globally (`DISCORD_GUILD_ID`). */
  guildId?: string;
  adminRoleIds: string[];
  commands: CommandService;
  logger: Logger;
  /** How long to wait for READY after logging in. Default 60 s. */
  readyTimeoutMs?: number;
  /** Answer an interaction only when this claim of its id succeeds (several instances). */
  claim?: (interactionId: string) => Promise<boolean>;
}

export interface DiscordBot {
  platform: ChatPlatform;
  stop(): Promise<void>;
}

/** Logs in, waits for READY, syncs the slash commands, and starts answering interactions. */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { logger } = options;
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: restOptions(options) });
  client.on(Events.InteractionCreate, createInteractionListener(options));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));

  // READY can fail to come (gateway unreachable after a good REST login): give up rather than hang.
  const ready = once(client, Events.ClientReady, {
    signal: AbortSignal.timeout(options.readyTimeoutMs ?? 60_000),
  });
  try {
    await Promise.all([client.login(options.token), ready]);
  } catch (error) {
    await client.destroy();
    throw new DiscordLoginError(`could not log in to Discord: ${(error as Error).message}`, { cause: error });
  }
  const applicationId = client.application?.id ?? client.user?.id;
  logger.info({ user: client.user?.tag, applicationId }, 'discord bot ready');
  if (applicationId) await syncCommandsOrLog(client, applicationId, options);

  return {
    // A poster with REST clients of its own: posts without a nonce must not be retried blindly.
    platform: createDiscordPoster(options),
    stop: () => client.destroy(),
  };
}

/** A bot whose commands could not be registered can still announce, so this only logs. */
async function syncCommandsOrLog(client: Client, applicationId: string, options: DiscordBotOptions) {
  try {
    await syncSlashCommands(client.rest, {
      applicationId,
      logger: options.logger,
      ...(options.guildId ? { guildId: options.guildId } : {}),
    });
  } catch (error) {
    options.logger.error({ err: error }, 'could not register slash commands');
  }
}
