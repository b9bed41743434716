/**
 * The digest tick (every minute and after each cycle, on the leader): for each channel in digest
 * mode whose scheduled time has come since its last digest, composes one digest of everything
 * that waited and queues it in the outbox, where it is delivered exactly once like any
 * announcement. After downtime over several scheduled times, one digest covers the whole gap.
 * A channel switched back to instant mode gets what still waited as one last digest at once.
 *
 * Crash safety, in this order: the digest about to be queued is written to the channel's state
 * (its key, end and items); then it is queued; then its items are marked and the state moves on.
 * Its key is `digest:<start>`, and the start only moves once it is done, so a crash anywhere
 * queues the same digest again (which the outbox ignores) or finishes the one queued.
 */
import type { Logger } from '../../log.js';
import type { DigestItemEntry, DigestRepository, DigestState } from '../../store/digest-repository.js';
import { deliveryKey, newOutboxEntry, type OutboxRepository } from '../../store/outbox-repository.js';
import type { DeliveryChannel } from '../chat-platform.js';
import { composeDigest, type DigestPlan, digestKey } from './compose-digest.js';
import { digestSchedule, lastRunAtOrBefore, nextRunAfter } from './digest-schedule.js';

export interface DigestTickDependencies {
  digests: DigestRepository;
  outbox: OutboxRepository;
  /** Where deliveries go (config channels in their mode, members' DMs). */
  channels: () => Promise<readonly DeliveryChannel[]>;
  /** The config's zone: digest times are wall-clock times there. */
  timezone: string;
  clock: () => Date;
  logger: Logger;
}

export class DigestTick {
  #running: Promise<number> | undefined;

  constructor(private readonly deps: DigestTickDependencies) {}

  /** Queues the digests that are due; returns how many. Concurrent calls share one run. */
  run(): Promise<number> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #run(): Promise<number> {
    const now = this.deps.clock();
    const channels = await this.deps.channels();
    // Digests a crash left half-queued are settled first: what they took waits no more.
    let snapshot = await this.deps.digests.snapshot();
    const unsettled = [...snapshot.states.values()].filter((state) => state.queuing);
    for (const state of unsettled) await this.#settle(state, now);
    if (unsettled.length > 0) snapshot = await this.deps.digests.snapshot();
    let queued = 0;
    for (const channel of channels) {
      const waiting = snapshot.items.get(channel.id) ?? [];
      const state = snapshot.states.get(channel.id);
      if (channel.mode === 'digest') queued += await this.#scheduled(channel, waiting, state, now);
      else if (waiting.length > 0) queued += await this.#last(channel, waiting, state, now);
    }
    if (queued > 0) this.deps.logger.info({ queued }, 'digests queued');
    return queued;
  }

  /** A digest channel: its first sight starts the collection; a scheduled time passed sends one. */
  async #scheduled(
    channel: DeliveryChannel,
    waiting: readonly DigestItemEntry[],
    state: DigestState | undefined,
    now: Date,
  ): Promise<number> {
    if (!state) {
      await this.deps.digests.saveState({ channelId: channel.id, lastTo: now.toISOString() });
      return 0;
    }
    const every = channel.digest?.every ?? 'weekly';
    const schedule = digestSchedule(every, channel.digest?.at, this.deps.timezone);
    const due = lastRunAtOrBefore(schedule, now);
    const from = new Date(state.lastTo);
    if (due <= from) return 0;
    const plan = composeDigest({
      channelId: channel.id,
      items: waiting,
      from,
      to: due,
      talksBefore: nextRunAfter(schedule, due),
      every,
      sendEmpty: channel.digest?.sendEmpty ?? false,
      zone: this.deps.timezone,
    });
    return this.#queue(channel, state, plan, due, now);
  }

  /** Back in instant mode: what still waited goes out now, in one last digest. */
  async #last(
    channel: DeliveryChannel,
    waiting: readonly DigestItemEntry[],
    state: DigestState | undefined,
    now: Date,
  ): Promise<number> {
    const from = new Date(state?.lastTo ?? waiting[0]!.queuedAt);
    const plan = composeDigest({
      channelId: channel.id,
      items: waiting,
      from,
      to: now,
      sendEmpty: false,
      zone: this.deps.timezone,
    });
    return this.#queue(
      channel,
      state ?? { channelId: channel.id, lastTo: from.toISOString() },
      plan,
      now,
      now,
    );
  }

  async #queue(
    channel: DeliveryChannel,
    state: DigestState,
    plan: DigestPlan,
    to: Date,
    now: Date,
  ): Promise<number> {
    const key = deliveryKey(channel.id, digestKey(new Date(state.lastTo)));
    const queuing = {
      key,
      to: to.toISOString(),
      itemKeys: plan.used,
      sends: plan.announcement !== undefined,
    };
    await this.deps.digests.saveState({ ...state, queuing });
    const queued = plan.announcement
      ? await this.deps.outbox.enqueue([newOutboxEntry(plan.announcement, now)])
      : [];
    await this.#finish({ ...state, queuing }, now);
    return queued.length;
  }

  /** A digest left half-queued by a crash: finished if it reached the outbox, else composed again. */
  async #settle(state: DigestState, now: Date): Promise<void> {
    const { key, sends } = state.queuing!;
    const reached = !sends || (await this.deps.outbox.postedOrQueued([key])).has(key);
    if (reached) await this.#finish(state, now);
    else await this.deps.digests.saveState({ channelId: state.channelId, lastTo: state.lastTo });
  }

  async #finish(state: DigestState, now: Date): Promise<void> {
    const { queuing } = state;
    if (!queuing) return;
    await this.deps.digests.markDigested(queuing.itemKeys, queuing.key, now);
    await this.deps.digests.saveState({ channelId: state.channelId, lastTo: queuing.to });
  }
}
