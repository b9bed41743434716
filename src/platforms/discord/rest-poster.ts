/**
 * The Discord ChatPlatform over REST alone (@discordjs/rest, re-exported by discord.js): no gateway,
 * so `herald run --once` can post from cron or CI. The library queues requests per rate-limit
 * bucket, waits out 429s and retries 5xx and timeouts; this module only classifies what is left.
 */
import { createHash } from 'node:crypto';
import {
  type APIChannel,
  type APIMessage,
  ChannelType,
  type RawFile,
  REST,
  type RESTOptions,
  Routes,
} from 'discord.js';
import type { Announcement, AnnouncementHead, ThreadReply } from '../../announce/announcement.js';
import type { ChatPlatform, MessageRef } from '../../announce/chat-platform.js';
import type { ChannelConfig } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import { DiscordCodes, isDiscordApiError, toDeliveryError } from './errors.js';
import { DISCORD_LIMITS, singleLine, truncateText } from './limits.js';
import { type MessageBody, NO_MENTIONS, renderHeadMessage, renderThreadName } from './render-announcement.js';
import { renderNoticeText, renderThreadReply } from './render-thread-reply.js';

export interface DiscordRestTuning {
  /** Base URL of the API without the version (`DISCORD_API_URL`); default Discord's own. */
  apiUrl?: string;
  /** Retries of 5xx and timed-out requests, done by @discordjs/rest. Default 3. */
  retries?: number;
  /** Per-request timeout in ms. Default 15 000. */
  timeoutMs?: number;
}

export interface DiscordPosterOptions extends DiscordRestTuning {
  token: string;
  logger: Logger;
}

/** Discord accepts a nonce of at most 25 characters; the delivery key can be longer, so hash it. */
export function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

export function restOptions(tuning: DiscordRestTuning): Partial<RESTOptions> {
  return {
    // Accept the base with or without the version, so `.../api` and `.../api/v10` both work.
    ...(tuning.apiUrl ? { api: tuning.apiUrl.replace(/\/v\d+\/?$/, '').replace(/\/$/, '') } : {}),
    ...(tuning.retries !== undefined ? { retries: tuning.retries } : {}),
    ...(tuning.timeoutMs !== undefined ? { timeout: tuning.timeoutMs } : {}),
  };
}

/** A REST-only poster with its own REST client. */
export function createDiscordPoster(options: DiscordPosterOptions): ChatPlatform {
  // Requests through fetch with one more abort signal: closing the poster (shutdown) ends a
  // request Discord never answers, which would otherwise keep the process alive for its timeout
  // and retries.
  const closed = new AbortController();
  const makeRequest = (url: string, init: RequestInit) =>
    fetch(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, closed.signal]) : closed.signal,
    });
  const rest = new REST({ ...restOptions(options), makeRequest }).setToken(options.token);
  return new DiscordPoster(rest, options.logger, () => {
    closed.abort();
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
}

export class DiscordPoster implements ChatPlatform {
  readonly name = 'discord';
  /** Channel types never change, so one lookup per channel is enough. */
  private readonly channelTypes = new Map<string, ChannelType>();

  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
    private readonly release: () => void = () => {},
  ) {}

  postHead(channel: ChannelConfig, announcement: Announcement, deliveryKey: string): Promise<MessageRef> {
    return classified('post announcement', async () => {
      const body = renderHeadMessage(announcement.head);
      const threadName = renderThreadName(announcement.head);
      if (await this.isForum(channel.target)) return this.postForumHead(channel.target, body, threadName);
      // Same delivery key, same nonce: a retry after a lost response returns the first message.
      const message = (await this.rest.post(Routes.channelMessages(channel.target), {
        body: { ...body, nonce: nonceFor(`head:${deliveryKey}`), enforce_nonce: true },
      })) as APIMessage;
      const threadId = await this.startThread(channel.target, message.id, threadName);
      return { messageId: message.id, threadId, channelId: channel.target };
    });
  }

  postReply(_channel: ChannelConfig, ref: MessageRef, reply: ThreadReply, index: number): Promise<void> {
    return classified(`post reply ${index} (${reply.kind})`, async () => {
      const { body, files } = renderThreadReply(reply);
      await this.post(
        ref.threadId,
        { ...body, nonce: nonceFor(`reply:${ref.messageId}:${index}`), enforce_nonce: true },
        files,
      );
    });
  }

  editHead(_channel: ChannelConfig, ref: MessageRef, head: AnnouncementHead): Promise<void> {
    return classified('edit announcement', async () => {
      const { content, embeds } = renderHeadMessage(head);
      await this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), {
        body: { content, embeds, allowed_mentions: NO_MENTIONS },
      });
    });
  }

  postNotice(channel: ChannelConfig, text: string): Promise<void> {
    return classified('post notice', async () => {
      const body: MessageBody = { content: renderNoticeText(text), allowed_mentions: NO_MENTIONS };
      if (!(await this.isForum(channel.target))) return this.post(channel.target, body, []);
      const name = truncateText(singleLine(text), DISCORD_LIMITS.threadName) || 'Notice';
      await this.rest.post(Routes.threads(channel.target), { body: { name, message: body } });
    });
  }

  async close(): Promise<void> {
    this.release();
  }

  private async post(channelId: string, body: MessageBody, files: RawFile[]): Promise<void> {
    await this.rest.post(Routes.channelMessages(channelId), { body, ...(files.length > 0 ? { files } : {}) });
  }

  /** A forum post: a thread whose first message is the head; thread and message share one id. */
  private async postForumHead(forumId: string, body: MessageBody, name: string): Promise<MessageRef> {
    const thread = (await this.rest.post(Routes.threads(forumId), {
      body: { name, message: body },
    })) as APIChannel & {
      message?: APIMessage;
    };
    return { messageId: thread.message?.id ?? thread.id, threadId: thread.id, channelId: thread.id };
  }

  private async startThread(channelId: string, messageId: string, name: string): Promise<string> {
    try {
      const thread = (await this.rest.post(Routes.threads(channelId, messageId), {
        body: { name },
      })) as APIChannel;
      return thread.id;
    } catch (error) {
      // A retry after the thread was made: Discord gives a message's thread the message's id.
      if (!isDiscordApiError(error, DiscordCodes.threadAlreadyCreated)) throw error;
      this.logger.info({ channelId, messageId }, 'thread already exists, reusing it');
      return messageId;
    }
  }

  private async isForum(channelId: string): Promise<boolean> {
    let type = this.channelTypes.get(channelId);
    if (type === undefined) {
      type = ((await this.rest.get(Routes.channel(channelId))) as APIChannel).type;
      this.channelTypes.set(channelId, type);
    }
    return type === ChannelType.GuildForum || type === ChannelType.GuildMedia;
  }
}

async function classified<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toDeliveryError(error, action);
  }
}
