/**
 * Talks, wired once: the source for `kind: talk` feeds, the poll cycle's handler for what they
 * return, and the minute tick (window announcements, reminders). The composition root builds this
 * and hands the three parts to build-sources, the poll cycle and the scheduler.
 */
import Bottleneck from 'bottleneck';
import type { DeliveryChannel } from '../announce/chat-platform.js';
import { DeliveryQueue } from '../announce/delivery-queue.js';
import type { FeedConfig, HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { TalkResultHandler } from '../pipeline/poll-cycle.js';
import type { Fetcher } from '../sources/fetcher.js';
import type { Source } from '../sources/source.js';
import type { Store } from '../store/store.js';
import { TalkAnnouncer, type TalkSettings } from './talk-announcer.js';
import { TalkFeedSource } from './talk-feed-source.js';
import { type TalkState, TalkStateRepository } from './talk-state.js';
import { TalkTick } from './talk-tick.js';
import { TalkTracker } from './talk-tracker.js';

export interface TalkDependencies {
  config: HeraldConfig;
  store: Store;
  fetcher: Fetcher;
  clock: () => Date;
  logger: Logger;
  /** Where deliveries go; default the config's channels. */
  channels?: () => Promise<readonly DeliveryChannel[]>;
}

export interface Talks {
  talkSource(feed: FeedConfig): Source;
  handleTalks: TalkResultHandler;
  /** Every minute and after each cycle; returns how many deliveries it queued. */
  tick(): Promise<number>;
}

export function createTalks(deps: TalkDependencies): Talks {
  const { config, store, logger } = deps;
  // Read at each use, so a config reload applies.
  const settings: TalkSettings = {
    get announceAheadDays() {
      return config.talks.announceAheadDays;
    },
    get reminders() {
      return config.talks.reminders;
    },
    get horizonDays() {
      return config.talks.horizonDays;
    },
  };
  const states = new TalkStateRepository(store.backend.collection<TalkState>('talks'));
  const announcer = new TalkAnnouncer(new DeliveryQueue(store.outbox, store.digests), settings);
  const channels = deps.channels ?? (async () => config.channels);
  const lock = new Bottleneck({ maxConcurrent: 1 });
  const tracker = new TalkTracker({ records: store.records, states, announcer, settings, logger, lock });
  const tick = new TalkTick({
    config,
    store,
    states,
    announcer,
    settings,
    clock: deps.clock,
    logger,
    lock,
    channels,
  });
  return {
    talkSource: (feed) =>
      new TalkFeedSource(feed, deps.fetcher, {
        defaultTimezone: config.timezone,
        horizonDays: settings.horizonDays,
        fetchTimeoutMs: config.fetch.timeoutMs,
        logger,
      }),
    handleTalks: tracker.handle,
    tick: () => tick.run(),
  };
}

export { composeTalkAnnouncement, composeTalkFollowUp } from './compose-talk.js';
export { googleCalendarUrl, icsSnippet } from './talk-calendar.js';
export { talkRecordFrom, talkRecordId } from './talk-record.js';
export type { TalkState } from './talk-state.js';
