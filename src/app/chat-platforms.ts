/**
 * Connects the chat platforms whose tokens are set, and loads each platform's library only then:
 * a console-only run and the command line never load the Discord libraries or Bolt. Announcements go through
 * the REST/Web APIs from the start (`--once` uses nothing else); the connections that bring slash
 * commands (Discord's gateway, Slack's Socket Mode or HTTP receiver) are kept up in the background
 * and never hold up polling or delivery.
 */
import type { CommandService } from '../commands/command.js';
import type { HeraldEnv } from '../config/env.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { connectionTiming, KeptConnection, type OpenConnection } from '../platforms/kept-connection.js';
import type { PlatformRegistry } from '../platforms/platform-registry.js';
import type { Claim } from '../store/claims.js';
import type { ChatConnectionState } from '../store/connection-reports.js';

interface Context {
  env: HeraldEnv;
  configFile: string;
  config: HeraldConfig;
  logger: Logger;
  platforms: PlatformRegistry;
}

/** Posting through the REST/Web APIs: all `--once` needs, and how the bot announces. */
export async function connectPosters({ env, config, logger, platforms }: Context): Promise<void> {
  if (env.discordToken) {
    const { createDiscordPoster } = await import('../platforms/discord/index.js');
    platforms.register(
      'discord',
      createDiscordPoster({ token: env.discordToken, apiUrl: env.discordApiUrl, logger }),
    );
  }
  if (env.slackBotToken) {
    const { createSlackPoster } = await import('../platforms/slack/index.js');
    platforms.register(
      'slack',
      createSlackPoster({
        token: env.slackBotToken,
        apiUrl: env.slackApiUrl,
        logger,
        channelIntervalMs: config.slack.postIntervalMs,
      }),
    );
  }
}

/** An interaction is answered once across instances; Discord wants the answer within 15 minutes. */
export const INTERACTION_CLAIM_MS = 15 * 60_000;

/**
 * The slash-command connections, each started in the background and retried with backoff for the
 * life of the process. Returns once they are started, not connected.
 */
export async function startChatConnections(
  context: Context,
  commands: CommandService,
  claim: Claim,
  onChange: (state: ChatConnectionState) => void,
): Promise<KeptConnection[]> {
  const timing = connectionTiming(context.env.chatConnection);
  const openers = await chatConnectionOpeners(context, commands, claim);
  return openers.map(({ name, open }) => {
    const connection = new KeptConnection({ name, open, timing, logger: context.logger, onChange });
    connection.start();
    return connection;
  });
}

async function chatConnectionOpeners(
  { env, config, configFile, logger }: Context,
  commands: CommandService,
  claim: Claim,
): Promise<{ name: string; open: OpenConnection }[]> {
  const openers: { name: string; open: OpenConnection }[] = [];
  const { discordToken, discordShards, slackBotToken } = env;
  if (discordToken && discordShards) {
    const { startDiscordShards, parseShardCount } = await import('./discord-sharding.js');
    if (settingsAllow('Discord', logger, () => parseShardCount(discordShards)))
      openers.push({
        name: 'Discord shard processes',
        open: (watch, signal) =>
          startDiscordShards(
            { token: discordToken, shards: discordShards, configFile, logger, apiUrl: env.discordApiUrl },
            { watch, signal },
          ),
      });
  } else if (discordToken) {
    const { startDiscordBot } = await import('../platforms/discord/index.js');
    const options = {
      token: discordToken,
      apiUrl: env.discordApiUrl,
      guildId: env.discordGuildId,
      adminRoleIds: config.discord.adminRoleIds,
      commands,
      logger,
      claim: (id: string) => claim(`discord-interaction:${id}`, INTERACTION_CLAIM_MS),
    };
    openers.push({
      name: 'Discord gateway',
      open: (watch, signal) => startDiscordBot(options, { watch, signal }),
    });
  }
  if (slackBotToken) {
    const { startSlackApp, checkSlackAppSettings } = await import('../platforms/slack/index.js');
    const options = {
      botToken: slackBotToken,
      appToken: env.slackAppToken,
      signingSecret: env.slackSigningSecret,
      port: env.slackPort,
      apiUrl: env.slackApiUrl,
      admins: config.slack.admins,
      commands,
      logger,
    };
    if (settingsAllow('Slack', logger, () => checkSlackAppSettings(options)))
      openers.push({
        name: env.slackAppToken ? 'Slack Socket Mode' : 'Slack HTTP receiver',
        open: (watch, signal) => startSlackApp(options, { watch, signal }),
      });
  }
  return openers;
}

/** Settings no retry can fix are said once, and that connection is not attempted. */
function settingsAllow(platform: string, logger: Logger, check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch (error) {
    logger.error(
      { err: error },
      `${platform}: slash commands are off (${(error as Error).message}); announcements still go out`,
    );
    return false;
  }
}
