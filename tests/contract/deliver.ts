/**
 * Drives a platform adapter the way the delivery worker does, so the contract tests see every kind
 * of request it makes: a new announcement's head and replies, a follow-up's edit of the first head
 * and its replies in the same thread, and notices. Every other announcement is delivered as after
 * an unknown outcome (`maybePosted`), so the lookups a platform makes before re-posting are sent too.
 */
import type { Announcement } from '../../src/announce/announcement.js';
import type { ChatPlatform, MessageRef } from '../../src/announce/chat-platform.js';
import type { DigestAnnouncement } from '../../src/announce/digest/digest-model.js';
import type { ChannelConfig } from '../../src/config/schema.js';
import { stepOf } from '../support/delivery-step.js';

export async function deliverAll(
  platform: ChatPlatform,
  target: ChannelConfig,
  announcements: readonly Announcement[],
  notices: readonly string[],
): Promise<void> {
  const heads = new Map<string, MessageRef>();
  for (const [position, announcement] of announcements.entries()) {
    const first = heads.get(announcement.record.id);
    const step = stepOf(`${target.id}|${announcement.key}`, position % 2 === 1);
    const ref = first ?? (await platform.postHead(target, announcement, step));
    if (first) await platform.editHead?.(target, first, announcement.head);
    else heads.set(announcement.record.id, ref);
    for (const [index, reply] of announcement.replies.entries()) {
      await platform.postReply(target, ref, reply, index, step);
    }
  }
  for (const text of notices) await platform.postNotice(target, text);
}

/** Delivers digests as the worker does: the head, then every reply; every other one as after an unknown outcome. */
export async function deliverDigests(
  platform: ChatPlatform,
  target: ChannelConfig,
  digests: readonly DigestAnnouncement[],
): Promise<void> {
  for (const [position, digest] of digests.entries()) {
    const step = stepOf(`${target.id}|${digest.key}`, position % 2 === 1);
    const ref = await platform.postDigestHead(target, digest, step);
    for (const [index, reply] of digest.replies.entries()) {
      await platform.postReply(target, ref, reply, index, stepOf(step.deliveryKey, index % 2 === 1));
    }
  }
}
