/**
 * The channels deliveries are routed to: the config's channels, each in the mode `/channel digest`
 * last set for it (else the config's), and the direct messages of every member with follows that
 * are not paused. Read afresh at each cycle and tick, so a change made from the chat (by any
 * instance) counts from the next one.
 */
import type { ChannelConfig, HeraldConfig } from '../config/schema.js';
import { directChannelId, type Member, type MemberFollows, memberOfChannel } from '../follows/follow.js';
import type { ChannelModeOverride, DigestRepository } from '../store/digest-repository.js';
import type { FollowRepository } from '../store/follow-repository.js';
import type { DeliveryChannel } from './chat-platform.js';
import { parseDigestAt } from './digest/digest-schedule.js';

export async function deliveryChannels(
  config: HeraldConfig,
  store: { digests: DigestRepository; follows: FollowRepository },
): Promise<DeliveryChannel[]> {
  const [modes, members] = await Promise.all([store.digests.modes(), store.follows.members()]);
  return [
    ...config.channels.map((channel) => withMode(channel, modes.get(channel.id))),
    ...members.filter((member) => !member.pausedAt && member.follows.length > 0).map(directChannel),
  ];
}

/** A channel in the mode set from the chat; the config's schedule kept where it still fits. */
export function withMode(channel: ChannelConfig, override: ChannelModeOverride | undefined): ChannelConfig {
  if (!override) return channel;
  if (override.mode === 'instant') return { ...channel, mode: 'instant' };
  const every = override.every ?? channel.digest?.every ?? 'weekly';
  const at = channel.digest?.at;
  const keepsAt = at !== undefined && parseDigestAt(every, at).ok;
  return {
    ...channel,
    mode: 'digest',
    digest: { sendEmpty: channel.digest?.sendEmpty ?? false, every, ...(keepsAt ? { at } : {}) },
  };
}

/** A member's direct messages as a channel: all they follow, a weekly digest if they asked for one. */
export function directChannel(member: MemberFollows): DeliveryChannel {
  return {
    ...directDelivery(member),
    ...(member.digest ? { mode: 'digest' as const, digest: { every: member.digest, sendEmpty: false } } : {}),
    direct: { userId: member.userId, follows: member.follows.map((follow) => follow.target) },
  };
}

/** Enough of a member's direct messages to deliver what is queued for them (no routing). */
export function directDelivery(member: Member): DeliveryChannel {
  return {
    id: directChannelId(member),
    platform: member.platform,
    target: member.userId,
    kinds: ['paper', 'talk'],
    keywords: [],
    direct: { userId: member.userId },
  };
}

/** The delivery channel a `dm:<platform>:<user id>` id names, for the delivery worker. */
export function directChannelFor(channelId: string): DeliveryChannel | undefined {
  const member = memberOfChannel(channelId);
  return member ? directDelivery(member) : undefined;
}
