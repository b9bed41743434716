/**
 * The deliveries part of /status: those held (with their error and how to post them again) and
 * those waiting for a chat token, per channel. Read from the outbox, so `herald status` in another
 * process sees what the running bot left there.
 */
import { deliverableTitle } from '../announce/announcement.js';
import type { OutboxEntry } from '../store/outbox-repository.js';
import type { ReplyItem } from './command.js';
import type { CommandContext } from './context.js';
import { formatInstant } from './format-instant.js';

/** Held deliveries named one by one; the rest are counted. */
const LISTED = 10;

export interface DeliveryStatus {
  /** `2 deliveries held, 3 waiting`, or undefined when none is either. */
  summary: string | undefined;
  items: ReplyItem[];
  data: { held: HeldDelivery[]; waiting: WaitingChannel[] };
}

interface HeldDelivery {
  key: string;
  channel: string;
  title: string;
  heldAt: string;
  error: string;
}

interface WaitingChannel {
  channel: string;
  reason: string;
  count: number;
  oldest: string;
}

export async function deliveryStatus(context: CommandContext): Promise<DeliveryStatus> {
  const pending = await context.store.outbox.pending();
  const held = pending.filter((entry) => entry.heldAt).map(heldDelivery);
  const waiting = waitingChannels(pending.filter((entry) => !entry.heldAt && entry.waitingFor));
  const when = (iso: string) => formatInstant(new Date(iso), context.config.timezone);
  const items: ReplyItem[] = [
    ...held.slice(0, LISTED).map((delivery) => ({
      title: `Held: "${delivery.title}" to ${delivery.channel}`,
      fields: [
        { name: 'Error', value: delivery.error },
        { name: 'Held since', value: when(delivery.heldAt) },
        { name: 'Post it again', value: `herald redeliver ${delivery.key}` },
      ],
    })),
    ...(held.length > LISTED
      ? [{ title: `and ${held.length - LISTED} more held: herald redeliver <channel|all>` }]
      : []),
    ...waiting.map((channel) => ({
      title: `Waiting: ${channel.count} ${channel.count === 1 ? 'delivery' : 'deliveries'} to ${channel.channel}`,
      fields: [
        { name: 'Why', value: channel.reason },
        { name: 'Oldest queued', value: when(channel.oldest) },
      ],
    })),
  ];
  const waitingCount = waiting.reduce((sum, channel) => sum + channel.count, 0);
  const parts = [
    ...(held.length > 0 ? [`${held.length} ${held.length === 1 ? 'delivery' : 'deliveries'} held`] : []),
    ...(waitingCount > 0 ? [`${waitingCount} waiting for a chat token`] : []),
  ];
  return { summary: parts.length > 0 ? parts.join(', ') : undefined, items, data: { held, waiting } };
}

function heldDelivery(entry: OutboxEntry): HeldDelivery {
  return {
    key: entry.key,
    channel: entry.channelId,
    title: deliverableTitle(entry.announcement),
    heldAt: entry.heldAt!,
    error: entry.lastError ?? 'unknown error',
  };
}

function waitingChannels(entries: OutboxEntry[]): WaitingChannel[] {
  const byChannel = new Map<string, WaitingChannel>();
  for (const entry of entries) {
    const known = byChannel.get(entry.channelId);
    if (known) known.count++;
    else
      byChannel.set(entry.channelId, {
        channel: entry.channelId,
        reason: entry.waitingFor!,
        count: 1,
        oldest: entry.createdAt,
      });
  }
  return [...byChannel.values()];
}
