/**
 * The minute tick of talks (run every minute and after each cycle): announces stored talks that
 * have entered their announcement window since the last poll, sends each reminder once into the
 * threads (the state says which are done, so a restart sends none twice), and forgets talks long
 * over.
 */
import type Bottleneck from 'bottleneck';
import type { DeliveryChannel } from '../announce/chat-platform.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { isTalk, type TalkRecord } from '../records/record.js';
import { buildWatchlist, matchRecordPeople, type Watchlist } from '../records/watchlist.js';
import type { Store } from '../store/store.js';
import type { AnnounceContext, TalkAnnouncer, TalkSettings } from './talk-announcer.js';
import { dueReminder, hasStarted, isLongOver } from './talk-rules.js';
import type { TalkState, TalkStateRepository } from './talk-state.js';

export interface TalkTickDependencies {
  config: HeraldConfig;
  store: Store;
  states: TalkStateRepository;
  announcer: TalkAnnouncer;
  settings: TalkSettings;
  clock: () => Date;
  logger: Logger;
  /** Shared with the tracker: one talk round at a time. */
  lock: Bottleneck;
  /** Where deliveries go (config channels in their mode, members' DMs). */
  channels: () => Promise<readonly DeliveryChannel[]>;
}

export class TalkTick {
  constructor(private readonly deps: TalkTickDependencies) {}

  /** Returns how many deliveries it queued. */
  run(): Promise<number> {
    return this.deps.lock.schedule(() => this.#run());
  }

  async #run(): Promise<number> {
    const now = this.deps.clock();
    const watchlist = await this.#watchlist();
    const round: AnnounceContext = {
      now,
      channels: await this.deps.channels(),
      matchers: watchlist.matchers,
    };
    const states = await this.deps.states.all();
    await this.deps.states.delete(states.filter((state) => isLongOver(state, now)).map((s) => s.recordId));
    const upcoming = states.filter(
      (state) => state.last.status === 'confirmed' && !hasStarted(state.last.start, now),
    );
    const records = await this.deps.store.records.getMany(upcoming.map((state) => state.recordId));
    const changed: TalkState[] = [];
    let queued = 0;
    for (const [index, state] of upcoming.entries()) {
      const record = records[index];
      if (!record || !isTalk(record)) continue;
      const before = JSON.stringify(state);
      queued += await this.#announce(record, state, watchlist, round);
      queued += await this.#remind(record, state, round);
      if (JSON.stringify(state) !== before) changed.push(state);
    }
    await this.deps.states.save(changed);
    if (queued > 0) this.deps.logger.info({ queued }, 'talk announcements and reminders queued');
    return queued;
  }

  /** People are matched again: someone removed from the watchlist since is no reason any more. */
  async #announce(
    record: TalkRecord,
    state: TalkState,
    watchlist: Watchlist,
    round: AnnounceContext,
  ): Promise<number> {
    const people = matchRecordPeople({ ...record, people: [] }, watchlist, false);
    if (people.length === 0 && !state.announceAll) return 0;
    return this.deps.announcer.announceNew({ ...record, people }, state, round);
  }

  async #remind(record: TalkRecord, state: TalkState, round: AnnounceContext): Promise<number> {
    if (Object.keys(state.announced).length === 0) return 0;
    const decision = dueReminder(record.start, this.deps.settings.reminders, state.remindersDone, round.now);
    state.remindersDone = decision.done;
    if (decision.send === undefined) return 0;
    return this.deps.announcer.followUp(record, state, { event: 'reminder', offsetMs: decision.send }, round);
  }

  async #watchlist(): Promise<Watchlist> {
    const { config, store } = this.deps;
    const { people } = await store.watchlist.apply(config.people, config.feeds);
    return buildWatchlist(people);
  }
}
