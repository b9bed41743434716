/**
 * `.env` in the working directory, loaded at start with Node's own parser (process.loadEnvFile):
 * variables already in the environment win, so a service manager's settings are never replaced.
 */
import { existsSync } from 'node:fs';
import { HeraldError } from '../errors.js';

export class EnvFileError extends HeraldError {
  constructor(file: string, cause: unknown) {
    super('ENV_FILE', `could not read ${file}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** Loads `file` when it exists; true when it did. */
export function loadDotEnv(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new EnvFileError(file, error);
  }
  return true;
}
