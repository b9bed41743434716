/**
 * The port every chat platform adapter implements. The delivery worker drives it step by step
 * (head, then each reply) so that progress can be stored between steps and nothing is posted twice.
 */
import type { ChannelConfig } from '../config/schema.js';
import type { Announcement, AnnouncementHead, ThreadReply } from './announcement.js';

/** Where a posted head lives, as the platform names it; stored so replies and edits find it. */
export interface MessageRef {
  /** Discord message id or Slack ts. */
  messageId: string;
  /** Discord thread id, Slack channel id: where replies go. */
  threadId: string;
  /** Channel the head was posted in (a forum post has its own channel). */
  channelId: string;
}

export interface ChatPlatform {
  readonly name: string;
  /**
   * Posts the head. `deliveryKey` is stable across retries of the same delivery, so a platform
   * can deduplicate a post whose outcome was unknown (Discord nonce, Slack message metadata).
   */
  postHead(channel: ChannelConfig, announcement: Announcement, deliveryKey: string): Promise<MessageRef>;
  /** Posts one reply in the head's thread. `index` is its position, stable across retries. */
  postReply(channel: ChannelConfig, ref: MessageRef, reply: ThreadReply, index: number): Promise<void>;
  /** Rewrites a head after a change (talk moved or cancelled). Platforms that cannot edit skip it. */
  editHead?(channel: ChannelConfig, ref: MessageRef, head: AnnouncementHead): Promise<void>;
  /** Told that a follow-up (talk changed, cancelled, reminder) went out: the console prints it whole. */
  followUpDelivered?(channel: ChannelConfig, announcement: Announcement): Promise<void>;
  /** Posts a short standalone message (admin notices, 1-hour talk reminders). */
  postNotice(channel: ChannelConfig, text: string): Promise<void>;
  close(): Promise<void>;
}
