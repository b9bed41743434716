/**
 * A ChatPlatform of our own (the port, not a chat library) that records what it is asked to
 * post and fails where a test says so: for testing the delivery worker's bookkeeping.
 */
import type { Announcement, AnnouncementHead, ThreadReply } from '../../src/announce/announcement.js';
import type { ChatPlatform, DeliveryStep, MessageRef } from '../../src/announce/chat-platform.js';
import { DeliveryError } from '../../src/announce/delivery-error.js';
import type { DigestAnnouncement } from '../../src/announce/digest/digest-model.js';
import type { ChannelConfig } from '../../src/config/schema.js';

export class PlatformFailure extends DeliveryError {
  constructor(message: string, permanent: boolean) {
    super('SCRIPTED_FAILURE', message, permanent);
  }
}

export interface Posted {
  channel: string;
  kind: 'head' | 'reply' | 'edit' | 'notice';
  key?: string;
  index?: number;
  text: string;
  /** What the worker said about the step: it may have been posted by an earlier attempt. */
  maybePosted?: boolean;
}

export class ScriptedPlatform implements ChatPlatform {
  readonly name = 'scripted';
  readonly posted: Posted[] = [];
  /** Failures to throw, consumed in order, by step name (`head`, `reply:1`, `notice`), or by
   *  channel and step (`lab:head`) to fail one channel only. */
  readonly failures = new Map<string, PlatformFailure[]>();
  #next = 0;

  failNext(step: string, failure: PlatformFailure): void {
    this.failures.set(step, [...(this.failures.get(step) ?? []), failure]);
  }

  #maybeFail(step: string, channelId: string): void {
    const failure = this.failures.get(`${channelId}:${step}`)?.shift() ?? this.failures.get(step)?.shift();
    if (failure) throw failure;
  }

  async postHead(
    channel: ChannelConfig,
    announcement: Announcement,
    step: DeliveryStep,
  ): Promise<MessageRef> {
    this.#maybeFail('head', channel.id);
    const { deliveryKey: key, maybePosted } = step;
    this.posted.push({ channel: channel.id, kind: 'head', key, text: announcement.head.title, maybePosted });
    const id = String(++this.#next);
    return { messageId: id, threadId: id, channelId: channel.id };
  }

  async postDigestHead(
    channel: ChannelConfig,
    digest: DigestAnnouncement,
    step: DeliveryStep,
  ): Promise<MessageRef> {
    this.#maybeFail('head', channel.id);
    const { deliveryKey: key, maybePosted } = step;
    this.posted.push({ channel: channel.id, kind: 'head', key, text: digest.digest.headline, maybePosted });
    const id = String(++this.#next);
    return { messageId: id, threadId: id, channelId: channel.id };
  }

  async postReply(
    channel: ChannelConfig,
    ref: MessageRef,
    reply: ThreadReply,
    index: number,
    step: DeliveryStep,
  ): Promise<void> {
    this.#maybeFail(`reply:${index}`, channel.id);
    const { maybePosted } = step;
    this.posted.push({
      channel: channel.id,
      kind: 'reply',
      key: ref.messageId,
      index,
      text: reply.kind,
      maybePosted,
    });
  }

  async editHead(channel: ChannelConfig, ref: MessageRef, head: AnnouncementHead): Promise<void> {
    this.posted.push({ channel: channel.id, kind: 'edit', key: ref.messageId, text: head.title });
  }

  async postNotice(channel: ChannelConfig, text: string, step?: DeliveryStep): Promise<void> {
    this.#maybeFail('notice', channel.id);
    this.posted.push({ channel: channel.id, kind: 'notice', text, maybePosted: step?.maybePosted });
  }

  async close(): Promise<void> {}
}
