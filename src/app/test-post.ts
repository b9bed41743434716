/**
 * `herald test-post <channel>`: posts a short test announcement to a configured channel through
 * the same posters the bot announces with (a head, its thread, a reply and a reply with a file:
 * every permission an announcement needs), deletes nothing, and when the platform refuses says
 * what the bot lacks: a Discord permission, a Slack scope or invitation. 0 when it was posted, 1
 * when it was not.
 */
import type { Announcement } from '../announce/announcement.js';
import type { ChatPlatform, DeliveryStep, MessageRef, PostKind } from '../announce/chat-platform.js';
import { isConsoleMode } from '../config/chat-tokens.js';
import { readEnv } from '../config/env.js';
import { loadConfig, resolveConfigPath } from '../config/load.js';
import type { ChannelConfig } from '../config/schema.js';
import { createLogger } from '../log.js';
import { ConsolePlatform } from '../platforms/console/console-platform.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import type { TalkRecord } from '../records/record.js';
import { composeTalkAnnouncement } from '../talks/compose-talk.js';
import { connectPosters } from './chat-platforms.js';
import { secretsOf } from './core.js';

export interface TestPostOptions {
  configPath?: string;
  channelId: string;
  now?: Date;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export async function testPost(options: TestPostOptions): Promise<number> {
  const out = options.out ?? ((text) => process.stdout.write(text));
  const err = options.err ?? ((text) => process.stderr.write(text));
  const env = readEnv();
  const logger = createLogger({ level: env.logLevel, secrets: secretsOf(env) });
  const configFile = resolveConfigPath(options.configPath, env);
  const { config } = await loadConfig(configFile, env);
  const channel = config.channels.find((candidate) => candidate.id === options.channelId);
  if (!channel) {
    const known = config.channels.map((candidate) => candidate.id).join(', ') || 'none is configured';
    err(`herald test-post: no channel has the id "${options.channelId}" (known: ${known})\n`);
    return 1;
  }
  const platforms = new PlatformRegistry(new ConsolePlatform('console'), { consoleMode: isConsoleMode(env) });
  try {
    await connectPosters({ env, config, logger, platforms, configFile });
    const choice = platforms.choose(channel);
    if (!('platform' in choice)) {
      err(`herald test-post: ${choice.missing}: nothing was posted to ${channel.id}\n`);
      return 1;
    }
    const now = options.now ?? new Date();
    const outcome = await post(choice.platform, channel, testAnnouncement(channel.id, now), now);
    if ('missing' in outcome) {
      err(
        `herald test-post: ${channel.platform} refused a post to ${channel.id} (${channel.target}): ${outcome.error}\n`,
      );
      if (outcome.missing) err(`The bot needs ${outcome.missing}.\n`);
      return 1;
    }
    out(
      `Posted a test announcement to ${channel.id} (${channel.platform} ${channel.target}): ${where(outcome.head)}. ` +
        'It took what every announcement takes: the message, its thread, a reply and a reply with a file. Nothing is deleted: remove it by hand.\n',
    );
    return 0;
  } finally {
    await platforms.closeAll();
  }
}

type Outcome = { head: MessageRef } | { missing: string | undefined; error: string };

/** Head, then each reply, as the delivery worker posts them; stops at the first refusal. */
async function post(
  platform: ChatPlatform,
  channel: ChannelConfig,
  announcement: Announcement,
  now: Date,
): Promise<Outcome> {
  const step: DeliveryStep = {
    deliveryKey: `${channel.id}|test-post@${now.toISOString()}`,
    queuedAt: now.toISOString(),
    maybePosted: false,
  };
  const refused = (error: unknown, kind: PostKind): Outcome => ({
    missing: platform.whatIsMissing?.(error, kind),
    error: (error as Error)?.message ?? String(error),
  });
  let head: MessageRef;
  try {
    head = await platform.postHead(channel, announcement, step);
  } catch (error) {
    return refused(error, 'head');
  }
  for (const [index, reply] of announcement.replies.entries()) {
    try {
      await platform.postReply(channel, head, reply, index, step);
    } catch (error) {
      return refused(error, reply.kind === 'calendar' ? 'file' : 'reply');
    }
  }
  return { head };
}

/** A talk an hour from now: its thread has a text reply and the event as an .ics file. */
function testAnnouncement(channelId: string, now: Date): Announcement {
  const start = new Date(now.getTime() + 60 * 60_000).toISOString();
  const end = new Date(now.getTime() + 2 * 60 * 60_000).toISOString();
  const talk: TalkRecord = {
    kind: 'talk',
    id: `test-post:${now.toISOString()}`,
    title: 'paper-herald test post',
    abstract:
      'Sent by `herald test-post` to check that the bot can post here: announcements look like this, with their details in a thread. Nothing was announced; delete it when you like.',
    url: 'https://arxiv.org/',
    links: {},
    people: [],
    source: 'test-post',
    published: start,
    speakers: [],
    start,
    end,
    status: 'confirmed',
  };
  return composeTalkAnnouncement(talk, { channelId, matchers: [], sourceLabel: 'herald test-post', now });
}

function where(head: MessageRef): string {
  return head.link ?? `message ${head.messageId} in ${head.channelId}`;
}
