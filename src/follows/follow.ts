/**
 * Personal follows: a member of the chat follows a watched person, a keyword or a talk series, and
 * gets a direct message for each new matching paper or talk (or a personal weekly digest). They
 * are stored per platform user id. A member's direct messages are a delivery channel of their own,
 * `dm:<platform>:<user id>`, so they go through the outbox like any channel's announcements.
 */
import type { HeraldRecord } from '../records/record.js';
import { feedSourceId } from '../sources/feeds/fetch-feed.js';

export type FollowPlatform = 'discord' | 'slack';

export const FOLLOW_PLATFORMS: readonly FollowPlatform[] = ['discord', 'slack'];

export type FollowTarget =
  | { kind: 'person'; personId: string }
  | { kind: 'keyword'; words: string }
  | { kind: 'talk-series'; feedId: string };

export interface Follow {
  target: FollowTarget;
  addedAt: string;
}

export interface Member {
  platform: FollowPlatform;
  userId: string;
}

export interface MemberFollows extends Member {
  follows: Follow[];
  /** `weekly`: the member gets one personal digest a week instead of a message per item. */
  digest?: 'weekly';
  /** The chat channel (platform id) where the member last used a follow command. */
  lastChannel?: string;
  /** Set when a direct message could not reach the member (DMs closed, left, blocked). */
  pausedAt?: string;
  pausedReason?: string;
  /** When the member was told of the pause (once). */
  toldAt?: string;
  updatedAt: string;
}

/** A member asked to follow someone the bot does not watch: a request the admins see. */
export interface WatchRequest extends Member {
  name: string;
  at: string;
  /** Set once the admin channel was told. */
  notifiedAt?: string;
}

/** At most this many follows per member. */
export const MAX_FOLLOWS = 50;

const DIRECT_PREFIX = 'dm:';

export { checkFollowKeyword, checkMemberText, MAX_KEYWORD_LENGTH } from '../records/validators.js';

export function memberKey(member: Member): string {
  return `${member.platform}:${member.userId}`;
}

/** The delivery channel of a member's direct messages. */
export function directChannelId(member: Member): string {
  return `${DIRECT_PREFIX}${member.platform}:${member.userId}`;
}

/** The member a `dm:<platform>:<user id>` channel id names, if it is one. */
export function memberOfChannel(channelId: string): Member | undefined {
  const match = /^dm:(discord|slack):(.+)$/.exec(channelId);
  return match ? { platform: match[1] as FollowPlatform, userId: match[2]! } : undefined;
}

export function isDirectChannelId(channelId: string): boolean {
  return channelId.startsWith(DIRECT_PREFIX);
}

/** How a follow is written in commands: a person id, `keyword:<words>`, `talk-series:<feed id>`. */
export function targetText(target: FollowTarget): string {
  switch (target.kind) {
    case 'person':
      return target.personId;
    case 'keyword':
      return `keyword:${target.words}`;
    case 'talk-series':
      return `talk-series:${target.feedId}`;
  }
}

export function sameTarget(a: FollowTarget, b: FollowTarget): boolean {
  return targetText(a).toLowerCase() === targetText(b).toLowerCase();
}

/** True when any of the follows wants the record: its person, its words, or its talk series. */
export function followsMatch(record: HeraldRecord, targets: readonly FollowTarget[]): boolean {
  return targets.some((target) => followMatches(record, target));
}

function followMatches(record: HeraldRecord, target: FollowTarget): boolean {
  switch (target.kind) {
    case 'person':
      return record.people.includes(target.personId);
    case 'keyword':
      return `${record.title}\n${record.abstract}`.toLowerCase().includes(target.words.toLowerCase());
    case 'talk-series':
      return record.kind === 'talk' && record.source === feedSourceId(target.feedId);
  }
}
