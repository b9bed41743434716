/**
 * SIGTERM and SIGINT for `herald run` (long-running or `--once`) and a Discord shard: listened for
 * from the very start, so a signal while the store opens or a platform logs in stops the process
 * cleanly instead of killing it; and a deadline after which it exits even if a library still
 * holds something open, so that a stop never takes more than 10 s.
 */
import { constants } from 'node:os';
import type { Logger } from '../log.js';

export interface StopRequest {
  /** Aborted when the first SIGTERM or SIGINT arrives. */
  readonly signal: AbortSignal;
  /** Resolves with that signal's name. */
  readonly received: Promise<NodeJS.Signals>;
}

export function listenForStop(): StopRequest {
  const controller = new AbortController();
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      controller.abort();
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
  return { signal: controller.signal, received };
}

/**
 * Exits with `code` after `ms` unless the process has ended by then, naming what still held it
 * open. The timer does not itself keep the process alive.
 */
export function exitAfter(ms: number, logger: Logger, code = 0): void {
  setTimeout(() => {
    logger.error(
      { open: process.getActiveResourcesInfo() },
      `still running ${ms / 1000} s after the stop signal; exiting anyway`,
    );
    process.exit(code);
  }, ms).unref();
}

/**
 * The exit code of a run cut short by `signal`: 128 + its number (130 for SIGINT, 143 for
 * SIGTERM), as a shell reports a process the signal killed, so that cron, scripts and `$?` read it
 * as interrupted rather than as done (0) or failed (1).
 */
export function interruptedExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
