/**
 * The Discord ChatPlatform over REST alone (@discordjs/rest): no gateway,
 * so `herald run --once` can post from cron or CI. The library queues requests per rate-limit
 * bucket and waits out 429s; it retries 5xx and timeouts only of posts Discord deduplicates (a
 * nonce with `enforce_nonce`). A step whose earlier attempt may have gone through is looked for
 * before it is posted again (find-posted.ts). A member's direct messages go to the DM channel
 * `POST /users/@me/channels` opens (or returns, when it exists); DMs have no threads, so a DM's
 * replies follow its head in the DM itself.
 */
import { createHash } from 'node:crypto';
import { type RawFile, REST, type RESTOptions } from '@discordjs/rest';
import { type APIChannel, type APIMessage, ChannelType, Routes } from 'discord-api-types/v10';
import type { Announcement, AnnouncementHead, ThreadReply } from '../../announce/announcement.js';
import type {
  ChatPlatform,
  DeliveryChannel,
  DeliveryStep,
  MessageRef,
  PostKind,
} from '../../announce/chat-platform.js';
import type { DigestAnnouncement } from '../../announce/digest/digest-model.js';
import type { Logger } from '../../log.js';
import { DiscordCodes, isDiscordApiError, toDeliveryError, toDirectDeliveryError } from './errors.js';
import { type MessageMatch, PostFinder, sameMessage } from './find-posted.js';
import { DISCORD_LIMITS, singleLine, truncateText } from './limits.js';
import { missingDiscordPermission } from './missing-permission.js';
import { type MessageBody, NO_MENTIONS, renderHeadMessage, renderThreadName } from './render-announcement.js';
import { renderDigestHead, renderDigestThreadName } from './render-digest.js';
import { renderNoticeText, renderThreadReply } from './render-thread-reply.js';
import { discordRequest, discordRestAgent } from './rest-request.js';

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

/**
 * Discord accepts a nonce of at most 25 characters; the delivery key can be longer, so hash it.
 * Each nonce names where the post goes too: Discord may compare nonces across a bot's channels.
 */
export function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

export function restOptions(tuning: DiscordRestTuning): Partial<RESTOptions> {
  return {
    agent: discordRestAgent(),
    makeRequest: discordRequest,
    // Accept the base with or without the version, so `.../api` and `.../api/v10` both work.
    ...(tuning.apiUrl ? { api: tuning.apiUrl.replace(/\/v\d+\/?$/, '').replace(/\/$/, '') } : {}),
    ...(tuning.retries !== undefined ? { retries: tuning.retries } : {}),
    ...(tuning.timeoutMs !== undefined ? { timeout: tuning.timeoutMs } : {}),
  };
}

/**
 * A REST-only poster. It has two REST clients: one that retries 5xx and timeouts (every post
 * through it carries a nonce, so a retried post returns the first message), and one that never
 * retries, for the one post without a nonce (a forum post): that is retried by the outbox, after
 * looking for the post.
 */
export function createDiscordPoster(options: DiscordPosterOptions): DiscordPoster {
  // Closing the poster (shutdown) ends a request Discord never answers, which would otherwise keep
  // the process alive for its timeout and retries. rest-request.ts does the sending.
  const closed = new AbortController();
  const makeRequest: RESTOptions['makeRequest'] = (url, init) =>
    discordRequest(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([init.signal, closed.signal]) : closed.signal,
    });
  const rest = new REST({ ...restOptions(options), makeRequest }).setToken(options.token);
  const once = new REST({ ...restOptions(options), makeRequest, retries: 0 }).setToken(options.token);
  return new DiscordPoster({ rest, once }, options.logger, () => {
    closed.abort();
    for (const client of [rest, once]) {
      client.clearHashSweeper();
      client.clearHandlerSweeper();
    }
  });
}

interface ChannelInfo {
  forum: boolean;
  guildId: string | undefined;
}

export class DiscordPoster implements ChatPlatform {
  readonly name = 'discord';
  /** Channel types never change, so one lookup per channel is enough. */
  private readonly channels = new Map<string, ChannelInfo>();
  /** A member's DM channel, by user id: opening it again returns the same one. */
  private readonly directChannels = new Map<string, Promise<string>>();
  private readonly rest: REST;
  /** No retries of its own: for posts Discord cannot deduplicate. */
  private readonly once: REST;
  private readonly finder: PostFinder;

  constructor(
    clients: { rest: REST; once: REST },
    private readonly logger: Logger,
    private readonly release: () => void = () => {},
  ) {
    this.rest = clients.rest;
    this.once = clients.once;
    this.finder = new PostFinder(clients.rest, logger);
  }

  postHead(channel: DeliveryChannel, announcement: Announcement, step: DeliveryStep): Promise<MessageRef> {
    return classified(channel, 'post announcement', () =>
      this.postStarter(
        channel,
        renderHeadMessage(announcement.head),
        renderThreadName(announcement.head),
        step,
      ),
    );
  }

  postDigestHead(
    channel: DeliveryChannel,
    digest: DigestAnnouncement,
    step: DeliveryStep,
  ): Promise<MessageRef> {
    // A digest with nothing in it ("nothing new this week") needs no thread.
    const threaded = digest.replies.length > 0;
    return classified(channel, 'post digest', () =>
      this.postStarter(channel, renderDigestHead(digest), renderDigestThreadName(digest), step, threaded),
    );
  }

  postReply(
    channel: DeliveryChannel,
    ref: MessageRef,
    reply: ThreadReply,
    index: number,
    step: DeliveryStep,
  ): Promise<void> {
    return classified(channel, `post reply ${index} (${reply.kind})`, async () => {
      const { body, files } = renderThreadReply(reply);
      if (await this.earlier(ref.threadId, step, sameMessage(body, files))) return;
      const nonce = nonceFor(`reply:${ref.threadId}:${step.deliveryKey}:${index}`);
      await this.post(ref.threadId, { ...body, nonce, enforce_nonce: true }, files);
    });
  }

  editHead(channel: DeliveryChannel, ref: MessageRef, head: AnnouncementHead): Promise<void> {
    return classified(channel, 'edit announcement', async () => {
      const { content, embeds } = renderHeadMessage(head);
      await this.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), {
        body: { content, embeds, allowed_mentions: NO_MENTIONS },
      });
    });
  }

  postNotice(channel: DeliveryChannel, text: string, step?: DeliveryStep): Promise<void> {
    return classified(channel, 'post notice', async () => {
      const body: MessageBody = { content: renderNoticeText(text), allowed_mentions: NO_MENTIONS };
      const target = await this.targetOf(channel);
      const info = channel.direct ? { forum: false, guildId: undefined } : await this.channelInfo(target);
      if (!info.forum) {
        if (step && (await this.earlier(target, step, sameMessage(body)))) return;
        const nonce = step
          ? { nonce: nonceFor(`notice:${target}:${step.deliveryKey}`), enforce_nonce: true }
          : {};
        return this.post(target, { ...body, ...nonce }, []);
      }
      const name = truncateText(singleLine(text), DISCORD_LIMITS.threadName) || 'Notice';
      if (step && (await this.earlierForumPost(target, info, name, step, sameMessage(body)))) return;
      await this.once.post(Routes.threads(target), { body: { name, message: body } });
    });
  }

  /**
   * Outside an interaction Discord has no message only one member sees: a message in the channel
   * that mentions the member, and pings them alone.
   */
  async tellMember(where: { channel: string; userId: string }, text: string): Promise<void> {
    await classified(undefined, 'tell a member', () =>
      this.post(
        where.channel,
        {
          content: truncateText(`<@${where.userId}> ${renderNoticeText(text)}`, DISCORD_LIMITS.content),
          allowed_mentions: { parse: [], users: [where.userId] },
        },
        [],
      ),
    );
  }

  whatIsMissing(error: unknown, post: PostKind): string | undefined {
    return missingDiscordPermission(error, post);
  }

  async close(): Promise<void> {
    this.release();
  }

  /**
   * The first message of a delivery (a head, a digest's head) and, unless `threaded` is false,
   * the thread its replies go in; in a forum, a post; in a member's DMs, the message alone.
   */
  private async postStarter(
    channel: DeliveryChannel,
    body: MessageBody,
    threadName: string,
    step: DeliveryStep,
    threaded = true,
  ): Promise<MessageRef> {
    const target = await this.targetOf(channel);
    const info = channel.direct ? { forum: false, guildId: undefined } : await this.channelInfo(target);
    if (info.forum) return this.postForumHead(target, info, body, threadName, step);
    const message =
      (await this.earlier(target, step, sameMessage(body))) ??
      // Same delivery key, same nonce: a retry after a lost response returns the first message.
      ((await this.rest.post(Routes.channelMessages(target), {
        body: { ...body, nonce: nonceFor(`head:${target}:${step.deliveryKey}`), enforce_nonce: true },
      })) as APIMessage);
    // DMs have no threads: the replies follow the head in the DM.
    const threadId =
      threaded && !channel.direct ? await this.startThread(target, message.id, threadName) : target;
    return { messageId: message.id, threadId, channelId: target, ...messageLink(info, target, message.id) };
  }

  /** Where a delivery channel's posts go: its channel id, or the member's DM channel. */
  private targetOf(channel: DeliveryChannel): Promise<string> {
    return channel.direct ? this.directChannel(channel.direct.userId) : Promise.resolve(channel.target);
  }

  private directChannel(userId: string): Promise<string> {
    let found = this.directChannels.get(userId);
    if (!found) {
      found = (
        this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<APIChannel>
      ).then((dm) => dm.id);
      found.catch(() => this.directChannels.delete(userId));
      this.directChannels.set(userId, found);
    }
    return found;
  }

  private async post(channelId: string, body: MessageBody, files: RawFile[]): Promise<void> {
    await this.rest.post(Routes.channelMessages(channelId), { body, ...(files.length > 0 ? { files } : {}) });
  }

  /** A step that may have been posted already: the message, if it is there. */
  private earlier(channelId: string, step: DeliveryStep, matches: MessageMatch) {
    return this.lookIfMaybePosted(step, channelId, () => this.finder.message(channelId, step, matches));
  }

  /** A forum post that may have been made already, if it is there. */
  private earlierForumPost(
    forumId: string,
    info: ChannelInfo,
    name: string,
    step: DeliveryStep,
    matches: MessageMatch,
  ) {
    const { guildId } = info;
    if (!guildId) return Promise.resolve(undefined);
    return this.lookIfMaybePosted(step, forumId, () =>
      this.finder.forumPost({ id: forumId, guildId }, name, step, matches),
    );
  }

  private async lookIfMaybePosted<T extends { id: string }>(
    step: DeliveryStep,
    channelId: string,
    look: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    if (!step.maybePosted) return undefined;
    const found = await look();
    if (found)
      this.logger.info(
        { channelId, found: found.id, delivery: step.deliveryKey },
        'already posted; not again',
      );
    return found;
  }

  /**
   * A forum post: a thread whose first message is the head; thread and message share one id.
   * Discord takes no nonce here, so it is sent once (no library retry) and, after an unknown
   * outcome, looked for before it is made again.
   */
  private async postForumHead(
    forumId: string,
    info: ChannelInfo,
    body: MessageBody,
    name: string,
    step: DeliveryStep,
  ): Promise<MessageRef> {
    const thread =
      (await this.earlierForumPost(forumId, info, name, step, sameMessage(body))) ??
      ((await this.once.post(Routes.threads(forumId), { body: { name, message: body } })) as APIChannel);
    return {
      messageId: thread.id,
      threadId: thread.id,
      channelId: thread.id,
      ...messageLink(info, thread.id, thread.id),
    };
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

  private async channelInfo(channelId: string): Promise<ChannelInfo> {
    let info = this.channels.get(channelId);
    if (!info) {
      const channel = (await this.rest.get(Routes.channel(channelId))) as APIChannel & { guild_id?: string };
      const forum = channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia;
      info = { forum, guildId: channel.guild_id };
      this.channels.set(channelId, info);
    }
    return info;
  }
}

/** `https://discord.com/channels/<guild>/<channel>/<message>`: the link Discord's "Copy Message Link" gives. */
function messageLink(info: ChannelInfo, channelId: string, messageId: string): { link?: string } {
  return info.guildId
    ? { link: `https://discord.com/channels/${info.guildId}/${channelId}/${messageId}` }
    : {};
}

/** Failures as delivery errors; in a member's DMs, those caused by the member say so. */
async function classified<T>(
  channel: DeliveryChannel | undefined,
  action: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw channel?.direct ? toDirectDeliveryError(error, action) : toDeliveryError(error, action);
  }
}
