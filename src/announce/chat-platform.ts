/**
 * The port every chat platform adapter implements. The delivery worker drives it step by step
 * (head, then each reply) so that progress can be stored between steps and nothing is posted twice.
 */
import type { ChannelConfig } from '../config/schema.js';
import type { FollowTarget } from '../follows/follow.js';
import type { Announcement, AnnouncementHead, ThreadReply } from './announcement.js';
import type { DigestAnnouncement } from './digest/digest-model.js';

/** A member's direct messages, as a delivery channel: `target` is the member's user id. */
export interface DirectRecipient {
  userId: string;
  /** What the member follows (routing only; platforms need the user id alone). */
  follows?: readonly FollowTarget[];
}

/** A configured channel, or a member's direct messages (`dm:<platform>:<user id>`). */
export type DeliveryChannel = ChannelConfig & { direct?: DirectRecipient };

/** Where a posted head lives, as the platform names it; stored so replies and edits find it. */
export interface MessageRef {
  /** Discord message id or Slack ts. */
  messageId: string;
  /** Discord thread id, Slack channel id: where replies go. */
  threadId: string;
  /** Channel the head was posted in (a forum post has its own channel). */
  channelId: string;
  /** A link people can open, where the platform makes one (Discord); for `herald explain`. */
  link?: string;
}

/**
 * Which step of which delivery a post is, so that a platform can make a retried post idempotent
 * (Discord nonce, Slack message metadata) and look for it before posting it again.
 */
export interface DeliveryStep {
  /** The delivery's key (`<channel>|<announcement key>`), stable across retries and restarts. */
  deliveryKey: string;
  /** ISO time the delivery was queued: nothing of it can have been posted before. */
  queuedAt: string;
  /**
   * True when an earlier attempt at this very step may have reached the platform (it failed with
   * an unknown outcome, or the process died during it): the platform looks before posting again.
   */
  maybePosted: boolean;
}

/**
 * Every method takes the channel as a DeliveryChannel: a member's direct messages (`direct`) are
 * opened by the platform (a DM channel, Slack's IM with the bot) before the first post there; a
 * direct message the member cannot receive throws RecipientUnreachableError.
 */
/** Which kind of post a refusal came from: the head, a reply in its thread, a reply with a file. */
export type PostKind = 'head' | 'reply' | 'file';

export interface ChatPlatform {
  readonly name: string;
  /** Posts the head; returns where it lives. */
  postHead(channel: DeliveryChannel, announcement: Announcement, step: DeliveryStep): Promise<MessageRef>;
  /** Posts a digest's head ("This week: ..."); its replies follow through postReply. */
  postDigestHead(
    channel: DeliveryChannel,
    digest: DigestAnnouncement,
    step: DeliveryStep,
  ): Promise<MessageRef>;
  /** Posts one reply in the head's thread. `index` is its position in the delivery's replies. */
  postReply(
    channel: DeliveryChannel,
    ref: MessageRef,
    reply: ThreadReply,
    index: number,
    step: DeliveryStep,
  ): Promise<void>;
  /** Rewrites a head after a change (talk moved or cancelled). Platforms that cannot edit skip it. */
  editHead?(channel: DeliveryChannel, ref: MessageRef, head: AnnouncementHead): Promise<void>;
  /** Told that a follow-up (talk changed, cancelled, reminder) went out: the console prints it whole. */
  followUpDelivered?(channel: DeliveryChannel, announcement: Announcement): Promise<void>;
  /**
   * Posts a short standalone message: an admin notice (no step: best effort), or the channel
   * notice of a follow-up such as a 1-hour talk reminder (a step of its delivery).
   */
  postNotice(channel: DeliveryChannel, text: string, step?: DeliveryStep): Promise<void>;
  /**
   * Tells one member something in a chat channel (its platform id) where they used the bot:
   * seen by them alone where the platform allows it outside a command (Slack), else a message
   * that mentions them (Discord). Best effort.
   */
  tellMember?(where: { channel: string; userId: string }, text: string): Promise<void>;
  /**
   * For a post the platform refused: what the bot lacks, in the platform's own words (a Discord
   * permission, a Slack scope, an invitation), or undefined when the error is no such refusal.
   */
  whatIsMissing?(error: unknown, post: PostKind): string | undefined;
  close(): Promise<void>;
}
