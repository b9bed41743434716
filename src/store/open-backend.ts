/**
 * Which store this instance uses, from the environment: Redis when REDIS_URL is set (several
 * instances, one leader), else the SQLite file in DATA_DIR (one instance, always the leader).
 */
import { join } from 'node:path';
import type { HeraldEnv } from '../config/env.js';
import type { Logger } from '../log.js';
import { isRedisBackend, type StoreBackend } from './key-value-store.js';
import { AlwaysLeader, LeaderElection, type Leadership } from './leader-election.js';
import { DEFAULT_LEASE_TTL_MS, newHolderId, RedisLease } from './lease.js';
import { openSqliteBackend } from './sqlite-backend.js';

export function sqliteFile(env: Pick<HeraldEnv, 'dataDir'>): string {
  return join(env.dataDir, 'herald.sqlite');
}

export async function openBackend(
  env: HeraldEnv,
  logger: Logger,
  signal?: AbortSignal,
): Promise<StoreBackend> {
  if (!env.redisUrl) return openSqliteBackend(sqliteFile(env));
  // Loaded only here: the Redis client is a large part of a command's start time.
  const { openRedisBackend } = await import('./redis-backend.js');
  return openRedisBackend(env.redisUrl, env.namespace, logger, { signal });
}

export interface LeadershipOptions {
  logger: Logger;
  ttlMs?: number;
  holderId?: string;
}

/** The lease `<namespace>:leader` on a Redis backend; on any other, this process alone. */
export function leadershipFor(backend: StoreBackend, options: LeadershipOptions): Leadership {
  if (!isRedisBackend(backend)) return new AlwaysLeader();
  const lease = new RedisLease(
    backend.redis,
    `${backend.namespace}:leader`,
    options.holderId ?? newHolderId(),
    options.ttlMs ?? DEFAULT_LEASE_TTL_MS,
  );
  return new LeaderElection(lease, { logger: options.logger });
}
