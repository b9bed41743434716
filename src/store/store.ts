/**
 * The store as the rest of the core sees it: repositories over one backend, checked for the
 * schema version it was written with.
 */
import type { HeraldEnv } from '../config/env.js';
import { type Logger, silentLogger } from '../log.js';
import { ConnectionReportRepository } from './connection-reports.js';
import { DigestRepository } from './digest-repository.js';
import { StoreSchemaError } from './errors.js';
import { FollowRepository } from './follow-repository.js';
import type { StoreBackend } from './key-value-store.js';
import { NearMissRepository } from './near-miss-repository.js';
import { openBackend } from './open-backend.js';
import { OutboxRepository } from './outbox-repository.js';
import { overlayBackend } from './overlay-backend.js';
import { RecordRepository } from './record-repository.js';
import { SourceStateRepository } from './source-state-repository.js';
import { WatchlistRepository } from './watchlist-repository.js';

/** Bumped when stored shapes change; a store written by a newer version is refused. */
export const SCHEMA_VERSION = 1;

export interface Store {
  readonly backend: StoreBackend;
  readonly records: RecordRepository;
  readonly outbox: OutboxRepository;
  readonly sources: SourceStateRepository;
  readonly watchlist: WatchlistRepository;
  readonly connections: ConnectionReportRepository;
  readonly digests: DigestRepository;
  readonly follows: FollowRepository;
  readonly nearMisses: NearMissRepository;
  close(): Promise<void>;
}

export async function createStore(backend: StoreBackend): Promise<Store> {
  await checkSchemaVersion(backend);
  return {
    backend,
    records: new RecordRepository(
      backend.collection('records'),
      backend.collection('aliases'),
      backend.collection('changes'),
    ),
    outbox: new OutboxRepository(backend.collection('outbox'), backend.collection('delivered')),
    sources: new SourceStateRepository(backend.collection('sources')),
    watchlist: new WatchlistRepository(backend.collection('watchlist')),
    connections: new ConnectionReportRepository(backend.collection('connections')),
    digests: new DigestRepository(backend.collection('digests'), backend.collection('digested')),
    follows: new FollowRepository(backend.collection('follows')),
    nearMisses: new NearMissRepository(backend.collection('near-misses')),
    close: () => backend.close(),
  };
}

export interface OpenStoreOptions {
  /** Read the real store, keep every write in memory. */
  dryRun?: boolean;
  logger?: Logger;
  /** Aborting gives up waiting for Redis to answer (the process is asked to stop). */
  signal?: AbortSignal;
}

/** The SQLite file in DATA_DIR, or Redis when REDIS_URL is set. */
export async function openStore(env: HeraldEnv, options: OpenStoreOptions = {}): Promise<Store> {
  const backend = await openBackend(env, options.logger ?? silentLogger, options.signal);
  return createStore(options.dryRun ? overlayBackend(backend) : backend);
}

async function checkSchemaVersion(backend: StoreBackend): Promise<void> {
  const meta = backend.collection<number>('meta');
  const version = await meta.get('schemaVersion');
  if (version === undefined) {
    await meta.set('schemaVersion', SCHEMA_VERSION);
  } else if (version > SCHEMA_VERSION) {
    throw new StoreSchemaError(
      `the store at ${backend.location} has schema version ${version}, newer than this paper-herald (${SCHEMA_VERSION}): upgrade paper-herald`,
    );
  }
}
