/**
 * Where a new delivery goes. To the outbox, as a rule; to the waiting items of a digest when its
 * channel (or member) is in digest mode, or when it follows up something that went into a digest
 * (a paper of last week's digest now published goes into the next digest, marked as an update,
 * whatever the channel's mode is now). A talk reminder has no place in a digest, which lists the
 * talks ahead: it is dropped there. Both sides ignore keys they already hold, so a poll that
 * queues the same delivery again queues nothing.
 */
import type { DigestRepository } from '../store/digest-repository.js';
import type { OutboxEntry, OutboxRepository } from '../store/outbox-repository.js';
import type { DeliveryChannel } from './chat-platform.js';

export class DeliveryQueue {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly digests: DigestRepository,
  ) {}

  /** Queues the entries each where it belongs; returns how many were new. */
  async enqueue(entries: readonly OutboxEntry[], channels: readonly DeliveryChannel[]): Promise<number> {
    if (entries.length === 0) return 0;
    const inDigestMode = new Set(
      channels.filter((channel) => channel.mode === 'digest').map((channel) => channel.id),
    );
    const originsInDigests = await this.digests.known(
      entries.flatMap((entry) => (entry.followUp ? [entry.followUp.of] : [])),
    );
    const forOutbox: OutboxEntry[] = [];
    const forDigests: OutboxEntry[] = [];
    for (const entry of entries) {
      const toDigest = entry.followUp
        ? originsInDigests.has(entry.followUp.of)
        : inDigestMode.has(entry.channelId);
      if (!toDigest) forOutbox.push(entry);
      else if (entry.announcement.event !== 'reminder') forDigests.push(entry);
    }
    const queued = await this.outbox.enqueue(forOutbox);
    const waiting = await this.digests.add(
      forDigests.flatMap(({ key, channelId, announcement, createdAt }) =>
        'record' in announcement ? [{ key, channelId, announcement, queuedAt: createdAt }] : [],
      ),
    );
    return queued.length + waiting.length;
  }

  /** Of these delivery keys, those posted, queued, waiting for a digest or in one. */
  async announced(keys: readonly string[]): Promise<Set<string>> {
    const [outbox, digests] = await Promise.all([this.outbox.postedOrQueued(keys), this.digests.known(keys)]);
    return new Set([...outbox, ...digests]);
  }
}
