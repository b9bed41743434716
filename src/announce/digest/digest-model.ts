/**
 * A digest, platform-free: one head ("This week: 4 papers, 2 talks") and a thread with one reply
 * per paper and the upcoming talks in lists, each list short enough for every platform, so that a
 * long digest is split across replies between items, never within one. A digest is one delivery:
 * one outbox entry, posted step by step like any announcement.
 */
import type { AnnouncementHead, NamedPerson, ThreadReply } from '../announcement.js';

/** What an item of an earlier digest became: published, or a talk moved or cancelled. */
export type DigestUpdate = 'published' | 'changed' | 'cancelled';

/**
 * One paper or talk in a digest. Papers: their venue; talks: when and where (as in a head, ISO
 * 8601 with offset).
 */
export interface DigestItem
  extends Partial<Pick<AnnouncementHead, 'venue' | 'start' | 'end' | 'allDay' | 'timezone' | 'location'>> {
  /** The record's id. */
  id: string;
  type: 'paper' | 'talk';
  /** Absent: new in this digest. Present: news of an item an earlier digest (or thread) had. */
  update?: DigestUpdate;
  /** What the update says ("Published in ...", "Moved to ..."). */
  note?: string;
  title: string;
  url: string;
  /** Authors or speakers, watched people marked. */
  people: NamedPerson[];
  /** Papers: ISO publication date. */
  published?: string;
}

/** Papers get a reply each; talks come in lists. */
export type DigestSection = 'paper' | 'talks';

/** A thread reply of a digest. */
export interface DigestReply {
  kind: 'digest';
  section: DigestSection;
  items: DigestItem[];
}

export interface DigestSummary {
  /** ISO: the period the digest covers, from the end of the last one sent. */
  from: string;
  to: string;
  papers: number;
  updates: number;
  talks: number;
  /** The head's text: "This week: 4 papers, 2 upcoming talks", or "Nothing new this week." */
  headline: string;
}

export interface DigestAnnouncement {
  kind: 'digest';
  /** `digest:<from>`: one per channel and period, stable across crashes. */
  key: string;
  channelId: string;
  event: 'digest';
  digest: DigestSummary;
  replies: ThreadReply[];
}

/** Every item of a digest, in thread order (the `--output jsonl` line lists them). */
export function digestItems(digest: DigestAnnouncement): DigestItem[] {
  return digest.replies.flatMap((reply) => (reply.kind === 'digest' ? reply.items : []));
}
