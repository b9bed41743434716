/**
 * Posting announcements to Slack through the Web API alone: no socket, no HTTP listener, so
 * `herald run --once` can use it. Retries and 429 are left to @slack/web-api (client-options.ts);
 * this module paces posts per channel and makes a retried head idempotent.
 *
 * Idempotence: Slack has no idempotency key, so every head carries message metadata
 * `{ event_type: 'paper_herald_delivery', event_payload: { key } }`, and postHead first reads the
 * channel's recent history for a head with that key (one conversations.history call) and returns
 * it instead of posting a second one. That covers a post whose outcome was unknown (timeout,
 * crash before the ts was stored).
 */
import { WebClient } from '@slack/web-api';
import Bottleneck from 'bottleneck';
import type { Announcement, AnnouncementHead, ThreadReply } from '../../announce/announcement.js';
import type { ChatPlatform, MessageRef } from '../../announce/chat-platform.js';
import type { ChannelConfig } from '../../config/schema.js';
import type { SlackMessage } from './blocks.js';
import { type SlackClientSettings, slackClientOptions } from './client-options.js';
import { SlackDeliveryError, toSlackDeliveryError } from './errors.js';
import { escapeText } from './escape.js';
import { cutAtWord, SLACK_LIMITS } from './limits.js';
import { renderHead } from './render-announcement.js';
import { renderReply } from './render-reply.js';

export const DELIVERY_EVENT_TYPE = 'paper_herald_delivery';
export const REPLY_EVENT_TYPE = 'paper_herald_reply';

export interface SlackPosterOptions extends SlackClientSettings {
  token: string;
  /** Least time between two posts in one channel; Slack allows about one a second. */
  channelIntervalMs?: number;
  /** How many of a channel's newest messages findPostedHead reads. */
  historyLimit?: number;
}

export type SlackPoster = ChatPlatform & {
  /** The head already posted for this delivery key in the channel's recent history, if any. */
  findPostedHead(channel: ChannelConfig, deliveryKey: string): Promise<MessageRef | undefined>;
};

/**
 * Lookup failures that must not block posting: a bot may post to a public channel it has not
 * joined (chat:write.public) yet not be allowed to read its history.
 */
const LOOKUP_NOT_POSSIBLE = new Set(['not_in_channel', 'missing_scope']);

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  const client = new WebClient(options.token, slackClientOptions(options));
  return createPosterFromClient(client, options);
}

/** Internal: the Bolt app hands in its own client so both share one retry policy and queue. */
export function createPosterFromClient(
  client: WebClient,
  options: Pick<SlackPosterOptions, 'logger' | 'channelIntervalMs' | 'historyLimit'>,
): SlackPoster {
  const logger = options.logger.child({ platform: 'slack' });
  const pacer = createChannelPacer(options.channelIntervalMs ?? 1000);
  const historyLimit = options.historyLimit ?? 100;

  async function call<T>(method: string, channel: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toSlackDeliveryError(error, method, channel);
    }
  }

  async function post(channel: string, message: SlackMessage, extra: Record<string, unknown>) {
    const result = await call('chat.postMessage', channel, () =>
      pacer.schedule(channel, () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
          unfurl_links: false,
          unfurl_media: false,
          ...extra,
        }),
      ),
    );
    if (!result.ts) throw new SlackDeliveryError(`Slack returned no ts for a post in ${channel}`, false);
    return { ts: result.ts, channel: result.channel ?? channel };
  }

  async function findPostedHead(
    channel: ChannelConfig,
    deliveryKey: string,
  ): Promise<MessageRef | undefined> {
    const result = await call('conversations.history', channel.target, () =>
      client.conversations.history({
        channel: channel.target,
        limit: historyLimit,
        include_all_metadata: true,
      }),
    );
    const messages = (result.messages ?? []) as HistoryMessage[];
    const found = messages.find(
      (message) =>
        message.metadata?.event_type === DELIVERY_EVENT_TYPE &&
        message.metadata.event_payload?.key === deliveryKey,
    );
    return found?.ts
      ? { messageId: found.ts, threadId: channel.target, channelId: channel.target }
      : undefined;
  }

  /** findPostedHead, except that a channel whose history cannot be read is treated as "not found". */
  async function lookUpBeforePosting(channel: ChannelConfig, deliveryKey: string) {
    try {
      return await findPostedHead(channel, deliveryKey);
    } catch (error) {
      if (error instanceof SlackDeliveryError && LOOKUP_NOT_POSSIBLE.has(error.slackError ?? '')) {
        logger.warn(
          { channel: channel.id, slackError: error.slackError },
          'cannot read history; posting unchecked',
        );
        return undefined;
      }
      throw error;
    }
  }

  return {
    name: 'slack',
    findPostedHead,

    async postHead(
      channel: ChannelConfig,
      announcement: Announcement,
      deliveryKey: string,
    ): Promise<MessageRef> {
      const existing = await lookUpBeforePosting(channel, deliveryKey);
      if (existing) {
        logger.info(
          { channel: channel.id, deliveryKey, ts: existing.messageId },
          'head already posted; reusing it',
        );
        return existing;
      }
      const metadata = { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKey } };
      const posted = await post(channel.target, renderHead(announcement.head), { metadata });
      return { messageId: posted.ts, threadId: posted.channel, channelId: posted.channel };
    },

    async postReply(
      _channel: ChannelConfig,
      ref: MessageRef,
      reply: ThreadReply,
      index: number,
    ): Promise<void> {
      // The metadata lets a later check find replies already posted under this head.
      const metadata = { event_type: REPLY_EVENT_TYPE, event_payload: { head: ref.messageId, index } };
      await post(ref.threadId, renderReply(reply), { thread_ts: ref.messageId, metadata });
    },

    async editHead(_channel: ChannelConfig, ref: MessageRef, head: AnnouncementHead): Promise<void> {
      const message = renderHead(head);
      await call('chat.update', ref.channelId, () =>
        client.chat.update({
          channel: ref.channelId,
          ts: ref.messageId,
          text: message.text,
          blocks: message.blocks,
        }),
      );
    },

    async postNotice(channel: ChannelConfig, text: string): Promise<void> {
      const escaped = cutAtWord(escapeText(text), SLACK_LIMITS.fallbackText);
      await post(channel.target, { text: escaped, blocks: [] }, {});
    },

    close: () => pacer.close(),
  };
}

/** One queue per channel: posts run one at a time, at least `intervalMs` apart. */
function createChannelPacer(intervalMs: number) {
  const limiters = new Map<string, Bottleneck>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  const limiterFor = (channel: string) => {
    let limiter = limiters.get(channel);
    if (!limiter) {
      limiter = new Bottleneck({ maxConcurrent: 1, minTime: intervalMs });
      limiters.set(channel, limiter);
    }
    return limiter;
  };
  return {
    schedule<T>(channel: string, task: () => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new SlackDeliveryError('the Slack poster is closed', false));
      const job = limiterFor(channel).schedule(task);
      pending.add(job);
      const forget = () => pending.delete(job);
      job.then(forget, forget);
      return job;
    },
    /** Refuses new posts and waits for those already queued (not for the pacing gap after them). */
    async close(): Promise<void> {
      closed = true;
      await Promise.allSettled([...pending]);
    },
  };
}
