/**
 * One connection to Redis (node-redis, `@redis/client`) per process, shared by the store's
 * collections and the leader lease.
 *
 * When Redis goes away, the client keeps reconnecting in the background with capped exponential
 * backoff, and every operation meanwhile fails at once with a StoreError instead of waiting in
 * node-redis's offline queue: a poll cycle or a delivery then fails and is retried later, and a
 * command answers "store unavailable", rather than everything hanging until Redis is back.
 */
import { createClient } from '@redis/client';
import { backoffDelay } from '../backoff.js';
import { HeraldError } from '../errors.js';
import type { Logger } from '../log.js';
import { StoreError } from './errors.js';

export interface RedisConnectionOptions {
  /** How long opening waits for the first connection before giving up. */
  connectWaitMs?: number;
  /** Longest pause between reconnection attempts. */
  maxReconnectDelayMs?: number;
  /** A command without a reply after this long fails (a silently dead connection). */
  commandTimeoutMs?: number;
}

/** REDIS_URL or HERALD_NAMESPACE cannot be used. */
export class RedisSettingsError extends HeraldError {
  constructor(message: string) {
    super('STORE_REDIS_SETTINGS', message);
  }
}

const REFUSED_CREDENTIALS = /WRONGPASS|NOAUTH|NOPERM|ERR AUTH|invalid username-password/i;

/** Aborting gives up waiting for the first connection (the process is asked to stop). */
export interface OpenSignal {
  signal?: AbortSignal;
}

const DEFAULTS = { connectWaitMs: 10_000, maxReconnectDelayMs: 5_000, commandTimeoutMs: 10_000 };

export type RedisClient = ReturnType<typeof createRedisClient>;

function createRedisClient(url: string, options: Required<RedisConnectionOptions>) {
  return createClient({
    url,
    // Commands fail while reconnecting instead of queueing (MULTI is checked in assertReady).
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs },
    socket: {
      connectTimeout: Math.min(options.connectWaitMs, 5_000),
      reconnectStrategy: (retries: number) => reconnectDelay(retries, options.maxReconnectDelayMs),
    },
  });
}

/** 100 ms, 200 ms, 400 ms ... capped, with ±10% jitter so instances do not reconnect in step. */
export function reconnectDelay(retries: number, maxDelayMs: number): number {
  return backoffDelay(retries + 1, { baseMs: 100, maxMs: maxDelayMs });
}

export class RedisConnection {
  readonly client: RedisClient;
  /** The URL without credentials, for logs. */
  readonly location: string;
  #closed = false;
  #everReady = false;
  #lostAt: Date | undefined;
  #lastError: string | undefined;

  private constructor(
    url: string,
    options: Required<RedisConnectionOptions>,
    private readonly logger: Logger,
  ) {
    this.location = redactRedisUrl(url);
    this.client = createRedisClient(url, options);
    this.#watch();
  }

  /** Connects, waiting at most `connectWaitMs` for Redis to answer. */
  static async open(
    url: string,
    logger: Logger,
    { signal, ...options }: RedisConnectionOptions & OpenSignal = {},
  ): Promise<RedisConnection> {
    checkRedisUrl(url);
    const settings = { ...DEFAULTS, ...options };
    const connection = new RedisConnection(url, settings, logger);
    await connection.#connect(settings.connectWaitMs, signal);
    return connection;
  }

  get isReady(): boolean {
    return !this.#closed && this.client.isReady;
  }

  /** Throws at once while Redis is unreachable, so no operation waits for the reconnection. */
  assertReady(): void {
    if (this.#closed) throw new StoreError(`the Redis store at ${this.location} is closed`);
    if (this.client.isReady) return;
    const since = this.#lostAt ? ` since ${this.#lostAt.toISOString()}` : '';
    const cause = this.#lastError ? ` (${this.#lastError})` : '';
    throw new StoreError(`Redis at ${this.location} is unreachable${since}${cause}; reconnecting`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.client.isOpen) return;
    // close() lets in-flight commands finish; while reconnecting there are none to wait for.
    if (this.client.isReady) await this.client.close();
    else this.client.destroy();
  }

  async #connect(waitMs: number, signal: AbortSignal | undefined): Promise<void> {
    const failure = await this.#firstConnection(waitMs, signal);
    if (failure === undefined) return;
    await this.close();
    throw new StoreError(`cannot reach Redis at ${this.location}: ${failure}`);
  }

  /**
   * Undefined once connected, else why not. node-redis retries the first connection as any
   * other, so wrong credentials would only show as a timeout: they end the wait at once.
   */
  #firstConnection(waitMs: number, signal: AbortSignal | undefined): Promise<string | undefined> {
    return new Promise((resolve) => {
      const onAbort = () => done('stopped before it answered');
      const timer = setTimeout(() => {
        const cause = this.#lastError ? ` (${this.#lastError})` : '';
        done(`no answer within ${waitMs} ms${cause}`);
      }, waitMs);
      const onError = (error: Error) => {
        if (REFUSED_CREDENTIALS.test(error.message)) done(error.message);
      };
      const done = (failure?: string) => {
        clearTimeout(timer);
        this.client.off('error', onError);
        signal?.removeEventListener('abort', onAbort);
        resolve(failure);
      };
      this.client.on('error', onError);
      // Asked to stop (SIGTERM while opening): give up the wait at once.
      if (signal?.aborted) return done('stopped before it answered');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.client.connect().then(
        () => done(this.client.isReady ? undefined : 'the connection closed while opening'),
        (error: Error) => done(error.message),
      );
    });
  }

  /** Logs a lost connection once and its return once, not every reconnection attempt. */
  #watch(): void {
    // Several keyv adapters listen on this client too.
    this.client.setMaxListeners(32);
    this.client.on('error', (error: Error) => {
      this.#lastError = error.message || error.name;
      if (this.#closed) return;
      // Before the first connection, open() reports the failure itself.
      if (this.#everReady && this.#lostAt === undefined) {
        this.#lostAt = new Date();
        this.logger.error(
          { redis: this.location, err: error },
          'Redis connection lost: store operations fail until it is back; reconnecting with backoff',
        );
      } else {
        this.logger.debug({ redis: this.location, err: error }, 'Redis still unreachable');
      }
    });
    this.client.on('ready', () => {
      if (this.#lostAt) {
        const downSeconds = (Date.now() - this.#lostAt.getTime()) / 1000;
        this.logger.info({ redis: this.location, downSeconds }, 'Redis connection restored');
      } else {
        this.logger.info({ redis: this.location }, 'connected to Redis');
      }
      this.#everReady = true;
      this.#lostAt = undefined;
      this.#lastError = undefined;
    });
  }
}

export function checkRedisUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisSettingsError(`REDIS_URL "${redactRedisUrl(url)}" is not a URL such as redis://host:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new RedisSettingsError(`REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//`);
}

/** The URL without user name and password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
