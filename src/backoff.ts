/**
 * Exponential backoff with jitter, for anything that retries on its own schedule (a chat
 * connection, the Redis reconnection): `baseMs`, then twice as long after each further failure,
 * capped at `maxMs`, each delay spread by ±`jitter` so that instances do not retry in step.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay added or removed at random. Default 0.1. */
  jitter?: number;
}

/** The delay before the next attempt after `failures` failures in a row (1 for the first). */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const delay = Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
  const jitter = policy.jitter ?? 0.1;
  return Math.round(delay * (1 - jitter + 2 * jitter * random()));
}
