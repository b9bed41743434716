/**
 * Writes this process's chat connection states to the store (connection-reports.ts): at every
 * change and once a minute, one write at a time, the latest states each time; removed on stop.
 * A store that cannot be written (Redis unreachable) loses a report, nothing else.
 */
import { hostname } from 'node:os';
import type { Logger } from '../log.js';
import type { ChatConnectionState, ConnectionReportRepository } from '../store/connection-reports.js';

const RENEW_EVERY_MS = 60_000;

export class ConnectionReporter {
  readonly instance = `${hostname()}:${process.pid}`;
  #states: () => ChatConnectionState[] = () => [];
  #writing: Promise<void> = Promise.resolve();
  #queued = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly reports: ConnectionReportRepository,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Reports these states from now on, renewed once a minute. */
  track(states: () => ChatConnectionState[]): void {
    this.#states = states;
    this.changed();
    this.#timer = setInterval(() => this.changed(), RENEW_EVERY_MS).unref();
  }

  /** Something changed: write the latest states (at most one write waiting behind the current one). */
  readonly changed = (): void => {
    if (this.#stopped || this.#queued) return;
    this.#queued = true;
    this.#writing = this.#writing.then(async () => {
      this.#queued = false;
      if (this.#stopped) return;
      await this.reports
        .save({
          instance: this.instance,
          reportedAt: this.clock().toISOString(),
          connections: this.#states(),
        })
        .catch((error) => this.logger.debug({ err: error }, 'could not store the chat connection report'));
    });
  };

  /** Stops reporting and removes the report: a stopped process has no connections to show. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#writing;
    await this.reports
      .remove(this.instance)
      .catch((error) => this.logger.debug({ err: error }, 'could not remove the chat connection report'));
  }
}
