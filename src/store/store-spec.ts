/**
 * A store named on the command line: `sqlite:PATH` (a SQLite file) or `redis://...` /
 * `rediss://...` (a Redis server, with the deployment's namespace).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { HeraldError } from '../errors.js';
import type { Logger } from '../log.js';
import type { StoreBackend } from './key-value-store.js';
import { checkNamespace, openRedisBackend } from './redis-backend.js';
import { checkRedisUrl, redactRedisUrl } from './redis-connection.js';
import { openSqliteBackend } from './sqlite-backend.js';

export type StoreSpec = { kind: 'sqlite'; file: string } | { kind: 'redis'; url: string; namespace: string };

/** A store argument that names no store this can open. */
export class StoreSpecError extends HeraldError {
  constructor(message: string) {
    super('STORE_SPEC', message);
  }
}

export function parseStoreSpec(text: string, namespace: string): StoreSpec {
  if (text.startsWith('sqlite:')) {
    // sqlite:data/herald.sqlite, sqlite:/abs/path, and the URL-like sqlite:///abs/path.
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new StoreSpecError('sqlite: needs a file path, e.g. sqlite:data/herald.sqlite');
    return { kind: 'sqlite', file: resolve(path) };
  }
  if (/^rediss?:\/\//.test(text)) {
    try {
      checkRedisUrl(text);
      checkNamespace(namespace);
    } catch (error) {
      throw new StoreSpecError((error as Error).message);
    }
    return { kind: 'redis', url: text, namespace };
  }
  throw new StoreSpecError(`"${redactRedisUrl(text)}" is neither sqlite:PATH nor redis://host:port`);
}

export function describeStoreSpec(spec: StoreSpec): string {
  return spec.kind === 'sqlite'
    ? `sqlite:${spec.file}`
    : `${redactRedisUrl(spec.url)} (namespace ${spec.namespace})`;
}

/** True when both name the same data: the same file, or the same Redis database and namespace. */
export function sameStore(a: StoreSpec, b: StoreSpec): boolean {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') return a.file === b.file;
  if (a.kind === 'redis' && b.kind === 'redis')
    return a.namespace === b.namespace && redisDatabase(a.url) === redisDatabase(b.url);
  return false;
}

function redisDatabase(url: string): string {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '') || '0';
  return `${parsed.hostname.toLowerCase()}:${parsed.port || '6379'}/${db}`;
}

export interface OpenSpecOptions {
  /** The store must exist already (a migration's source: never create an empty file). */
  mustExist?: boolean;
}

export async function openStoreSpec(
  spec: StoreSpec,
  logger: Logger,
  options: OpenSpecOptions = {},
): Promise<StoreBackend> {
  if (spec.kind === 'redis') return openRedisBackend(spec.url, spec.namespace, logger);
  if (options.mustExist && !existsSync(spec.file))
    throw new StoreSpecError(`there is no SQLite store at ${spec.file}`);
  return openSqliteBackend(spec.file);
}
