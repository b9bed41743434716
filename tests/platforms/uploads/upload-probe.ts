/**
 * Child process of uploads.e2e.test.ts: loads the modules that bring undici 7 (Bolt with Socket
 * Mode, our HttpClient) before or after @discordjs/rest, as the order given says, then posts a talk's
 * .ics and a long BibTeX through the real @discordjs/rest, and the same replies through the real Slack
 * WebClient. Prints one JSON line saying whether @discordjs/rest resolves our undici (one copy).
 */
import { createRequire } from 'node:module';
import type { Announcement } from '../../../src/announce/announcement.js';
import type { ChatPlatform } from '../../../src/announce/chat-platform.js';
import type { ChannelConfig } from '../../../src/config/schema.js';
import { silentLogger } from '../../../src/log.js';
import { stepOf } from '../../support/delivery-step.js';

const [order, discordApi, discordChannel, slackApi, slackChannel] = process.argv.slice(2);
if (!order || !discordApi || !discordChannel || !slackApi || !slackChannel)
  throw new Error('usage: ORDER DISCORD_API DISCORD_CHANNEL SLACK_API SLACK_CHANNEL');
const announcements: Announcement[] = JSON.parse(process.env.PROBE_ANNOUNCEMENTS ?? '[]');

async function loadUndici7Users(): Promise<void> {
  await import('@slack/bolt');
  await import('../../../src/net/http-client.js');
}

if (order === 'undici7-first') await loadUndici7Users();
const { createDiscordPoster } = await import('../../../src/platforms/discord/index.js');
const { createSlackPoster } = await import('../../../src/platforms/slack/index.js');
if (order === 'discord-first') await loadUndici7Users();

// package.json's overrides: @discordjs/rest imports the very undici our code imports.
const require = createRequire(import.meta.url);
const oneUndici =
  createRequire(require.resolve('@discordjs/rest')).resolve('undici') === require.resolve('undici');

const channel = (platform: 'discord' | 'slack', target: string): ChannelConfig => ({
  id: `probe-${platform}`,
  platform,
  target,
  kinds: ['paper', 'talk'],
  keywords: [],
});

const discord = createDiscordPoster({ token: 'probe', apiUrl: discordApi, logger: silentLogger, retries: 0 });
const slack = createSlackPoster({
  token: 'xoxb-probe',
  apiUrl: slackApi,
  logger: silentLogger,
  retryConfig: { retries: 0 },
  channelIntervalMs: 0,
});
async function deliver(platform: ChatPlatform, target: ChannelConfig, announcement: Announcement) {
  const ref = await platform.postHead(target, announcement, stepOf(announcement.key));
  for (const [index, reply] of announcement.replies.entries())
    await platform.postReply(target, ref, reply, index, stepOf(announcement.key));
}

try {
  for (const announcement of announcements) {
    await deliver(discord, channel('discord', discordChannel), announcement);
    await deliver(slack, channel('slack', slackChannel), announcement);
  }
  process.stdout.write(`${JSON.stringify({ order, oneUndici })}\n`);
} finally {
  await discord.close();
  await slack.close();
}
