/**
 * Which environment variable carries each chat platform's token, and which configured channels
 * cannot be posted to because theirs is not set. With no token at all the bot runs in console
 * mode (announcements printed, nothing recorded as posted); with some set, a channel whose
 * platform has none is named at start and by `herald check`, and its deliveries wait.
 */
import type { HeraldEnv } from './env.js';
import type { ChannelConfig, HeraldConfig, PlatformName } from './schema.js';

type ChatPlatformName = Exclude<PlatformName, 'console'>;

export const TOKEN_VARIABLES: Record<ChatPlatformName, string> = {
  discord: 'DISCORD_TOKEN',
  slack: 'SLACK_BOT_TOKEN',
};

export function hasToken(env: HeraldEnv, platform: ChatPlatformName): boolean {
  return platform === 'discord' ? env.discordToken !== undefined : env.slackBotToken !== undefined;
}

/** No chat token at all: announcements are printed to the console instead. */
export function isConsoleMode(env: HeraldEnv): boolean {
  return !hasToken(env, 'discord') && !hasToken(env, 'slack');
}

/** Why a channel of this platform cannot be posted to, e.g. "DISCORD_TOKEN is not set". */
export function missingTokenReason(platform: ChatPlatformName): string {
  return `${TOKEN_VARIABLES[platform]} is not set`;
}

/** Channels whose platform has no token while another platform's is set, as warnings. */
export function missingTokenWarnings(config: HeraldConfig, env: HeraldEnv): string[] {
  if (isConsoleMode(env)) return [];
  return config.channels
    .filter(
      (channel): channel is ChannelConfig & { platform: ChatPlatformName } => channel.platform !== 'console',
    )
    .filter((channel) => !hasToken(env, channel.platform))
    .map(
      (channel) =>
        `channel ${channel.id} is ${channel.platform} but ${TOKEN_VARIABLES[channel.platform]} is not set: its deliveries wait until it is`,
    );
}
