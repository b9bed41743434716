/**
 * Connects the chat platforms whose tokens are set. `--once` posts through the REST/Web APIs
 * alone (no gateway, no socket, no listener); the long-running bot also answers slash commands.
 */
import type { CommandService } from '../commands/command.js';
import type { HeraldEnv } from '../config/env.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createDiscordPoster, startDiscordBot } from '../platforms/discord/index.js';
import type { PlatformRegistry } from '../platforms/platform-registry.js';
import { createSlackPoster, startSlackApp } from '../platforms/slack/index.js';
import type { Claim } from '../store/claims.js';
import { startDiscordShards } from './discord-sharding.js';

export interface ChatConnection {
  stop(): Promise<void>;
}

interface Context {
  env: HeraldEnv;
  configFile: string;
  config: HeraldConfig;
  logger: Logger;
  platforms: PlatformRegistry;
}

/** Posting only, for `herald run --once`. */
export function connectPosters({ env, config, logger, platforms }: Context): void {
  if (env.discordToken) {
    platforms.register(
      'discord',
      createDiscordPoster({ token: env.discordToken, apiUrl: env.discordApiUrl, logger }),
    );
  }
  if (env.slackBotToken) {
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
const INTERACTION_CLAIM_MS = 15 * 60_000;

/**
 * Posting and slash commands, for the long-running bot. A platform that cannot be connected at
 * start (unreachable, token refused) is logged and posted to through its REST/Web API alone, so
 * the other platforms and the announcements go on; its failures then reach the admin channel.
 */
export async function connectBots(
  context: Context,
  commands: CommandService,
  claim: Claim,
): Promise<ChatConnection[]> {
  const connections: ChatConnection[] = [];
  connectPosters(context);
  const { env, config, logger, platforms } = context;
  if (env.discordToken && env.discordShards) {
    const [token, shards] = [env.discordToken, env.discordShards];
    await connectOrLog('Discord', logger, async () => {
      connections.push(await startDiscordShards({ token, shards, configFile: context.configFile, logger }));
    });
  } else if (env.discordToken) {
    const token = env.discordToken;
    await connectOrLog('Discord', logger, async () => {
      const bot = await startDiscordBot({
        token,
        apiUrl: env.discordApiUrl,
        guildId: env.discordGuildId,
        adminRoleIds: config.discord.adminRoleIds,
        commands,
        logger,
        claim: (id) => claim(`discord-interaction:${id}`, INTERACTION_CLAIM_MS),
      });
      platforms.register('discord', bot.platform);
      connections.push(bot);
    });
  }
  if (env.slackBotToken) {
    const botToken = env.slackBotToken;
    await connectOrLog('Slack', logger, async () => {
      const app = await startSlackApp({
        botToken,
        appToken: env.slackAppToken,
        signingSecret: env.slackSigningSecret,
        port: env.slackPort,
        apiUrl: env.slackApiUrl,
        admins: config.slack.admins,
        channelIntervalMs: config.slack.postIntervalMs,
        commands,
        logger,
      });
      platforms.register('slack', app.platform);
      connections.push(app);
      logger.info({ mode: app.mode, port: app.port }, 'Slack app started');
    });
  }
  return connections;
}

async function connectOrLog(platform: string, logger: Logger, connect: () => Promise<void>): Promise<void> {
  try {
    await connect();
  } catch (error) {
    logger.error(
      { err: error },
      `${platform}: slash commands are off (${(error as Error).message}); announcements still go out through its API`,
    );
  }
}
