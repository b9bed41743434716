/**
 * "Exactly one instance handles this": a slash command reaches every instance connected to the
 * Discord gateway, and the first to claim its id answers it. Over Redis a claim is `SET NX PX`
 * (keyv has no atomic set-if-absent); a single instance on SQLite always wins its claims.
 */
import { isRedisBackend, type StoreBackend } from './key-value-store.js';

export type Claim = (key: string, ttlMs: number) => Promise<boolean>;

export function claimsFor(backend: StoreBackend): Claim {
  if (!isRedisBackend(backend)) return async () => true;
  return async (key, ttlMs) => {
    // Store down: every instance answers (the others' answers fail as "already acknowledged"),
    // which beats nobody answering.
    if (!backend.redis.isReady) return true;
    const set = await backend.redis.client.set(`${backend.namespace}:claim:${key}`, '1', {
      NX: true,
      PX: ttlMs,
    });
    return set === 'OK';
  };
}
