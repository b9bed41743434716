/**
 * The outbox: every (announcement, channel) delivery is written here before anything is posted,
 * and its progress (head posted, replies posted) is written after each step, so that a restart
 * resumes it without posting anything twice. A receipt is written before the entry is removed.
 * A delivery that cannot go out is held here (never dropped) until it is redelivered.
 */
import { type Deliverable, isDigest } from '../announce/announcement.js';
import type { MessageRef } from '../announce/chat-platform.js';
import { byCodeUnits } from '../code-unit-order.js';
import type { KeyValueStore } from './key-value-store.js';

export interface OutboxEntry {
  /** `<channelId>|<announcement key>`: also the key of its receipt. */
  key: string;
  channelId: string;
  /** An announcement of one record, or a digest. */
  announcement: Deliverable;
  createdAt: string;
  attempts: number;
  /** ISO time before which the worker leaves it alone (backoff). */
  notBefore?: string;
  /** Set before the first post: from then on, the step it stopped at may have reached the platform. */
  started?: boolean;
  /** Written by versions before `started`; means the same. */
  headAttempted?: boolean;
  head?: MessageRef;
  repliesPosted: number;
  lastError?: string;
  /** ISO time it was held: it no longer holds up its channel and waits for `herald redeliver`. */
  heldAt?: string;
  /** Why it waits without being tried (no token for its platform), as last seen by the worker. */
  waitingFor?: string;
  /** ISO time it was printed to the console in place of its platform (no chat token at all). */
  previewedAt?: string;
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
  /** The record announced, or the digest's key. */
  recordId: string;
  event: Deliverable['event'];
  head?: MessageRef;
  deliveredAt: string;
  /**
   * Written by versions that dropped refused deliveries (they are held now): the refusal. Such
   * receipts are turned back into held deliveries (src/app/legacy-refusals.ts).
   */
  failed?: string;
}

/** Which held deliveries to queue again: one by key, a channel's, or all. */
export type HeldSelector = { key: string } | { channelId: string } | 'all';

export function deliveryKey(channelId: string, announcementKey: string): string {
  return `${channelId}|${announcementKey}`;
}

/** A new, not yet attempted delivery of an announcement (in its channel's thread, for a follow-up). */
export function newOutboxEntry(announcement: Deliverable, now: Date, followUp?: FollowUp): OutboxEntry {
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
    return entries.sort((a, b) => byCodeUnits(a.createdAt, b.createdAt) || byCodeUnits(a.key, b.key));
  }

  get(key: string): Promise<OutboxEntry | undefined> {
    return this.outbox.get(key);
  }

  save(entry: OutboxEntry): Promise<void> {
    return this.outbox.set(entry.key, entry);
  }

  /** Ends a delivery the platform has: its receipt is written, then the entry removed. */
  async complete(entry: OutboxEntry, deliveredAt: Date): Promise<DeliveryReceipt> {
    const receipt: DeliveryReceipt = {
      key: entry.key,
      channelId: entry.channelId,
      recordId: isDigest(entry.announcement) ? entry.announcement.key : entry.announcement.record.id,
      event: entry.announcement.event,
      head: entry.head,
      deliveredAt: deliveredAt.toISOString(),
    };
    await this.receipts.set(entry.key, receipt);
    await this.outbox.delete(entry.key);
    return receipt;
  }

  receipt(key: string): Promise<DeliveryReceipt | undefined> {
    return this.receipts.get(key);
  }

  /** Held deliveries, oldest first. */
  async held(): Promise<OutboxEntry[]> {
    return (await this.pending()).filter((entry) => entry.heldAt !== undefined);
  }

  /** Queues held deliveries again, from their first attempt; returns those it queued. */
  async redeliver(selector: HeldSelector): Promise<OutboxEntry[]> {
    const chosen = (await this.held()).filter((entry) =>
      selector === 'all'
        ? true
        : 'key' in selector
          ? entry.key === selector.key
          : entry.channelId === selector.channelId,
    );
    for (const entry of chosen) {
      delete entry.heldAt;
      delete entry.notBefore;
      entry.attempts = 0;
    }
    await this.outbox.setMany(chosen.map((entry) => [entry.key, entry] as const));
    return chosen;
  }

  /**
   * Drops a delivery that cannot reach its recipient (a member who closed their direct messages):
   * no receipt, since nothing was posted; their follows are paused instead of it being held.
   */
  discard(entry: OutboxEntry): Promise<void> {
    return this.outbox.delete(entry.key);
  }

  /** Receipts of refusals recorded by versions that dropped them (see DeliveryReceipt.failed). */
  async *refusedReceipts(): AsyncIterable<DeliveryReceipt> {
    for await (const [, receipt] of this.receipts.entries()) if (receipt.failed) yield receipt;
  }

  /** Turns a refused receipt back into a (held) delivery: the entry is written before the receipt goes. */
  async restoreRefused(receipt: DeliveryReceipt, entry: OutboxEntry): Promise<void> {
    await this.outbox.set(entry.key, entry);
    await this.receipts.delete(receipt.key);
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
