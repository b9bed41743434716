/**
 * A source's health across polls: consecutive failures back it off exponentially (capped), and
 * after `pauseAfterFailures` in a row it is paused until an admin resumes it. A paused source is
 * still tried once a day by itself (a service down for a weekend comes back without anyone), and
 * a try that works resumes it.
 */
import type { SourceState } from '../store/source-state-repository.js';

const BASE_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;
/** How often a paused source is tried by itself. */
export const PAUSED_RETRY_MS = 24 * 60 * 60_000;

export type SourceHealth = 'ok' | 'failing' | 'paused';

export function healthOf(state: SourceState): SourceHealth {
  if (state.pausedAt) return 'paused';
  return state.failures > 0 ? 'failing' : 'ok';
}

/** When a paused source is tried next: a day after its last attempt (or its pause). */
export function nextPausedTry(state: SourceState): Date | undefined {
  const since = state.lastAttemptAt ?? state.pausedAt;
  if (!state.pausedAt || !since) return undefined;
  return new Date(Math.max(Date.parse(since), Date.parse(state.pausedAt)) + PAUSED_RETRY_MS);
}

export function isDue(state: SourceState, now: Date, ignoreBackoff: boolean): boolean {
  // Paused: neither a restart (ignoreBackoff) nor the schedule tries it before its daily try.
  if (state.pausedAt) return nextPausedTry(state)! <= now;
  return ignoreBackoff || !state.retryAfter || new Date(state.retryAfter) <= now;
}

export function afterSuccess(
  now: Date,
  extra: Partial<SourceState>,
  state: SourceState,
): Partial<SourceState> {
  return {
    ...extra,
    firstPolledAt: state.firstPolledAt ?? now.toISOString(),
    lastAttemptAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    failures: 0,
    retryAfter: undefined,
    lastError: undefined,
    // A paused source's daily try worked: it is resumed.
    pausedAt: undefined,
  };
}

export interface FailureOutcome {
  patch: Partial<SourceState>;
  /** True exactly once: on the failure that pauses the source. */
  pausedNow: boolean;
}

/** A Retry-After further away than this is taken as this (a misconfigured server must not park a source). */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

export function afterFailure(
  now: Date,
  message: string,
  state: SourceState,
  pauseAfter: number,
  /** The service said when to come back (429 with Retry-After). */
  retryAfterMs = 0,
): FailureOutcome {
  const failures = state.failures + 1;
  const backoff = Math.max(
    Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (failures - 1)),
    Math.min(MAX_RETRY_AFTER_MS, retryAfterMs),
  );
  const pausedNow = failures >= pauseAfter && !state.pausedAt;
  return {
    patch: {
      failures,
      lastAttemptAt: now.toISOString(),
      lastError: message,
      lastErrorAt: now.toISOString(),
      retryAfter: new Date(now.getTime() + backoff).toISOString(),
      ...(pausedNow ? { pausedAt: now.toISOString() } : {}),
    },
    pausedNow,
  };
}

/** How an admin lifts a source's pause, in chat and on the command line. */
export function resumeCommand(sourceId: string): string {
  return `/source resume ${sourceId} (herald source resume ${sourceId})`;
}

/** What `/source resume` (and `/feed resume`) writes. */
export function resumed(): Partial<SourceState> {
  return { pausedAt: undefined, failures: 0, retryAfter: undefined };
}
