/**
 * Which channels a record goes to: its kind, the channel's people (default: everyone watched)
 * and keywords; a member's direct messages, when one of their follows wants it.
 */
import { followsMatch } from '../follows/follow.js';
import type { HeraldRecord } from '../records/record.js';
import type { DeliveryChannel } from './chat-platform.js';

export function channelsFor(
  record: HeraldRecord,
  channels: readonly DeliveryChannel[],
  announceAll: boolean,
): DeliveryChannel[] {
  return channels.filter((channel) => passes(record, channel, announceAll));
}

function passes(record: HeraldRecord, channel: DeliveryChannel, announceAll: boolean): boolean {
  if (!channel.kinds.includes(record.kind)) return false;
  if (channel.direct) return followsMatch(record, channel.direct.follows ?? []);
  const people = channel.people;
  const forPeople = people
    ? record.people.some((id) => people.includes(id))
    : record.people.length > 0 || announceAll;
  return forPeople && matchesKeywords(record, channel.keywords);
}

function matchesKeywords(record: HeraldRecord, keywords: readonly string[]): boolean {
  if (keywords.length === 0) return true;
  const text = `${record.title}\n${record.abstract}`.toLowerCase();
  return keywords.some((keyword) => text.includes(keyword.toLowerCase()));
}
