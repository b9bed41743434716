/**
 * Which channels a record goes to: its kind, the channel's people (default: everyone watched)
 * and keywords.
 */
import type { ChannelConfig } from '../config/schema.js';
import type { HeraldRecord } from '../records/record.js';

export function channelsFor(
  record: HeraldRecord,
  channels: readonly ChannelConfig[],
  announceAll: boolean,
): ChannelConfig[] {
  return channels.filter((channel) => passes(record, channel, announceAll));
}

function passes(record: HeraldRecord, channel: ChannelConfig, announceAll: boolean): boolean {
  if (!channel.kinds.includes(record.kind)) return false;
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
