/**
 * Posting announcements to Slack through the Web API alone: no socket, no HTTP listener, so
 * `herald run --once` can use it. It paces posts per channel and makes every post of a delivery
 * idempotent.
 *
 * Slack has no idempotency key, and answers 5xx, `ok: false` (`internal_error`, `fatal_error`) or
 * nothing at all after it may have stored a message. So posts go through a client that never
 * retries by itself (only a 429, where Slack did nothing, is waited out and sent again), and every
 * post carries its delivery key in message metadata: a head `paper_herald_delivery {key}`, a reply
 * `paper_herald_reply {key, index}`, a follow-up's channel notice `paper_herald_notice {key}`.
 * Before posting a step again whose earlier attempt may have gone through, the poster reads the
 * channel (`conversations.history`) or the thread (`conversations.replies`) since the delivery was
 * queued, with `include_all_metadata`, and posts only if the key is not there. A member's direct
 * messages go to the IM channel `conversations.open` gives (the same one every time).
 */
import { ErrorCode, WebClient } from '@slack/web-api';
import Bottleneck from 'bottleneck';
import type { Announcement, AnnouncementHead, ThreadReply } from '../../announce/announcement.js';
import type {
  ChatPlatform,
  DeliveryChannel,
  DeliveryStep,
  MessageRef,
} from '../../announce/chat-platform.js';
import type { DigestAnnouncement } from '../../announce/digest/digest-model.js';
import type { SlackMessage } from './blocks.js';
import { postingClientOptions, type SlackClientSettings, slackClientOptions } from './client-options.js';
import { SlackDeliveryError, toDirectSlackError, toSlackDeliveryError } from './errors.js';
import { escapeText } from './escape.js';
import { cutAtWord, SLACK_LIMITS } from './limits.js';
import { missingSlackAccess } from './missing-access.js';
import { renderHead } from './render-announcement.js';
import { renderDigestHead } from './render-digest.js';
import { renderReply } from './render-reply.js';

export const DELIVERY_EVENT_TYPE = 'paper_herald_delivery';
export const REPLY_EVENT_TYPE = 'paper_herald_reply';
export const NOTICE_EVENT_TYPE = 'paper_herald_notice';

export interface SlackPosterOptions extends SlackClientSettings {
  token: string;
  /** Least time between two posts in one channel; Slack allows about one a second. */
  channelIntervalMs?: number;
  /** Messages per page of a lookup (Slack: at most 999, 200 recommended). */
  historyPageSize?: number;
}

export type SlackPoster = ChatPlatform & {
  /** The message of this delivery step in the channel (or thread), if Slack has it. */
  findPosted(where: PostedIn, metadata: Metadata, queuedAt: string): Promise<string | undefined>;
};

/** A channel's top level, or one thread of it. */
export interface PostedIn {
  channel: string;
  thread?: string;
}

interface Metadata {
  event_type: string;
  event_payload: Record<string, string | number>;
}

interface LookupMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/**
 * Lookup failures that must not block posting: a bot may post to a public channel it has not
 * joined (chat:write.public) yet not be allowed to read its history.
 */
const LOOKUP_NOT_POSSIBLE = new Set(['not_in_channel', 'missing_scope']);
/** Clocks differ: a lookup reads a little further back than the delivery's queue time. */
const CLOCK_MARGIN_S = 600;
const MAX_LOOKUP_PAGES = 10;
/** 429 answers waited out for one post before it is left to the outbox. */
const MAX_RATE_LIMIT_WAITS = 5;

export function createSlackPoster(options: SlackPosterOptions): SlackPoster {
  const logger = options.logger.child({ platform: 'slack' });
  // Reads and edits are safe to repeat: the configured retry policy. Posts are not: no retries.
  const reader = new WebClient(options.token, slackClientOptions({ ...options, logger }));
  const writer = new WebClient(options.token, postingClientOptions({ ...options, logger }));
  const pacer = createChannelPacer(options.channelIntervalMs ?? 1000);
  const pageSize = options.historyPageSize ?? 200;

  async function call<T>(method: string, channel: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toSlackDeliveryError(error, method, channel);
    }
  }

  /** Waits out a 429 (Slack did nothing) and sends again; anything else goes to the caller. */
  async function withRateLimitWaits<T>(run: () => Promise<T>): Promise<T> {
    for (let waits = 0; ; waits++) {
      try {
        return await run();
      } catch (error) {
        const { code, retryAfter } = (error ?? {}) as { code?: unknown; retryAfter?: unknown };
        if (code !== ErrorCode.RateLimitedError || waits >= MAX_RATE_LIMIT_WAITS) throw error;
        const seconds = typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : 1;
        logger.info({ retryAfter: seconds }, 'Slack rate-limited a post; waiting');
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    }
  }

  async function post(channel: string, message: SlackMessage, extra: Record<string, unknown>) {
    const result = await call('chat.postMessage', channel, () =>
      pacer.schedule(channel, () =>
        withRateLimitWaits(() =>
          writer.chat.postMessage({
            channel,
            text: message.text,
            ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
            unfurl_links: false,
            unfurl_media: false,
            ...extra,
          }),
        ),
      ),
    );
    if (!result.ts) throw new SlackDeliveryError(`Slack returned no ts for a post in ${channel}`, false);
    return { ts: result.ts, channel: result.channel ?? channel };
  }

  async function findPosted(where: PostedIn, metadata: Metadata, queuedAt: string) {
    const oldest = String(Math.max(0, Math.floor(Date.parse(queuedAt) / 1000) - CLOCK_MARGIN_S));
    const method = where.thread ? 'conversations.replies' : 'conversations.history';
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
      const args = {
        channel: where.channel,
        oldest,
        limit: pageSize,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      };
      const result = await call(method, where.channel, () =>
        where.thread
          ? reader.conversations.replies({ ...args, ts: where.thread })
          : reader.conversations.history(args),
      );
      const found = ((result.messages ?? []) as LookupMessage[]).find((message) =>
        carries(message, metadata),
      );
      if (found?.ts) return found.ts;
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  /**
   * For a step that may have been posted already: its ts if Slack has it. A channel whose history
   * the bot may not read is posted to unchecked, with a warning.
   */
  async function earlier(where: PostedIn, metadata: Metadata, step: DeliveryStep) {
    if (!step.maybePosted) return undefined;
    try {
      const ts = await findPosted(where, metadata, step.queuedAt);
      if (ts)
        logger.info({ channel: where.channel, ts, delivery: step.deliveryKey }, 'already posted; not again');
      return ts;
    } catch (error) {
      if (error instanceof SlackDeliveryError && LOOKUP_NOT_POSSIBLE.has(error.slackError ?? '')) {
        logger.warn(
          { channel: where.channel, slackError: error.slackError },
          'cannot read history; posting unchecked',
        );
        return undefined;
      }
      throw error;
    }
  }

  /** A member's IM channel with the bot, opened once (conversations.open returns the same one again). */
  const directChannels = new Map<string, Promise<string>>();
  function directChannel(userId: string): Promise<string> {
    let found = directChannels.get(userId);
    if (!found) {
      found = call('conversations.open', userId, () => reader.conversations.open({ users: userId })).then(
        (result) => {
          const id = result.channel?.id;
          if (!id) throw new SlackDeliveryError(`Slack opened no DM with ${userId}`, false);
          return id;
        },
      );
      found.catch(() => directChannels.delete(userId));
      directChannels.set(userId, found);
    }
    return found;
  }

  /** Where a delivery channel's posts go: its channel, or the member's IM with the bot. */
  function targetOf(channel: DeliveryChannel): Promise<string> {
    return channel.direct ? directChannel(channel.direct.userId) : Promise.resolve(channel.target);
  }

  /** In a member's DMs, refusals caused by the member are said to be so. */
  async function delivering<T>(channel: DeliveryChannel, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw channel.direct ? toDirectSlackError(error) : error;
    }
  }

  /** The first message of a delivery, carrying its key; replies go in its thread. */
  function postStarter(channel: DeliveryChannel, message: SlackMessage, step: DeliveryStep) {
    return delivering(channel, async (): Promise<MessageRef> => {
      const target = await targetOf(channel);
      const metadata = { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: step.deliveryKey } };
      const ts =
        (await earlier({ channel: target }, metadata, step)) ??
        (await post(target, message, { metadata })).ts;
      return { messageId: ts, threadId: target, channelId: target };
    });
  }

  return {
    name: 'slack',
    findPosted,

    postHead(channel: DeliveryChannel, announcement: Announcement, step: DeliveryStep): Promise<MessageRef> {
      return postStarter(channel, renderHead(announcement.head), step);
    },

    postDigestHead(channel: DeliveryChannel, digest: DigestAnnouncement, step: DeliveryStep) {
      return postStarter(channel, renderDigestHead(digest), step);
    },

    postReply(
      channel: DeliveryChannel,
      ref: MessageRef,
      reply: ThreadReply,
      index: number,
      step: DeliveryStep,
    ): Promise<void> {
      return delivering(channel, async () => {
        const metadata = { event_type: REPLY_EVENT_TYPE, event_payload: { key: step.deliveryKey, index } };
        if (await earlier({ channel: ref.threadId, thread: ref.messageId }, metadata, step)) return;
        await post(ref.threadId, renderReply(reply), { thread_ts: ref.messageId, metadata });
      });
    },

    editHead(channel: DeliveryChannel, ref: MessageRef, head: AnnouncementHead): Promise<void> {
      return delivering(channel, async () => {
        const message = renderHead(head);
        await call('chat.update', ref.channelId, () =>
          reader.chat.update({
            channel: ref.channelId,
            ts: ref.messageId,
            text: message.text,
            blocks: message.blocks,
          }),
        );
      });
    },

    postNotice(channel: DeliveryChannel, text: string, step?: DeliveryStep): Promise<void> {
      return delivering(channel, async () => {
        const target = await targetOf(channel);
        const escaped = cutAtWord(escapeText(text), SLACK_LIMITS.fallbackText);
        if (!step) return void (await post(target, { text: escaped, blocks: [] }, {}));
        const metadata = { event_type: NOTICE_EVENT_TYPE, event_payload: { key: step.deliveryKey } };
        if (await earlier({ channel: target }, metadata, step)) return;
        await post(target, { text: escaped, blocks: [] }, { metadata });
      });
    },

    /** An ephemeral message: only the member sees it, in the channel where they used the bot. */
    async tellMember(where: { channel: string; userId: string }, text: string): Promise<void> {
      await call('chat.postEphemeral', where.channel, () =>
        writer.chat.postEphemeral({
          channel: where.channel,
          user: where.userId,
          text: cutAtWord(escapeText(text), SLACK_LIMITS.sectionText),
        }),
      );
    },

    whatIsMissing: (error) => missingSlackAccess(error),

    close: () => pacer.close(),
  };
}

/** True when a looked-up message carries exactly this metadata. */
function carries(message: LookupMessage, metadata: Metadata): boolean {
  if (message.metadata?.event_type !== metadata.event_type) return false;
  const payload = message.metadata.event_payload ?? {};
  return Object.entries(metadata.event_payload).every(([key, value]) => payload[key] === value);
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
