/**
 * Posts what the outbox holds, one step at a time, writing progress after each step: the head's
 * message id as soon as the head is posted (before any reply), then the count of replies posted.
 * A restart resumes from the last written step, so nothing is posted twice or orphaned.
 *
 * Transient failures (5xx, timeouts, 429 after the library's own waiting) are retried later with
 * exponential backoff and jitter; permanent ones (unknown channel, missing access, bad token) end
 * the delivery with a receipt marked failed, a log line and a notice in the admin channel.
 */
import type { ChannelConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { FollowUp, OutboxEntry, OutboxRepository } from '../store/outbox-repository.js';
import type { ChatPlatform, MessageRef } from './chat-platform.js';

/** A follow-up whose original announcement is not posted yet: wait, it is no failure. */
class OriginalPending extends Error {}

/** This instance lost the leadership mid-run: stop posting, the new leader carries on. */
class NotLeader extends Error {}

export interface DeliveryWorkerOptions {
  outbox: OutboxRepository;
  channels: () => ReadonlyMap<string, ChannelConfig>;
  platformFor: (channel: ChannelConfig) => ChatPlatform;
  clock: () => Date;
  logger: Logger;
  /** Tells the admins (admin channel) about a delivery given up for good. */
  notifyAdmins: (text: string) => Promise<void>;
  /** Asked before each post: false once another instance leads (Redis); default always true. */
  mayDeliver?: () => boolean;
  /** First retry after this long, doubling each attempt, at most `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

export interface DeliveryReport {
  delivered: number;
  failed: number;
  deferred: number;
}

const DEFAULT_RETRY_BASE_MS = 5_000;
const DEFAULT_RETRY_MAX_MS = 60 * 60_000;

/** Errors platforms throw say whether retrying could help. */
export function isPermanentDeliveryError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

export class DeliveryWorker {
  #running: Promise<DeliveryReport> | undefined;

  constructor(private readonly options: DeliveryWorkerOptions) {}

  /** Delivers everything due; concurrent calls share one run. */
  run(): Promise<DeliveryReport> {
    this.#running ??= this.#runOnce().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #runOnce(): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, failed: 0, deferred: 0 };
    const now = this.options.clock();
    const due = (await this.options.outbox.pending()).filter(
      (entry) => !entry.notBefore || new Date(entry.notBefore) <= now,
    );
    // Channels in parallel (one slow or failing channel holds up no other), in order within each.
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const entry of due)
      byChannel.set(entry.channelId, [...(byChannel.get(entry.channelId) ?? []), entry]);
    await Promise.all([...byChannel.values()].map((entries) => this.#deliverInOrder(entries, report)));
    return report;
  }

  async #deliverInOrder(entries: OutboxEntry[], report: DeliveryReport): Promise<void> {
    for (const entry of entries) {
      const outcome = await this.#deliver(entry);
      report[outcome]++;
      // A channel that failed transiently keeps its order: later entries wait for the next run.
      if (outcome === 'deferred') break;
    }
  }

  async #deliver(entry: OutboxEntry): Promise<keyof DeliveryReport> {
    const channel = this.options.channels().get(entry.channelId);
    if (!channel) return this.#giveUp(entry, `channel "${entry.channelId}" is no longer configured`);
    const platform = this.options.platformFor(channel);
    try {
      if (entry.followUp) await this.#postFollowUp(entry, entry.followUp, channel, platform);
      else await this.#postSteps(entry, channel, platform);
      await this.options.outbox.complete(entry, this.options.clock());
      return 'delivered';
    } catch (error) {
      if (error instanceof OriginalPending || error instanceof NotLeader) return 'deferred';
      if (isPermanentDeliveryError(error)) return this.#giveUp(entry, (error as Error).message);
      await this.#defer(entry, error as Error);
      return 'deferred';
    }
  }

  async #postSteps(entry: OutboxEntry, channel: ChannelConfig, platform: ChatPlatform): Promise<void> {
    const { announcement } = entry;
    if (!entry.head) {
      // Written first: after a crash, the platform is told the head may already be out there.
      entry.headAttempted = true;
      await this.options.outbox.save(entry);
      this.#checkLeader();
      entry.head = await platform.postHead(channel, announcement, entry.key);
      await this.options.outbox.save(entry);
    }
    for (let index = entry.repliesPosted; index < announcement.replies.length; index++) {
      this.#checkLeader();
      await platform.postReply(channel, entry.head, announcement.replies[index]!, index);
      entry.repliesPosted = index + 1;
      await this.options.outbox.save(entry);
    }
  }

  /** Edits the original head if asked, then posts the replies in its thread, then the channel notice. */
  async #postFollowUp(
    entry: OutboxEntry,
    followUp: FollowUp,
    channel: ChannelConfig,
    platform: ChatPlatform,
  ): Promise<void> {
    const thread = await this.#originalThread(followUp);
    this.#checkLeader();
    if (followUp.editHead && !followUp.headEdited) {
      await platform.editHead?.(channel, thread, entry.announcement.head);
      followUp.headEdited = true;
      await this.options.outbox.save(entry);
    }
    const { replies } = entry.announcement;
    for (let index = entry.repliesPosted; index < replies.length; index++) {
      await platform.postReply(channel, thread, replies[index]!, index);
      entry.repliesPosted = index + 1;
      await this.options.outbox.save(entry);
    }
    if (followUp.channelNotice && !followUp.channelNoticePosted) {
      await platform.postNotice(channel, followUp.channelNotice);
      followUp.channelNoticePosted = true;
      await this.options.outbox.save(entry);
    }
    await platform.followUpDelivered?.(channel, entry.announcement);
  }

  #checkLeader(): void {
    if (this.options.mayDeliver && !this.options.mayDeliver()) throw new NotLeader();
  }

  async #originalThread(followUp: FollowUp): Promise<MessageRef> {
    const receipt = await this.options.outbox.receipt(followUp.of);
    if (receipt?.head && !receipt.failed) return receipt.head;
    if (!receipt && (await this.options.outbox.get(followUp.of))) throw new OriginalPending();
    throw Object.assign(new Error(`the announcement it follows (${followUp.of}) was never posted`), {
      permanent: true,
    });
  }

  async #defer(entry: OutboxEntry, error: Error): Promise<void> {
    entry.attempts += 1;
    entry.lastError = error.message;
    const base = this.options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    const backoff = Math.min(
      this.options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS,
      base * 2 ** (entry.attempts - 1),
    );
    const jitter = 0.8 + 0.4 * (this.options.random ?? Math.random)();
    entry.notBefore = new Date(this.options.clock().getTime() + backoff * jitter).toISOString();
    this.options.logger.warn(
      { delivery: entry.key, attempts: entry.attempts, retryAt: entry.notBefore, err: error },
      'delivery failed; will retry',
    );
    await this.options.outbox.save(entry);
  }

  async #giveUp(entry: OutboxEntry, reason: string): Promise<'failed'> {
    this.options.logger.error({ delivery: entry.key, reason }, 'delivery refused for good; not retrying');
    await this.options.outbox.complete(entry, this.options.clock(), reason);
    const title = entry.announcement.record.title;
    await this.options
      .notifyAdmins(`Could not post "${title}" to ${entry.channelId}: ${reason}. It will not be retried.`)
      .catch((error: Error) => this.options.logger.error({ err: error }, 'could not tell the admin channel'));
    return 'failed';
  }
}
