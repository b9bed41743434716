/**
 * Posts what the outbox holds, one step at a time, writing progress after each step: the head's
 * message id as soon as the head is posted (before any reply), then the count of replies posted.
 * A restart resumes from the last written step, so nothing is posted twice or orphaned; the step
 * it resumes at is marked "maybe posted", so the platform looks for it before posting it again.
 *
 * A channel's deliveries go out in the order they were queued. A transient failure (5xx, timeout,
 * 429 after the library's waiting) is tried once more at once, then retried with exponential
 * backoff and jitter, and holds up the later deliveries of its channel meanwhile. After `holdAfterAttempts` failures, or at once
 * for a refusal (missing access, unknown channel, bad token), the delivery is HELD: it stays in
 * the outbox, stops holding up its channel, the admins are told once, and it waits for
 * `herald redeliver`. A follow-up into a held announcement's thread waits for that announcement.
 * A channel whose platform has no token waits, untried, until the token is set. A digest is one
 * delivery like any other (its head, then its replies). A direct message a member cannot receive
 * (DMs closed, left, blocked) is neither retried nor held: it and the member's later ones of the
 * run are dropped, and `onUnreachable` pauses their follows.
 */
import type { Logger } from '../log.js';
import type { OutboxEntry, OutboxRepository } from '../store/outbox-repository.js';
import { type Announcement, deliverableTitle, isDigest } from './announcement.js';
import type { ChatPlatform, DeliveryChannel, DeliveryStep, MessageRef } from './chat-platform.js';
import {
  ChannelGoneError,
  DeliveryError,
  OriginalNotPostedError,
  RecipientUnreachableError,
} from './delivery-error.js';

/** A follow-up whose original announcement is not posted yet: wait, it is no failure. */
class OriginalPending extends Error {}

/** This instance lost the leadership mid-run: stop posting, the new leader carries on. */
class NotLeader extends Error {}

/** How a channel is reached: its platform, or why it cannot be (and maybe a console stand-in). */
export type PlatformChoice =
  | { platform: ChatPlatform }
  | {
      /** Why its deliveries wait, e.g. "DISCORD_TOKEN is not set". */
      missing: string;
      /** Console mode (no chat token at all): print each waiting delivery once, as a preview. */
      preview?: ChatPlatform;
    };

export interface DeliveryWorkerOptions {
  outbox: OutboxRepository;
  channels: () => ReadonlyMap<string, DeliveryChannel>;
  /** A member's direct messages (`dm:<platform>:<user id>`), which the config does not list. */
  directChannel?: (channelId: string) => DeliveryChannel | undefined;
  platformFor: (channel: DeliveryChannel) => PlatformChoice;
  clock: () => Date;
  logger: Logger;
  /** Tells the admins (admin channel) about deliveries held. */
  notifyAdmins: (text: string) => Promise<void>;
  /** A member's direct messages cannot reach them: pause their follows, tell them. */
  onUnreachable?: (channel: DeliveryChannel, error: RecipientUnreachableError) => Promise<void>;
  /** Asked before each post: false once another instance leads (Redis); default always true. */
  mayDeliver?: () => boolean;
  /** First retry after this long, doubling each attempt, at most `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Failed attempts after which a delivery is held. */
  holdAfterAttempts?: number;
  random?: () => number;
}

export interface DeliveryReport {
  delivered: number;
  /** Failed in this run; retried later. */
  failed: number;
  /** Held in this run: they wait for `herald redeliver`. */
  held: number;
  /** Not tried: their platform has no token. */
  waiting: number;
  /** Printed to the console in place of a platform without a token; still queued. */
  previewed: number;
  /** Direct messages dropped: their member cannot receive them (follows paused). */
  unreachable: number;
}

type Outcome = 'delivered' | 'failed' | 'held' | 'pending' | 'unreachable';

const DEFAULT_RETRY_BASE_MS = 5_000;
const DEFAULT_RETRY_MAX_MS = 60 * 60_000;
const DEFAULT_HOLD_AFTER_ATTEMPTS = 10;
/** Tries of a delivery in one run: a transient failure is tried once more at once, then backed off. */
const TRIES_PER_RUN = 2;
/** Held deliveries named one by one in an admin notice; the rest are counted. */
const NOTICE_LISTS = 5;

/** Errors platforms throw say, through their type, whether retrying could help. */
export function isPermanentDeliveryError(error: unknown): boolean {
  return error instanceof DeliveryError && error.permanent;
}

/** One delivery being worked on: its entry, how progress is kept, and the resume marker. */
interface Attempt {
  entry: OutboxEntry;
  /** Writes progress; a preview keeps none. */
  save(): Promise<void>;
  /** The step about to be posted; `maybePosted` only for the first step of a resumed delivery. */
  step(): DeliveryStep;
  /** The step went through: later steps of this run are certainly new. */
  stepDone(): void;
}

export class DeliveryWorker {
  #running: Promise<DeliveryReport> | undefined;
  #stopping = false;

  constructor(private readonly options: DeliveryWorkerOptions) {}

  /**
   * Shutting down: the delivery in flight may finish, no other starts, and a step that fails now
   * (its client closed under it) is not counted against it: it stays queued as it stands, and the
   * next run looks for the step before posting it again.
   */
  stop(): void {
    this.#stopping = true;
  }

  /** Delivers everything due; concurrent calls share one run. */
  run(): Promise<DeliveryReport> {
    this.#running ??= this.#runOnce().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #runOnce(): Promise<DeliveryReport> {
    const report: DeliveryReport = {
      delivered: 0,
      failed: 0,
      held: 0,
      waiting: 0,
      previewed: 0,
      unreachable: 0,
    };
    const pending = await this.options.outbox.pending();
    const heldKeys = new Set(pending.filter((entry) => entry.heldAt).map((entry) => entry.key));
    // Channels in parallel (one slow or failing channel holds up no other), in order within each.
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const entry of pending) {
      if (entry.heldAt) continue;
      byChannel.set(entry.channelId, [...(byChannel.get(entry.channelId) ?? []), entry]);
    }
    const newlyHeld: OutboxEntry[] = [];
    await Promise.all(
      [...byChannel].map(([channelId, entries]) =>
        this.#deliverChannel(channelId, entries, { report, heldKeys, newlyHeld }),
      ),
    );
    if (newlyHeld.length > 0) await this.#tellAdmins(newlyHeld);
    return report;
  }

  async #deliverChannel(
    channelId: string,
    entries: OutboxEntry[],
    run: { report: DeliveryReport; heldKeys: Set<string>; newlyHeld: OutboxEntry[] },
  ): Promise<void> {
    const channel = this.options.channels().get(channelId) ?? this.options.directChannel?.(channelId);
    if (!channel) {
      for (const entry of entries) await this.#hold(entry, new ChannelGoneError(channelId), run);
      run.report.held += entries.length;
      return;
    }
    const choice = this.options.platformFor(channel);
    if ('missing' in choice) return this.#wait(channel, entries, choice, run.report);
    const now = this.options.clock();
    for (const entry of entries) {
      if (this.#stopping) return;
      // A follow-up into a held announcement's thread waits for it, without holding up the channel.
      if (entry.followUp && run.heldKeys.has(entry.followUp.of)) continue;
      // A delivery in backoff keeps its channel's order: the later ones wait behind it.
      if (entry.notBefore && new Date(entry.notBefore) > now) return;
      const outcome = await this.#deliver(entry, channel, choice.platform, run);
      if (outcome === 'held') run.heldKeys.add(entry.key);
      if (outcome !== 'pending') run.report[outcome]++;
      if (outcome === 'unreachable') return this.#dropRest(entries, entry, run.report);
      if (outcome === 'failed' || outcome === 'pending') return;
    }
  }

  /** The member cannot be reached: their other direct messages of this run would fail the same way. */
  async #dropRest(entries: OutboxEntry[], from: OutboxEntry, report: DeliveryReport): Promise<void> {
    for (const entry of entries.slice(entries.indexOf(from) + 1)) {
      await this.options.outbox.discard(entry);
      report.unreachable++;
    }
  }

  async #deliver(
    entry: OutboxEntry,
    channel: DeliveryChannel,
    platform: ChatPlatform,
    run: { newlyHeld: OutboxEntry[] },
  ): Promise<Outcome> {
    for (let tries = 1; ; tries++) {
      try {
        await this.#tryOnce(entry, channel, platform);
        return 'delivered';
      } catch (error) {
        if (error instanceof OriginalPending || error instanceof NotLeader || this.#stopping)
          return 'pending';
        if (error instanceof RecipientUnreachableError && channel.direct) {
          await this.#unreachable(entry, channel, error);
          return 'unreachable';
        }
        // A platform's transient failure is tried again at once (looking first), then with backoff.
        if (error instanceof DeliveryError && !error.permanent && tries < TRIES_PER_RUN) continue;
        entry.attempts += 1;
        entry.lastError = (error as Error).message;
        const holdAfter = this.options.holdAfterAttempts ?? DEFAULT_HOLD_AFTER_ATTEMPTS;
        if (isPermanentDeliveryError(error) || entry.attempts >= holdAfter) {
          await this.#hold(entry, error as Error, run);
          return 'held';
        }
        await this.#defer(entry, error as Error);
        return 'failed';
      }
    }
  }

  async #unreachable(entry: OutboxEntry, channel: DeliveryChannel, error: RecipientUnreachableError) {
    this.options.logger.warn(
      { delivery: entry.key, err: error },
      'direct message cannot reach its member; their follows are paused',
    );
    await this.options.outbox.discard(entry);
    await this.options
      .onUnreachable?.(channel, error)
      .catch((failure: Error) => this.options.logger.error({ err: failure }, 'could not pause the follows'));
  }

  /** One try from where the delivery stands; the step it starts at may be out there if it was started. */
  async #tryOnce(entry: OutboxEntry, channel: DeliveryChannel, platform: ChatPlatform): Promise<void> {
    this.#checkLeader();
    const resumed = entry.started === true || entry.headAttempted === true;
    if (!entry.started) {
      // Written first: after a crash, the platform is told the step may already be out there.
      entry.started = true;
      await this.options.outbox.save(entry);
    }
    const attempt = this.#attempt(entry, resumed, () => this.options.outbox.save(entry));
    if (entry.followUp)
      await this.#postFollowUp(attempt, channel, platform, () => this.#originalThread(entry));
    else await this.#postSteps(attempt, channel, platform);
    await this.options.outbox.complete(entry, this.options.clock());
  }

  #attempt(entry: OutboxEntry, resumed: boolean, save: () => Promise<void>): Attempt {
    let maybePosted = resumed;
    return {
      entry,
      save,
      step: () => ({ deliveryKey: entry.key, queuedAt: entry.createdAt, maybePosted }),
      stepDone: () => {
        maybePosted = false;
      },
    };
  }

  async #postSteps(attempt: Attempt, channel: DeliveryChannel, platform: ChatPlatform): Promise<void> {
    const { entry } = attempt;
    const { announcement } = entry;
    if (!entry.head) {
      this.#checkLeader();
      entry.head = isDigest(announcement)
        ? await platform.postDigestHead(channel, announcement, attempt.step())
        : await platform.postHead(channel, announcement, attempt.step());
      attempt.stepDone();
      await attempt.save();
    }
    await this.#postReplies(attempt, channel, platform, entry.head);
  }

  async #postReplies(
    attempt: Attempt,
    channel: DeliveryChannel,
    platform: ChatPlatform,
    thread: MessageRef,
  ): Promise<void> {
    const { entry } = attempt;
    const { replies } = entry.announcement;
    for (let index = entry.repliesPosted; index < replies.length; index++) {
      this.#checkLeader();
      await platform.postReply(channel, thread, replies[index]!, index, attempt.step());
      attempt.stepDone();
      entry.repliesPosted = index + 1;
      await attempt.save();
    }
  }

  /** Edits the original head if asked, then posts the replies in its thread, then the channel notice. */
  async #postFollowUp(
    attempt: Attempt,
    channel: DeliveryChannel,
    platform: ChatPlatform,
    original: () => Promise<MessageRef>,
  ): Promise<void> {
    const { entry } = attempt;
    const followUp = entry.followUp!;
    const announcement = followedUp(entry);
    const thread = await original();
    this.#checkLeader();
    if (followUp.editHead && !followUp.headEdited) {
      await platform.editHead?.(channel, thread, announcement.head);
      attempt.stepDone();
      followUp.headEdited = true;
      await attempt.save();
    }
    await this.#postReplies(attempt, channel, platform, thread);
    if (followUp.channelNotice && !followUp.channelNoticePosted) {
      this.#checkLeader();
      await platform.postNotice(channel, followUp.channelNotice, attempt.step());
      attempt.stepDone();
      followUp.channelNoticePosted = true;
      await attempt.save();
    }
    await platform.followUpDelivered?.(channel, announcement);
  }

  #checkLeader(): void {
    if (this.options.mayDeliver && !this.options.mayDeliver()) throw new NotLeader();
  }

  async #originalThread(entry: OutboxEntry): Promise<MessageRef> {
    const of = entry.followUp!.of;
    const receipt = await this.options.outbox.receipt(of);
    if (receipt?.head && !receipt.failed) return receipt.head;
    if (receipt?.failed) throw new OriginalNotPostedError(of, `was refused: ${receipt.failed}`);
    if (await this.options.outbox.get(of)) throw new OriginalPending();
    throw new OriginalNotPostedError(of, 'was never posted');
  }

  /** No token for the channel's platform: nothing is tried; in console mode each is printed once. */
  async #wait(
    channel: DeliveryChannel,
    entries: OutboxEntry[],
    choice: { missing: string; preview?: ChatPlatform },
    report: DeliveryReport,
  ): Promise<void> {
    for (const entry of entries) {
      let changed = entry.waitingFor !== choice.missing;
      if (choice.preview && !entry.previewedAt) {
        await this.#preview(entry, channel, choice.preview);
        report.previewed++;
        changed = true;
      }
      if (!choice.preview) report.waiting++;
      entry.waitingFor = choice.missing;
      if (changed) await this.options.outbox.save(entry);
    }
  }

  /** Prints a delivery through the console stand-in, keeping no progress: it still waits. */
  async #preview(entry: OutboxEntry, channel: DeliveryChannel, console: ChatPlatform): Promise<void> {
    const copy: OutboxEntry = structuredClone({ ...entry, repliesPosted: 0 });
    delete copy.head;
    if (copy.followUp) copy.followUp = { ...copy.followUp, headEdited: false, channelNoticePosted: false };
    const attempt = this.#attempt(copy, false, async () => {});
    const thread: MessageRef = { messageId: 'preview', threadId: 'preview', channelId: channel.id };
    try {
      if (copy.followUp) await this.#postFollowUp(attempt, channel, console, async () => thread);
      else await this.#postSteps(attempt, channel, console);
    } catch (error) {
      this.options.logger.error({ delivery: entry.key, err: error }, 'could not print the preview');
    }
    entry.previewedAt = this.options.clock().toISOString();
  }

  async #defer(entry: OutboxEntry, error: Error): Promise<void> {
    const base = this.options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    const backoff = Math.min(
      this.options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS,
      base * 2 ** (entry.attempts - 1),
    );
    const jitter = 0.8 + 0.4 * (this.options.random ?? Math.random)();
    entry.notBefore = new Date(this.options.clock().getTime() + backoff * jitter).toISOString();
    delete entry.waitingFor;
    this.options.logger.warn(
      { delivery: entry.key, attempts: entry.attempts, retryAt: entry.notBefore, err: error },
      'delivery failed; will retry',
    );
    await this.options.outbox.save(entry);
  }

  async #hold(entry: OutboxEntry, error: Error, run: { newlyHeld: OutboxEntry[] }): Promise<void> {
    entry.heldAt = this.options.clock().toISOString();
    entry.lastError = error.message;
    delete entry.notBefore;
    delete entry.waitingFor;
    this.options.logger.error(
      { delivery: entry.key, attempts: entry.attempts, err: error },
      'delivery held; `herald redeliver` queues it again',
    );
    await this.options.outbox.save(entry);
    run.newlyHeld.push(entry);
  }

  /** One notice per run, however many were held: an outage must not flood the admin channel. */
  async #tellAdmins(held: OutboxEntry[]): Promise<void> {
    const lines = held
      .slice(0, NOTICE_LISTS)
      .map((entry) => `"${deliverableTitle(entry.announcement)}" to ${entry.channelId}: ${entry.lastError}`);
    if (held.length > NOTICE_LISTS) lines.push(`and ${held.length - NOTICE_LISTS} more`);
    const what = held.length === 1 ? 'A delivery is' : `${held.length} deliveries are`;
    const text = `${what} held and no longer retried (later posts in the channel go on): ${lines.join('; ')}. Fix the cause, then \`herald redeliver <delivery|channel|all>\` posts them again.`;
    await this.options
      .notifyAdmins(text)
      .catch((error: Error) => this.options.logger.error({ err: error }, 'could not tell the admin channel'));
  }
}

/** A follow-up continues the thread of one record's announcement; a digest never is one. */
function followedUp(entry: OutboxEntry): Announcement {
  if (isDigest(entry.announcement))
    throw new DeliveryError('DELIVERY_INVALID', `${entry.key}: a digest cannot continue a thread`, true);
  return entry.announcement;
}
