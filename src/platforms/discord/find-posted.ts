/**
 * Finding a post again after an attempt whose outcome is unknown (a 5xx or timeout after Discord
 * may have acted, or a crash before the message id was stored). Discord's nonce deduplicates a
 * message only for a few minutes, and a forum post (`POST /channels/{id}/threads`) takes no nonce
 * at all, so before posting such a step again the poster looks for it:
 *
 * - a message (head, reply, notice): the bot's messages in the channel or thread since the
 *   delivery was queued, compared by what the message shows (text, embed title, URL and
 *   description, attachment names);
 * - a forum post: the guild's active threads, then the forum's archived ones, that the bot
 *   created in that forum since the delivery was queued, with the expected name; confirmed by
 *   the starter message (same id as the thread), compared as above.
 */
import { DiscordAPIError, type RawFile, type REST } from '@discordjs/rest';
import { DiscordSnowflake } from '@sapphire/snowflake';
import { type APIEmbed, type APIMessage, type APIThreadChannel, Routes } from 'discord-api-types/v10';
import type { DeliveryStep } from '../../announce/chat-platform.js';
import type { Logger } from '../../log.js';
import type { MessageBody } from './render-announcement.js';

/** Clocks differ: look back a little further than the delivery's queue time. */
const CLOCK_MARGIN_MS = 10 * 60_000;
/** Pages of 100 messages read at most; a channel this busy since the queue time is unusual. */
const MAX_PAGES = 10;

export type MessageMatch = (message: APIMessage) => boolean;

/** Discord ids grow with time: messages created since `queuedAt` (less a margin) have larger ids. */
export function earliestId(step: DeliveryStep): bigint {
  const since = Math.max(Date.parse(step.queuedAt) - CLOCK_MARGIN_MS, DiscordSnowflake.epochNumber);
  return DiscordSnowflake.generate({ timestamp: since, increment: 0n, processId: 0n, workerId: 0n });
}

/** True when a stored message shows what `body` and `files` would. */
export function sameMessage(body: MessageBody, files: readonly RawFile[] = []): MessageMatch {
  return (message) =>
    trimmed(message.content) === trimmed(body.content) &&
    sameEmbeds(message.embeds ?? [], body.embeds ?? []) &&
    sameNames(
      (message.attachments ?? []).map((attachment) => attachment.filename),
      files.map((file) => file.name),
    );
}

export class PostFinder {
  #botId: Promise<string> | undefined;

  constructor(
    private readonly rest: REST,
    private readonly logger: Logger,
  ) {}

  /** The bot's message in a channel or thread, since the delivery was queued, that `matches`. */
  async message(
    channelId: string,
    step: DeliveryStep,
    matches: MessageMatch,
  ): Promise<APIMessage | undefined> {
    const botId = await this.botId();
    return this.#unlessUnreadable(channelId, async () => {
      let after = earliestId(step);
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({ after: after.toString(), limit: '100' });
        const messages = (await this.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
        const found = messages.find((message) => message.author.id === botId && matches(message));
        if (found || messages.length < 100) return found;
        after = messages.reduce(
          (max, message) => (BigInt(message.id) > max ? BigInt(message.id) : max),
          after,
        );
      }
      return undefined;
    });
  }

  /** The bot's forum post named `name` in the forum, since the delivery was queued, whose starter `matches`. */
  async forumPost(
    forum: { id: string; guildId: string },
    name: string,
    step: DeliveryStep,
    matches: MessageMatch,
  ): Promise<APIThreadChannel | undefined> {
    const botId = await this.botId();
    const since = earliestId(step);
    const isCandidate = (thread: APIThreadChannel) =>
      thread.parent_id === forum.id &&
      thread.owner_id === botId &&
      thread.name === name &&
      BigInt(thread.id) > since;
    return this.#unlessUnreadable(forum.id, async () => {
      const active = (await this.rest.get(Routes.guildActiveThreads(forum.guildId))) as {
        threads: APIThreadChannel[];
      };
      const found = await this.#confirmed(active.threads.filter(isCandidate), matches);
      if (found) return found;
      // A post idle for its auto-archive duration (a day by default) is archived, not gone.
      const query = new URLSearchParams({ limit: '100' });
      const archived = (await this.rest.get(Routes.channelThreads(forum.id, 'public'), { query })) as {
        threads: APIThreadChannel[];
      };
      return this.#confirmed(archived.threads.filter(isCandidate), matches);
    });
  }

  async #confirmed(
    threads: APIThreadChannel[],
    matches: MessageMatch,
  ): Promise<APIThreadChannel | undefined> {
    for (const thread of threads) {
      // A forum post's starter message has the thread's id.
      const starter = (await this.rest
        .get(Routes.channelMessage(thread.id, thread.id))
        .catch((error: unknown) => {
          if (error instanceof DiscordAPIError && error.status === 404) return undefined;
          throw error;
        })) as APIMessage | undefined;
      if (starter && matches(starter)) return thread;
    }
    return undefined;
  }

  botId(): Promise<string> {
    this.#botId ??= (this.rest.get(Routes.user('@me')) as Promise<{ id: string }>).then(
      (user) => user.id,
      (error: unknown) => {
        this.#botId = undefined;
        throw error;
      },
    );
    return this.#botId;
  }

  /** Without Read Message History the lookup is impossible: post unchecked (the nonce still helps). */
  async #unlessUnreadable<T>(channelId: string, look: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await look();
    } catch (error) {
      if (!(error instanceof DiscordAPIError) || error.status !== 403) throw error;
      this.logger.warn(
        { channelId, err: error },
        'cannot read the channel to look for an earlier post; posting unchecked',
      );
      return undefined;
    }
  }
}

function trimmed(text: string | undefined | null): string {
  return (text ?? '').trim();
}

function sameEmbeds(found: readonly APIEmbed[], sent: readonly APIEmbed[]): boolean {
  return (
    found.length === sent.length &&
    sent.every(
      (embed, index) =>
        trimmed(found[index]?.title) === trimmed(embed.title) &&
        trimmed(found[index]?.description) === trimmed(embed.description) &&
        (found[index]?.url ?? '') === (embed.url ?? ''),
    )
  );
}

function sameNames(found: readonly string[], sent: readonly string[]): boolean {
  return found.length === sent.length && sent.every((name, index) => found[index] === name);
}
