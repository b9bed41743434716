import type { DeliveryChannel } from '../announce/chat-platform.js';
import type { DeliveryQueue } from '../announce/delivery-queue.js';
import { channelsFor } from '../announce/route.js';
import { isDirectChannelId } from '../follows/follow.js';
import type { PersonMatcher } from '../records/person-names.js';
import type { TalkRecord } from '../records/record.js';
import { deliveryKey, newOutboxEntry, type OutboxEntry } from '../store/outbox-repository.js';
import {
  channelNoticeFor,
  composeTalkAnnouncement,
  composeTalkFollowUp,
  type TalkComposeContext,
  type TalkFollowUp,
} from './compose-talk.js';
import { isInAnnouncementWindow, remindersPassed } from './talk-rules.js';
import type { TalkState } from './talk-state.js';

export interface TalkSettings {
  announceAheadDays: number;
  /** Offsets before the start, in ms. */
  reminders: readonly number[];
  horizonDays: number;
}

/** What an announcement round knows: now, the channels, and the watched people's matchers. */
export interface AnnounceContext {
  now: Date;
  channels: readonly DeliveryChannel[];
  matchers: readonly PersonMatcher[];
}

/** A digest lists the talks of its next period: those it takes must be known a period ahead. */
const DIGEST_PERIOD_DAYS = { daily: 1, weekly: 7 } as const;

export class TalkAnnouncer {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly settings: TalkSettings,
  ) {}

  /**
   * Announces the talk in each matching channel it was not announced in yet, if it is news now.
   * A first announcement stands for the reminders already due: a talk first seen 23 hours ahead
   * gets its announcement, not an announcement and a "tomorrow" reminder at once.
   */
  async announceNew(talk: TalkRecord, state: TalkState, context: AnnounceContext): Promise<number> {
    const targets = channelsFor(talk, context.channels, state.announceAll).filter(
      (channel) =>
        state.announced[channel.id] === undefined &&
        isInAnnouncementWindow(talk, context.now, this.#aheadDays(channel)),
    );
    if (targets.length === 0) return 0;
    if (Object.keys(state.announced).length === 0) {
      const passed = remindersPassed(talk.start, this.settings.reminders, context.now);
      state.remindersDone = [...new Set([...state.remindersDone, ...passed])].sort((a, b) => a - b);
    }
    const announcements = targets.map((channel) =>
      composeTalkAnnouncement(talk, this.#composeContext(channel.id, state, context)),
    );
    const queued = await this.#enqueue(
      announcements.map((announcement) => newOutboxEntry(announcement, context.now)),
      context,
    );
    for (const announcement of announcements) {
      state.announced[announcement.channelId] = deliveryKey(announcement.channelId, announcement.key);
    }
    return queued;
  }

  /** A follow-up in the thread of every announcement of the talk in a channel still configured. */
  async followUp(
    talk: TalkRecord,
    state: TalkState,
    followUp: TalkFollowUp,
    context: AnnounceContext,
  ): Promise<number> {
    const configured = new Set(context.channels.map((channel) => channel.id));
    const entries: OutboxEntry[] = [];
    for (const [channelId, original] of Object.entries(state.announced)) {
      if (!configured.has(channelId)) continue;
      const announcement = composeTalkFollowUp(
        talk,
        followUp,
        this.#composeContext(channelId, state, context),
      );
      // In a member's DMs the reminder itself is the message: no second one beside it.
      const channelNotice =
        followUp.event === 'reminder' && !isDirectChannelId(channelId)
          ? channelNoticeFor(talk, followUp.offsetMs, context.now)
          : undefined;
      entries.push(
        newOutboxEntry(announcement, context.now, {
          of: original,
          // A reminder changes nothing in the head; a move or a cancellation does.
          editHead: followUp.event !== 'reminder',
          ...(channelNotice ? { channelNotice } : {}),
        }),
      );
    }
    return this.#enqueue(entries, context);
  }

  /** A digest channel takes talks at least its period ahead, whatever `announceAheadDays` says. */
  #aheadDays(channel: DeliveryChannel): number {
    const { announceAheadDays } = this.settings;
    if (channel.mode !== 'digest') return announceAheadDays;
    return Math.max(announceAheadDays, DIGEST_PERIOD_DAYS[channel.digest?.every ?? 'weekly']);
  }

  #composeContext(channelId: string, state: TalkState, context: AnnounceContext): TalkComposeContext {
    return { channelId, matchers: context.matchers, sourceLabel: state.sourceLabel, now: context.now };
  }

  #enqueue(entries: readonly OutboxEntry[], context: AnnounceContext): Promise<number> {
    return this.queue.enqueue(entries, context.channels);
  }
}
