/**
 * Waits with a time limit of their own: each says what it waited for, and on timeout what it saw,
 * instead of hanging until the test's timeout.
 */
import type { HeraldProcess } from './herald-process.js';

/** `promise`, or a rejection naming `what` and showing `seen()` after `ms`. */
export async function within<T>(
  ms: number,
  what: string,
  promise: Promise<T>,
  seen: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}; saw:\n${seen()}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last lines of a herald process's logs, for failure messages. */
export function tailOf(herald: HeraldProcess, chars = 3000): string {
  return herald.stderr.slice(-chars);
}

/** A log line (or stdout) of `herald` matching `pattern`, within `ms`. */
export function logWithin(
  herald: HeraldProcess,
  pattern: RegExp,
  ms: number,
  stream: 'stdout' | 'stderr' = 'stderr',
): Promise<void> {
  return within(ms, `${pattern} on ${stream}`, herald.waitFor(pattern, stream), () =>
    herald[stream].slice(-3000),
  );
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal to the exit. */
  ms: number;
}

/**
 * Sends `signal` and waits at most `ms` for the process to exit. On timeout the process is
 * killed (so the test leaves nothing behind) and the wait fails with its last logs.
 */
export async function stopWithin(herald: HeraldProcess, signal: NodeJS.Signals, ms: number): Promise<Exit> {
  const sentAt = performance.now();
  herald.signal(signal);
  try {
    const { code, signal: by } = await within(ms, `herald to exit after ${signal}`, herald.exited, () =>
      tailOf(herald),
    );
    return { code, signal: by, ms: performance.now() - sentAt };
  } catch (error) {
    herald.signal('SIGKILL');
    await herald.exited;
    throw error;
  }
}
