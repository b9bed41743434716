/**
 * A chat connection kept up for the life of the process (the Discord gateway, Slack's Socket Mode
 * or HTTP receiver), platform-free: an adapter opens one attempt; this module bounds each attempt
 * in time, retries a failed or lost one with exponential backoff, logs every change of state, and
 * stops at once whatever the attempt is doing. Nothing else waits for it: announcements go out
 * through the platforms' REST/Web APIs, and slash commands come up when their connection does.
 */
import { type BackoffPolicy, backoffDelay } from '../backoff.js';
import { HeraldError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ChatConnectionState, ChatConnectionStatus } from '../store/connection-reports.js';

export interface ConnectionTiming {
  /** How long one attempt may take to connect, and a lost connection to come back by itself. */
  connectTimeoutMs: number;
  /** Backoff between attempts: from `baseMs`, doubling, up to `maxMs`. */
  retry: BackoffPolicy;
}

export const DEFAULT_CONNECTION_TIMING: ConnectionTiming = {
  connectTimeoutMs: 60_000,
  retry: { baseMs: 5_000, maxMs: 5 * 60_000 },
};

/** The defaults, with what the environment overrides (HERALD_CONNECT_TIMEOUT_MS, HERALD_RECONNECT_*). */
export function connectionTiming(overrides: {
  connectTimeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}): ConnectionTiming {
  const { connectTimeoutMs, retry } = DEFAULT_CONNECTION_TIMING;
  const baseMs = overrides.retryBaseMs ?? retry.baseMs;
  return {
    connectTimeoutMs: overrides.connectTimeoutMs ?? connectTimeoutMs,
    retry: { baseMs, maxMs: Math.max(baseMs, overrides.retryMaxMs ?? retry.maxMs) },
  };
}

/** What an adapter tells about a connection once it is open. */
export interface LinkWatcher {
  /** The library lost the connection and is reconnecting by itself. */
  reconnecting(reason: string): void;
  /** It is back. */
  restored(): void;
  /** It is gone for good (the library gave up): a new attempt is needed. */
  lost(error: Error): void;
}

export interface OpenLink {
  /** Closes everything the attempt opened (sockets, servers, workers); resolves when done. */
  close(): Promise<void>;
}

/** What an adapter's one attempt is given. */
export interface AttemptControl {
  /** Told when the connection drops, comes back, or is gone for good, once it is open. */
  watch?: LinkWatcher;
  /** Aborting ends the attempt: the adapter closes what it started and rejects. */
  signal?: AbortSignal;
}

/**
 * Opens one connection. On `signal`'s abort (timeout, stop) it must close whatever it started,
 * then reject: the next attempt, or the end of stop(), waits for that. Before it resolves, only
 * `lost` counts.
 */
export type OpenConnection = (watch: LinkWatcher, signal: AbortSignal) => Promise<OpenLink>;

/** A connection attempt that did not succeed in time. */
export class ConnectTimeoutError extends HeraldError {
  constructor(what: string, ms: number) {
    super('CHAT_CONNECT_TIMEOUT', `${what}: no connection within ${formatDuration(ms)}`);
  }
}

export interface KeptConnectionOptions {
  /** As an admin would name it: "Discord gateway". */
  name: string;
  open: OpenConnection;
  timing: ConnectionTiming;
  logger: Logger;
  /** Called after every change of state (for the status report). */
  onChange?: (state: ChatConnectionState) => void;
}

interface Attempt {
  controller: AbortController;
  /** Settles the wait of a connected attempt: lost, or stopped. */
  end: (error: Error | undefined) => void;
  connected: boolean;
  stallTimer?: NodeJS.Timeout;
}

export class KeptConnection {
  readonly name: string;
  #state: ChatConnectionState;
  #stopping = false;
  #attempt: Attempt | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(private readonly options: KeptConnectionOptions) {
    this.name = options.name;
    this.#state = { name: options.name, status: 'connecting', since: this.#now(), failures: 0 };
  }

  get state(): ChatConnectionState {
    return { ...this.#state };
  }

  /** Starts connecting in the background; returns at once. */
  start(): void {
    this.#loop ??= this.#run().catch((error) =>
      this.options.logger.error({ err: error, connection: this.name }, `${this.name}: supervision failed`),
    );
  }

  /** Ends the attempt in progress or closes the connection, and stops retrying. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#attempt?.controller.abort(new Error('stopped'));
    this.#attempt?.end(undefined);
    this.#wake?.();
    await this.#loop;
    this.#set('stopped');
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#set('connecting');
      const error = await this.#attemptOnce();
      if (this.#stopping) return;
      this.#state.failures += 1;
      await this.#waitToRetry(error ?? new Error('closed'));
    }
  }

  /** One attempt: connect within the timeout, then hold the connection until it is lost. */
  async #attemptOnce(): Promise<Error | undefined> {
    let end: (error: Error | undefined) => void = () => undefined;
    const ended = new Promise<Error | undefined>((resolve) => {
      end = resolve;
    });
    const attempt: Attempt = { controller: new AbortController(), end, connected: false };
    this.#attempt = attempt;
    let link: OpenLink;
    try {
      link = await this.#openWithin(attempt);
    } catch (error) {
      return error as Error;
    }
    attempt.connected = true;
    if (!this.#stopping) {
      this.#state.failures = 0;
      this.#set('connected');
    } else {
      attempt.end(undefined);
    }
    const lost = await ended;
    clearTimeout(attempt.stallTimer);
    this.#attempt = undefined;
    await link
      .close()
      .catch((error) =>
        this.options.logger.warn({ err: error, connection: this.name }, `${this.name}: closing failed`),
      );
    return lost;
  }

  /** The adapter's attempt, aborted after the timeout; it settles once the adapter has cleaned up. */
  async #openWithin(attempt: Attempt): Promise<OpenLink> {
    const { connectTimeoutMs } = this.options.timing;
    const { controller } = attempt;
    const timer = setTimeout(
      () => controller.abort(new ConnectTimeoutError(this.name, connectTimeoutMs)),
      connectTimeoutMs,
    );
    try {
      const link = await this.options.open(this.#watcherFor(attempt), controller.signal);
      if (controller.signal.aborted) {
        // Opened after all, too late: close it rather than leak it.
        await link.close().catch(() => undefined);
        throw controller.signal.reason;
      }
      return link;
    } catch (error) {
      // The timeout, rather than how the adapter reports being aborted.
      throw controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Events of one attempt, ignored after it has ended; before it is open, only a loss counts (it
   * ends the attempt as soon as it opens).
   */
  #watcherFor(attempt: Attempt): LinkWatcher {
    const current = () => this.#attempt === attempt && !this.#stopping;
    const live = () => attempt.connected && current();
    return {
      reconnecting: (reason) => {
        if (!live() || attempt.stallTimer) return;
        this.#set('reconnecting', { lastError: reason });
        // The library's own reconnection gets as long as an attempt; then a fresh start, with backoff.
        const ms = this.options.timing.connectTimeoutMs;
        attempt.stallTimer = setTimeout(() => attempt.end(new ConnectTimeoutError(this.name, ms)), ms);
      },
      restored: () => {
        if (!live() || !attempt.stallTimer) return;
        clearTimeout(attempt.stallTimer);
        attempt.stallTimer = undefined;
        this.#set('connected');
      },
      lost: (error) => {
        if (current()) attempt.end(error);
      },
    };
  }

  async #waitToRetry(error: Error): Promise<void> {
    const delay = backoffDelay(this.#state.failures, this.options.timing.retry);
    const retryAt = new Date(Date.now() + delay);
    this.#set('failed', { lastError: error.message, retryAt: retryAt.toISOString() }, delay);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  #set(
    status: ChatConnectionStatus,
    detail: { lastError?: string; retryAt?: string } = {},
    retryInMs?: number,
  ): void {
    const previous = this.#state;
    if (previous.status === status && status === 'stopped') return;
    // The last error stays on show until the connection is up again.
    const lastError = status === 'connected' ? undefined : (detail.lastError ?? previous.lastError);
    this.#state = {
      name: this.name,
      status,
      since: this.#now(),
      failures: previous.failures,
      ...(lastError ? { lastError } : {}),
      ...(detail.retryAt ? { retryAt: detail.retryAt } : {}),
    };
    this.#log(retryInMs);
    this.options.onChange?.(this.state);
  }

  #log(retryInMs: number | undefined): void {
    const { logger } = this.options;
    const { status, lastError, retryAt, failures } = this.#state;
    const fields = { connection: this.name, state: status, ...(failures ? { failures } : {}) };
    switch (status) {
      case 'failed':
        logger.warn(
          { ...fields, retryAt, error: lastError },
          `${this.name}: failed (${lastError}); next attempt in ${formatDuration(retryInMs ?? 0)}. ` +
            'Its slash commands wait for it; announcements do not.',
        );
        break;
      case 'reconnecting':
        logger.warn(
          { ...fields, error: lastError },
          `${this.name}: connection lost (${lastError}); reconnecting`,
        );
        break;
      default:
        logger.info(fields, `${this.name}: ${status}`);
    }
  }

  #now(): string {
    return new Date().toISOString();
  }
}

function formatDuration(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`;
}
