/**
 * For `herald explain`: where a record stands in each configured channel. Announced (when, and
 * the message), waiting (queued, retrying, waiting for a token), held (why), or not announced,
 * with a reason code and a sentence. What was decided when the record was first stored is read
 * from the record (`decision`), deliveries from the outbox and its receipts, the rest (filters,
 * a talk's window) is worked out from the config as it is now.
 */
import type { ChannelConfig, HeraldConfig } from '../config/schema.js';
import { namesakeSentence } from '../records/author-matches.js';
import type { HeraldRecord, SilentReason, TalkRecord } from '../records/record.js';
import type { NearMiss } from '../store/near-miss-repository.js';
import { type DeliveryReceipt, deliveryKey, type OutboxEntry } from '../store/outbox-repository.js';
import type { Store } from '../store/store.js';
import { isInAnnouncementWindow } from '../talks/talk-rules.js';
import type { TalkState } from '../talks/talk-state.js';

export type ChannelState = 'announced' | 'waiting' | 'held' | 'not-announced';

/** The documented reason codes (README, "How it decides"). */
export type ExplainReason =
  | 'posted'
  | 'digested'
  | 'in-digest'
  | 'queued'
  | 'retrying'
  | 'no-token'
  | 'held'
  | SilentReason
  | 'filtered-kind'
  | 'filtered-people'
  | 'filtered-keywords'
  | 'namesake'
  | 'not-relevant'
  | 'talk-not-due'
  | 'talk-over'
  | 'channel-added'
  | 'not-recorded'
  | 'unknown';

export interface ChannelExplanation {
  channel: string;
  state: ChannelState;
  reason: ExplainReason;
  /** One sentence for people. */
  text: string;
  /** When it was posted, queued or decided (ISO 8601). */
  at?: string;
  /** Where it was posted: a link where the platform gives one, else the message's ids. */
  message?: string;
}

export interface ChannelFacts {
  config: HeraldConfig;
  store: Store;
  now: Date;
  /** The talk's follow-up state, for a talk the bot follows. */
  talk?: TalkState;
}

/** A record the bot stored: its delivery in each channel, or why there is none. */
export async function explainStoredRecord(
  record: HeraldRecord,
  facts: ChannelFacts,
): Promise<ChannelExplanation[]> {
  const channels = facts.config.channels;
  const keys = channels.map(
    (channel) => facts.talk?.announced[channel.id] ?? deliveryKey(channel.id, record.id),
  );
  const [entries, receipts] = await Promise.all([
    Promise.all(keys.map((key) => facts.store.outbox.get(key))),
    Promise.all(keys.map((key) => facts.store.outbox.receipt(key))),
  ]);
  const places = await Promise.all(keys.map((key) => facts.store.digests.placeOf(key)));
  const digests = await Promise.all(
    places.map((place) =>
      place && 'digest' in place ? facts.store.outbox.receipt(place.digest) : undefined,
    ),
  );
  return channels.map((channel, index) => {
    const place = places[index];
    if (place) return inDigest(channel, place, digests[index]);
    const receipt = receipts[index];
    if (receipt && !receipt.failed) {
      return {
        channel: channel.id,
        state: 'announced' as const,
        reason: 'posted' as const,
        text: receipt.head ? `posted: ${messageOf(channel, receipt.head)}` : 'posted',
        at: receipt.deliveredAt,
        ...(receipt.head ? { message: messageOf(channel, receipt.head) } : {}),
      };
    }
    const entry = entries[index];
    if (entry) return pending(channel, entry, facts.now);
    return notAnnounced(channel, record, facts);
  });
}

/** An item of a digest channel: waiting for the next digest, or in one (posted, or on its way). */
function inDigest(
  channel: ChannelConfig,
  place: { waitingSince: string } | { digest: string; at: string },
  digest: DeliveryReceipt | undefined,
): ChannelExplanation {
  if ('waitingSince' in place)
    return {
      channel: channel.id,
      state: 'waiting',
      reason: 'in-digest',
      text: `waits for the channel's next digest (since ${place.waitingSince})`,
      at: place.waitingSince,
    };
  if (digest && !digest.failed)
    return {
      channel: channel.id,
      state: 'announced',
      reason: 'digested',
      text: digest.head ? `in the digest ${messageOf(channel, digest.head)}` : 'in a digest',
      at: digest.deliveredAt,
      ...(digest.head ? { message: messageOf(channel, digest.head) } : {}),
    };
  return {
    channel: channel.id,
    state: 'waiting',
    reason: 'in-digest',
    text: `in the digest ${place.digest}, queued ${place.at}: see \`herald status\` for its delivery`,
    at: place.at,
  };
}

/** A paper never stored because its only look-alike author is a namesake. */
export function explainNearMiss(note: NearMiss, config: HeraldConfig): ChannelExplanation[] {
  const text = `not stored: ${note.namesakes.map(namesakeSentence).join('; ')}`;
  return config.channels.map((channel) => ({
    channel: channel.id,
    state: 'not-announced' as const,
    reason: 'namesake' as const,
    text,
    at: note.at,
  }));
}

/** Something the bot has never seen (or never kept: it concerned nobody watched). */
export function explainUnknown(config: HeraldConfig): ChannelExplanation[] {
  return config.channels.map((channel) => ({
    channel: channel.id,
    state: 'not-announced' as const,
    reason: 'unknown' as const,
    text: 'the bot has no record of it: no source reported it, or it named nobody watched',
  }));
}

function pending(channel: ChannelConfig, entry: OutboxEntry, now: Date): ChannelExplanation {
  const explained = (state: ChannelState, reason: ExplainReason, text: string): ChannelExplanation => ({
    channel: channel.id,
    state,
    reason,
    text,
    at: entry.createdAt,
  });
  if (entry.heldAt) {
    const why = entry.lastError ?? 'refused';
    return explained(
      'held',
      'held',
      `held since ${entry.heldAt}: ${why}; \`herald redeliver ${entry.key}\` queues it again`,
    );
  }
  if (entry.waitingFor)
    return explained(
      'waiting',
      'no-token',
      `waits until ${entry.waitingFor.replace(/ is not set$/, ' is set')}`,
    );
  if (entry.attempts > 0) {
    const next =
      entry.notBefore && Date.parse(entry.notBefore) > now.getTime()
        ? `next attempt ${entry.notBefore}`
        : 'tried again at the next delivery run';
    const times = `${entry.attempts} time${entry.attempts === 1 ? '' : 's'}`;
    return explained(
      'waiting',
      'retrying',
      `failed ${times} (${entry.lastError ?? 'no error kept'}); ${next}`,
    );
  }
  return explained(
    'waiting',
    'queued',
    `queued ${entry.createdAt}; posted at the next delivery run (within a minute)`,
  );
}

function notAnnounced(channel: ChannelConfig, record: HeraldRecord, facts: ChannelFacts): ChannelExplanation {
  const { reason, text } = whyNot(channel, record, facts);
  const at = record.decision?.at;
  return { channel: channel.id, state: 'not-announced', reason, text, ...(at ? { at } : {}) };
}

const SILENT_TEXT: Readonly<Record<SilentReason, string>> = {
  'first-sight':
    'recorded silently when its source or its people were first polled (what was there before is not news; `backfill` announces the newest few)',
  'known-version': 'a later version of a paper already known: never news',
  'before-watch':
    'dated long before it was found (more than 180 days): an old paper indexed late, from before the watch',
};

function whyNot(
  channel: ChannelConfig,
  record: HeraldRecord,
  facts: ChannelFacts,
): { reason: ExplainReason; text: string } {
  const filtered = channelFilter(channel, record, facts.config);
  if (filtered) return filtered;
  const silent = record.decision?.silent;
  if (silent) return { reason: silent, text: SILENT_TEXT[silent] };
  if (record.kind === 'talk') return talkWindow(record, facts);
  if (record.decision) {
    return {
      reason: 'channel-added',
      text: `announced when first stored (${record.decision.at}) to the channels configured then; this one was not among them`,
    };
  }
  return {
    reason: 'not-recorded',
    text: 'stored by a version that did not record its decisions: first sight, most likely',
  };
}

/** The channel's own filters, in the order the router applies them. */
function channelFilter(
  channel: ChannelConfig,
  record: HeraldRecord,
  config: HeraldConfig,
): { reason: ExplainReason; text: string } | undefined {
  if (!channel.kinds.includes(record.kind))
    return { reason: 'filtered-kind', text: `the channel takes ${channel.kinds.join(' and ')}s only` };
  const announceAll = config.feeds.some((feed) => `feed:${feed.id}` === record.source && feed.announceAll);
  if (channel.people && !record.people.some((id) => channel.people!.includes(id))) {
    return {
      reason: 'filtered-people',
      text: `the channel takes ${channel.people.join(', ')} only; this is ${record.people.join(', ') || 'nobody watched'}`,
    };
  }
  if (!channel.people && record.people.length === 0 && !announceAll)
    return { reason: 'not-relevant', text: 'names nobody watched' };
  if (channel.keywords.length > 0) {
    const text = `${record.title}\n${record.abstract}`.toLowerCase();
    if (!channel.keywords.some((keyword) => text.includes(keyword.toLowerCase())))
      return {
        reason: 'filtered-keywords',
        text: `neither title nor abstract has any of the channel's keywords (${channel.keywords.join(', ')})`,
      };
  }
  return undefined;
}

function talkWindow(talk: TalkRecord, facts: ChannelFacts): { reason: ExplainReason; text: string } {
  const aheadDays = facts.config.talks.announceAheadDays;
  const start = Date.parse(talk.start);
  if (isInAnnouncementWindow(talk, facts.now, aheadDays))
    return { reason: 'talk-not-due', text: 'due now: announced at the next one-minute tick' };
  if (talk.status === 'confirmed' && start > facts.now.getTime()) {
    const from = new Date(start - aheadDays * 24 * 60 * 60_000).toISOString();
    return { reason: 'talk-not-due', text: `announced ${aheadDays} days before it starts, from ${from}` };
  }
  return {
    reason: 'talk-over',
    text:
      talk.status === 'cancelled'
        ? 'cancelled before it was announced'
        : 'it had started before it could be announced',
  };
}

/** The posted head: its link where the platform gave one, else its ids. */
function messageOf(
  channel: ChannelConfig,
  head: { messageId: string; channelId: string; link?: string },
): string {
  if (head.link) return head.link;
  if (channel.platform === 'slack') return `channel ${head.channelId}, ts ${head.messageId}`;
  if (channel.platform === 'discord') return `channel ${head.channelId}, message ${head.messageId}`;
  return `printed to the console (#${head.messageId})`;
}
