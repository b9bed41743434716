/**
 * The Discord gateway bot, for slash commands: a gateway client (intent Guilds only: slash
 * commands need no message content) that registers the slash commands when they changed and
 * answers them through the command service. One call is one connection attempt; kept-connection.ts
 * bounds it in time and retries it. Announcements never go through it (rest-poster.ts does).
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
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
}

/** A connected bot; `close()` destroys the client and every socket and thread it opened. */
export type DiscordBot = OpenLink;

/** Logs in, waits for READY, syncs the slash commands, and starts answering interactions. */
export async function startDiscordBot(
  options: DiscordBotOptions,
  control: AttemptControl = {},
): Promise<DiscordBot> {
  const { logger } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: restOptions(options),
    // destroy() then really ends the gateway connection, whatever state it is in.
    ws: { buildStrategy: (manager) => new StoppableShardingStrategy(manager) },
  });
  client.on(Events.InteractionCreate, createInteractionListener(options));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  let destroyed: Promise<void> | undefined;
  const close = () => {
    destroyed ??= client.destroy();
    return destroyed;
  };
  const { signal, watch } = control;
  const abort = () => void close();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.all([
      client.login(options.token),
      once(client, Events.ClientReady, signal ? { signal } : {}),
    ]);
  } catch (error) {
    await close();
    throw new DiscordLoginError(`could not log in to Discord: ${(error as Error).message}`, { cause: error });
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (watch) reportGatewayChanges(client, watch);
  const applicationId = client.application?.id ?? client.user?.id;
  logger.info({ user: client.user?.tag, applicationId }, 'discord bot ready');
  if (applicationId) await syncCommandsOrLog(client, applicationId, options);
  return { close };
}

/** discord.js resumes a dropped session by itself; it gives up only on a fatal close code. */
function reportGatewayChanges(client: Client, watch: LinkWatcher): void {
  client.on(Events.ShardReconnecting, () => watch.reconnecting('the gateway connection dropped'));
  client.on(Events.ShardResume, () => watch.restored());
  client.on(Events.ShardReady, () => watch.restored());
  client.on(Events.ShardDisconnect, (event) =>
    watch.lost(new DiscordLoginError(`the gateway closed the connection for good (code ${event.code})`)),
  );
}

/** A bot whose commands could not be registered can still answer, so this only logs. */
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
