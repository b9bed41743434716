/**
 * Who polls sources and delivers announcements. Over Redis, many instances run and exactly one
 * of them, the holder of the lease, does that work; on SQLite there is one instance, always the
 * leader. The rest of the bot asks `isLeader()` before each piece of leader work and listens for
 * 'elected' (catch up: poll, resume the outbox) and 'deposed' (stop starting new work).
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import type { RedisLease } from './lease.js';

export interface LeadershipEvents {
  elected: [];
  deposed: [reason: string];
}

export interface Leadership extends EventEmitter<LeadershipEvents> {
  readonly holderId: string;
  /** True while this instance may poll and deliver. */
  isLeader(): boolean;
  start(): void;
  /** Starts campaigning and resolves after one attempt: whether this instance leads now. */
  campaignNow(): Promise<boolean>;
  /** Stops campaigning and gives the leadership up (releasing the lease). */
  stop(): Promise<void>;
}

/** The single instance on SQLite: leader from start to stop. */
export class AlwaysLeader extends EventEmitter<LeadershipEvents> implements Leadership {
  readonly holderId = 'this process';
  #started = false;

  isLeader(): boolean {
    return true;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.emit('elected');
  }

  async campaignNow(): Promise<boolean> {
    this.start();
    return true;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.emit('deposed', 'stopped');
  }
}

export interface LeaderElectionOptions {
  logger?: Logger;
  /** How long before the lease's expiry this instance stops trusting it (clock drift, delays). */
  safetyMarginMs?: number;
}

/**
 * Campaigns for a RedisLease: tries to take it every ttl/3 (or right when the holder's lease
 * runs out), renews it every ttl/3 while holding it, and steps down as soon as it cannot be sure
 * of holding it: a renewal that finds another holder, or no successful renewal before the
 * lease's expiry (Redis unreachable). The validity is counted from before each renewal was sent,
 * so this instance stops believing it leads before Redis lets the lease go.
 */
export class LeaderElection extends EventEmitter<LeadershipEvents> implements Leadership {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #marginMs: number;
  #leader = false;
  #validUntil = 0;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly lease: RedisLease,
    options: LeaderElectionOptions = {},
  ) {
    super();
    this.#logger = options.logger ?? silentLogger;
    this.#intervalMs = Math.max(1, Math.floor(lease.ttlMs / 3));
    this.#marginMs = options.safetyMarginMs ?? Math.min(1_000, Math.floor(lease.ttlMs / 10));
  }

  get holderId(): string {
    return this.lease.holderId;
  }

  isLeader(): boolean {
    return this.#leader && Date.now() < this.#validUntil;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  async campaignNow(): Promise<boolean> {
    this.#running = true;
    clearTimeout(this.#timer);
    await this.#inFlight;
    this.#inFlight = this.#campaign();
    await this.#inFlight;
    return this.isLeader();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#inFlight;
    this.#stepDown('stopped');
    try {
      // Only deletes the key if it still names us; the next leader need not wait for the expiry.
      await this.lease.release();
    } catch (error) {
      this.#logger.warn(
        { err: error, lease: this.lease.key },
        'could not release the leader lease; it expires on its own',
      );
    }
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#campaign();
    }, delayMs);
    this.#timer.unref();
  }

  async #campaign(): Promise<void> {
    const sentAt = Date.now();
    let next = this.#intervalMs;
    try {
      if (this.#leader) {
        if (await this.lease.renew()) this.#hold(sentAt);
        else this.#stepDown('another instance holds the lease');
      } else if (await this.lease.acquire()) {
        this.#hold(sentAt);
      } else {
        next = await this.#untilHolderExpires(next);
      }
    } catch (error) {
      // While leading, the deadline steps down if this goes on until the lease expires.
      this.#logger.warn(
        { err: error, lease: this.lease.key, leader: this.#leader },
        'leader lease check failed',
      );
    }
    this.#schedule(next);
  }

  /** Try again right after the current holder's lease would expire, if that is sooner. */
  async #untilHolderExpires(interval: number): Promise<number> {
    const remaining = await this.lease.remainingMs();
    return remaining === undefined ? 0 : Math.min(interval, remaining + 5);
  }

  #hold(sentAt: number): void {
    if (!this.#running) return;
    this.#validUntil = sentAt + this.lease.ttlMs - this.#marginMs;
    clearTimeout(this.#deadline);
    this.#deadline = setTimeout(() => this.#checkDeadline(), Math.max(0, this.#validUntil - Date.now()));
    this.#deadline.unref();
    if (this.#leader) return;
    this.#leader = true;
    this.#logger.info({ lease: this.lease.key, holder: this.holderId }, 'this instance is now the leader');
    this.emit('elected');
  }

  #checkDeadline(): void {
    if (this.#leader && Date.now() >= this.#validUntil)
      this.#stepDown('the lease could not be renewed before it expired');
  }

  #stepDown(reason: string): void {
    clearTimeout(this.#deadline);
    if (!this.#leader) return;
    this.#leader = false;
    this.#logger.warn({ lease: this.lease.key, reason }, 'this instance is no longer the leader');
    this.emit('deposed', reason);
  }
}
