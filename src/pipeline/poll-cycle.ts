/**
 * One poll cycle: every due source is polled (several at once), and what each returns is handed
 * on (papers: paper-results.ts; talks: the talks module) one source at a time, so that two
 * sources reporting the same paper in one cycle announce it once. Each source's health (success,
 * failures, backoff, pause) is recorded here.
 */
import Bottleneck from 'bottleneck';
import type { Announcement } from '../announce/announcement.js';
import type { DeliveryChannel } from '../announce/chat-platform.js';
import { DeliveryQueue } from '../announce/delivery-queue.js';
import type { FeedConfig, HeraldConfig, PersonConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { buildWatchlist, type Watchlist } from '../records/watchlist.js';
import { type PollResult, type Source, SourceError, type SourceSchedule } from '../sources/source.js';
import { type FollowUp, newOutboxEntry, type OutboxEntry } from '../store/outbox-repository.js';
import type { SeenIdentity, SourceState } from '../store/source-state-repository.js';
import type { Store } from '../store/store.js';
import { withinDeadline } from './deadline.js';
import { seenBy, unseenPeople, withSeen } from './first-sight.js';
import { handlePaperResult } from './paper-results.js';
import { afterFailure, afterSuccess, isDue, resumeCommand, resumed } from './source-health.js';
import { unchangedItems } from './unchanged.js';

/** Handles what a talk source returned (talks have their own lifecycle: changes, reminders). */
export type TalkResultHandler = (
  source: Source,
  result: PollResult,
  context: CycleContext,
) => Promise<number>;

export interface CycleDependencies {
  config: HeraldConfig;
  store: Store;
  buildSources: (people: readonly PersonConfig[], feeds: readonly FeedConfig[]) => Source[];
  clock: () => Date;
  logger: Logger;
  notifyAdmins: (text: string) => Promise<void>;
  handleTalks?: TalkResultHandler;
  /** Where deliveries go (config channels in their mode, members' DMs); default the config's channels. */
  channels?: () => Promise<readonly DeliveryChannel[]>;
  /** Sources polled at once; arXiv requests are serialised by their own limiter anyway. */
  concurrency?: number;
  /** Deadline of a poll for sources that set none (arXiv: paced by its client, each request timed). */
  sourceDeadlineMs?: number;
}

/** A backstop: arXiv's polls are bounded by pages, retries and request timeouts long before. */
const DEFAULT_SOURCE_DEADLINE_MS = 30 * 60_000;

export interface CycleContext {
  now: Date;
  watchlist: Watchlist;
  /**
   * People no source had polled at the start of the cycle. A paper of a person first seen by one
   * source, co-written by a watched person another source sees for the first time in the same
   * cycle (a new install), is first sight for both, whichever source is processed first.
   */
  newPeople: ReadonlySet<string>;
  channels: readonly DeliveryChannel[];
  enqueue(announcements: Announcement[]): Promise<number>;
  /** Queues follow-ups into the threads of earlier announcements (a paper now published). */
  enqueueFollowUps(followUps: readonly FollowUpAnnouncement[]): Promise<number>;
  /** Of these delivery keys, those announced: posted, queued, or in a digest (or waiting for one). */
  announced(keys: readonly string[]): Promise<Set<string>>;
}

export interface FollowUpAnnouncement {
  announcement: Announcement;
  followUp: FollowUp;
}

export interface SourceOutcome {
  sourceId: string;
  label: string;
  ok: boolean;
  error?: string;
  items: number;
  news: number;
  silent: number;
  notModified?: boolean;
}

export interface CycleOptions {
  schedule?: SourceSchedule;
  /** Poll sources in backoff too (the first cycle after start). */
  ignoreBackoff?: boolean;
  /** Only sources that failed last time and whose backoff has passed. */
  retriesOnly?: boolean;
}

export class PollCycle {
  /** One cycle at a time, whatever the trigger (papers, feeds, retries, a command). */
  readonly #cycles = new Bottleneck({ maxConcurrent: 1 });
  /** Processing of results, one source at a time. */
  readonly #processing = new Bottleneck({ maxConcurrent: 1 });

  #stopping = false;
  readonly #queue: DeliveryQueue;

  constructor(private readonly deps: CycleDependencies) {
    this.#queue = new DeliveryQueue(deps.store.outbox, deps.store.digests);
  }

  run(options: CycleOptions = {}): Promise<SourceOutcome[]> {
    if (this.#stopping) return Promise.resolve([]);
    return this.#cycles.schedule(() => this.#run(options));
  }

  /** Runs `task` between cycles (a config reload swaps what every poll reads). */
  whileIdle<T>(task: () => T | Promise<T>): Promise<T> {
    return this.#cycles.schedule(async () => task());
  }

  /** Shutting down: no new cycle starts, and a poll that fails now is not counted against its source. */
  stop(): void {
    this.#stopping = true;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  async #run(options: CycleOptions): Promise<SourceOutcome[]> {
    const { config, store } = this.deps;
    const now = this.deps.clock();
    const { people, feeds } = await store.watchlist.apply(config.people, config.feeds);
    const watchlist = buildWatchlist(people);
    const built = this.deps.buildSources(people, feeds);
    const sources = built.filter((s) => !options.schedule || s.schedule === options.schedule);
    const states = await store.sources.getMany(built.map((source) => source.id));
    // People no source has polled yet: what any source finds of theirs is first sight too.
    const newPeople = unseenPeople(
      people,
      [...states.values()].flatMap((state) => seenBy(state, people)),
    );
    await this.#resumeChanged(sources, states);
    const due = sources.filter((source) => {
      const state = states.get(source.id)!;
      return (
        isDue(state, now, options.ignoreBackoff ?? false) && (!options.retriesOnly || state.failures > 0)
      );
    });
    const channels = (await this.deps.channels?.()) ?? config.channels;
    const context = this.#context(now, watchlist, newPeople, channels);
    const polling = new Bottleneck({ maxConcurrent: this.deps.concurrency ?? 4 });
    return Promise.all(
      due.map((source) =>
        polling.schedule(() => this.#pollSource(source, states.get(source.id)!, context, people)),
      ),
    );
  }

  /** A paused source whose config changed since (a config reload) gets another chance. */
  async #resumeChanged(sources: readonly Source[], states: Map<string, SourceState>): Promise<void> {
    for (const source of sources) {
      const state = states.get(source.id)!;
      if (!state.pausedAt || state.fingerprint === undefined || state.fingerprint === source.fingerprint)
        continue;
      this.deps.logger.info({ source: source.id }, 'config of a paused source changed: resuming it');
      states.set(source.id, await this.deps.store.sources.update(source.id, resumed()));
    }
  }

  #context(
    now: Date,
    watchlist: Watchlist,
    newPeople: ReadonlySet<string>,
    channels: readonly DeliveryChannel[],
  ): CycleContext {
    const enqueue = (entries: readonly OutboxEntry[]) => this.#queue.enqueue(entries, channels);
    return {
      now,
      watchlist,
      newPeople,
      channels,
      enqueue: (announcements) => enqueue(announcements.map((item) => newOutboxEntry(item, now))),
      enqueueFollowUps: (followUps) =>
        enqueue(followUps.map((item) => newOutboxEntry(item.announcement, now, item.followUp))),
      announced: (keys) => this.#queue.announced(keys),
    };
  }

  async #pollSource(
    source: Source,
    initialState: SourceState,
    context: CycleContext,
    people: readonly PersonConfig[],
  ): Promise<SourceOutcome> {
    let state = initialState;
    const polled = peopleOf(source, people);
    const seen = seenBy(state, people);
    const firstSightPeople = unseenPeople(polled, seen);
    const outcome: SourceOutcome = {
      sourceId: source.id,
      label: source.label,
      ok: true,
      items: 0,
      news: 0,
      silent: 0,
    };
    try {
      const poll = source.poll({
        now: context.now,
        state,
        firstSightPeople,
        known: (ids) => this.#known(ids),
        unchanged: unchangedItems(this.deps.store.records.known, context.watchlist, source.personIds),
      });
      const result = await withinDeadline(poll, this.#deadlineOf(source), (ms) => overran(source, ms));
      if (result.problems?.length) {
        this.deps.logger.warn(
          { source: source.id, url: source.label, problems: result.problems },
          'items skipped',
        );
      }
      await this.#processing.schedule(() =>
        this.#process(source, result, state, firstSightPeople, context, outcome),
      );
      if (result.partialError) {
        // The people whose queries worked have now been seen; the source still failed.
        const covered = new Set(result.coveredPeople ?? []);
        state = await this.deps.store.sources.update(source.id, {
          identitiesSeen: withSeen(
            seen,
            polled.filter((person) => covered.has(person.id)),
            context.now,
          ),
          peopleSeen: undefined,
        });
        throw result.partialError;
      }
      await this.#recordSuccess(source, result, state, context, withSeen(seen, polled, context.now));
    } catch (error) {
      await this.#recordFailure(source, state, error as Error, context.now, outcome);
    }
    return outcome;
  }

  #deadlineOf(source: Source): number {
    return source.deadlineMs ?? this.deps.sourceDeadlineMs ?? DEFAULT_SOURCE_DEADLINE_MS;
  }

  async #process(
    source: Source,
    result: PollResult,
    state: SourceState,
    firstSightPeople: Set<string>,
    context: CycleContext,
    outcome: SourceOutcome,
  ): Promise<void> {
    outcome.items = result.itemCount;
    outcome.notModified = result.notModified;
    if (source.kind === 'talk') {
      outcome.news = (await this.deps.handleTalks?.(source, result, context)) ?? 0;
      return;
    }
    const input = { source, result, state, firstSightPeople, backfill: this.deps.config.backfill };
    Object.assign(outcome, await handlePaperResult(input, context, this.deps.store));
  }

  async #known(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.deps.store.records.getMany(ids);
    return new Set(ids.filter((_, index) => found[index] !== undefined));
  }

  async #recordSuccess(
    source: Source,
    result: PollResult,
    state: SourceState,
    context: CycleContext,
    identitiesSeen: SeenIdentity[],
  ) {
    // An unchanged feed (304) was not read: nobody new has been seen in it yet.
    const extra: Partial<SourceState> = result.notModified
      ? { fingerprint: source.fingerprint }
      : {
          fingerprint: source.fingerprint,
          identitiesSeen,
          peopleSeen: undefined,
          etag: result.etag,
          lastModified: result.lastModified,
          lastItemCount: result.itemCount,
        };
    await this.deps.store.sources.update(source.id, afterSuccess(context.now, extra, state));
    if (state.pausedAt) await this.#notifyResumed(source);
  }

  /** The daily try of a paused source worked: it is polled as usual again. */
  async #notifyResumed(source: Source): Promise<void> {
    this.deps.logger.info({ source: source.id }, 'paused source works again: resumed');
    await this.deps
      .notifyAdmins(`Source ${source.id} (${source.label}) works again and is no longer paused.`)
      .catch(() => undefined);
  }

  async #recordFailure(source: Source, state: SourceState, error: Error, now: Date, outcome: SourceOutcome) {
    outcome.ok = false;
    outcome.error = error.message;
    if (this.#stopping) return;
    this.deps.logger.error(
      { source: source.id, url: source.label, err: error },
      `source failed: ${error.message}`,
    );
    const pauseAfter = this.deps.config.sources.pauseAfterFailures;
    const retryAfterMs = error instanceof SourceError ? error.retryAfterMs : undefined;
    const { patch, pausedNow } = afterFailure(now, error.message, state, pauseAfter, retryAfterMs);
    try {
      await this.deps.store.sources.update(source.id, { ...patch, fingerprint: source.fingerprint });
    } catch (storeError) {
      this.deps.logger.error({ source: source.id, err: storeError }, 'could not record the failure');
    }
    if (pausedNow) {
      await this.deps
        .notifyAdmins(
          `Source ${source.id} (${source.label}) failed ${pauseAfter} times in a row and is paused. Last error: ${error.message}. Resume it with ${resumeCommand(source.id)}; it is also tried once a day by itself.`,
        )
        .catch(() => undefined);
    }
  }
}

/** The watched people a source polls: its own, or everyone (a feed matches anyone). */
function peopleOf(source: Source, people: readonly PersonConfig[]): PersonConfig[] {
  if (source.personIds.length === 0) return [...people];
  const ids = new Set(source.personIds);
  return people.filter((person) => ids.has(person.id));
}

/** A poll past its deadline: the source failed (a retry may well work), the cycle goes on. */
function overran(source: Source, ms: number): SourceError {
  return new SourceError(
    source.id,
    source.label,
    `no answer within ${ms / 1000} s (fetch and parse); abandoned`,
    true,
  );
}
