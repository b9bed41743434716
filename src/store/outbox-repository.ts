/**
 * The outbox: every (announcement, channel) delivery is written here before anything is posted,
 * and its progress (head posted, replies posted) is written after each step, so that a restart
 * resumes it without posting anything twice. A receipt is written before the entry is removed.
 */
import type { Announcement } from '../announce/announcement.js';
import type { MessageRef } from '../announce/chat-platform.js';
import type { KeyValueStore } from './key-value-store.js';

export interface OutboxEntry {
  /** `<channelId>|<announcement key>`: also the key of its receipt. */
  key: string;
  channelId: string;
  announcement: Announcement;
  createdAt: string;
  attempts: number;
  /** ISO time before which the worker leaves it alone (backoff). */
  notBefore?: string;
  /** Set once a head post was attempted: its outcome may be unknown after a crash. */
  headAttempted?: boolean;
  head?: MessageRef;
  repliesPosted: number;
  lastError?: string;
  /** A follow-up (talk moved, cancelled, reminder) goes into the thread of an earlier delivery. */
  followUp?: FollowUp;
}

export interface FollowUp {
  /** Delivery key of the announcement whose thread this continues. */
  of: string;
  /** Rewrite the original head (new time or place, cancelled) where the platform can. */
  editHead: boolean;
  headEdited?: boolean;
  /** Also a short message in the channel itself (the 1-hour reminder). */
  channelNotice?: string;
  channelNoticePosted?: boolean;
}

export interface DeliveryReceipt {
  key: string;
  channelId: string;
  recordId: string;
  event: Announcement['event'];
  head?: MessageRef;
  deliveredAt: string;
  /** Set when the platform refused it for good (unknown channel, missing access): not retried. */
  failed?: string;
}

export function deliveryKey(channelId: string, announcementKey: string): string {
  return `${channelId}|${announcementKey}`;
}

/** A new, not yet attempted delivery of an announcement (in its channel's thread, for a follow-up). */
export function newOutboxEntry(announcement: Announcement, now: Date, followUp?: FollowUp): OutboxEntry {
  return {
    key: deliveryKey(announcement.channelId, announcement.key),
    channelId: announcement.channelId,
    announcement,
    createdAt: now.toISOString(),
    attempts: 0,
    repliesPosted: 0,
    ...(followUp ? { followUp } : {}),
  };
}

export class OutboxRepository {
  constructor(
    private readonly outbox: KeyValueStore<OutboxEntry>,
    private readonly receipts: KeyValueStore<DeliveryReceipt>,
  ) {}

  /** Queues deliveries that are neither queued nor done; returns those it queued. */
  async enqueue(entries: readonly OutboxEntry[]): Promise<OutboxEntry[]> {
    if (entries.length === 0) return [];
    const keys = entries.map((entry) => entry.key);
    const [queued, done] = await Promise.all([this.outbox.getMany(keys), this.receipts.getMany(keys)]);
    const fresh = entries.filter((_, index) => queued[index] === undefined && done[index] === undefined);
    await this.outbox.setMany(fresh.map((entry) => [entry.key, entry] as const));
    return fresh;
  }

  async pending(): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for await (const [, entry] of this.outbox.entries()) entries.push(entry);
    return entries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key));
  }

  get(key: string): Promise<OutboxEntry | undefined> {
    return this.outbox.get(key);
  }

  save(entry: OutboxEntry): Promise<void> {
    return this.outbox.set(entry.key, entry);
  }

  /** Ends a delivery: posted, or (with `failed`) refused for good. */
  async complete(entry: OutboxEntry, deliveredAt: Date, failed?: string): Promise<DeliveryReceipt> {
    const receipt: DeliveryReceipt = {
      key: entry.key,
      channelId: entry.channelId,
      recordId: entry.announcement.record.id,
      event: entry.announcement.event,
      head: entry.head,
      deliveredAt: deliveredAt.toISOString(),
      ...(failed ? { failed } : {}),
    };
    await this.receipts.set(entry.key, receipt);
    await this.outbox.delete(entry.key);
    return receipt;
  }

  receipt(key: string): Promise<DeliveryReceipt | undefined> {
    return this.receipts.get(key);
  }

  /** Of these delivery keys, those posted (not refused) or still queued: their threads exist or will. */
  async postedOrQueued(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const [queued, done] = await Promise.all([this.outbox.getMany(keys), this.receipts.getMany(keys)]);
    return new Set(
      keys.filter((_, index) => queued[index] !== undefined || (done[index] && !done[index]!.failed)),
    );
  }
}
