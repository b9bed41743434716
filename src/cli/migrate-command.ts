/**
 * `herald migrate --from sqlite:PATH|redis://... --to sqlite:PATH|redis://... [--force]`: copies
 * a whole store between backends and prints what it copied. Exit codes: 0 copied, 1 the copy
 * failed or the target is not empty, 2 bad arguments.
 */
import type { Command } from 'commander';
import { readEnv } from '../config/env.js';
import { createLogger, type Logger } from '../log.js';
import type { StoreBackend } from '../store/key-value-store.js';
import { type MigrationResult, migrateStore } from '../store/migrate.js';
import {
  describeStoreSpec,
  openStoreSpec,
  parseStoreSpec,
  type StoreSpec,
  StoreSpecError,
  sameStore,
} from '../store/store-spec.js';

interface MigrateArguments {
  from?: string;
  to?: string;
  namespace?: string;
  force?: boolean;
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('copy the whole store from one backend to another (stop every `herald run` first)')
    .option('--from <store>', 'the store to copy: sqlite:PATH or redis://[user:password@]host:port[/db]')
    .option('--to <store>', 'the store to write: sqlite:PATH or redis://...')
    .option('--namespace <name>', 'key prefix in Redis (default: $HERALD_NAMESPACE or herald)')
    .option('--force', 'overwrite a target that already holds data (it ends up equal to the source)')
    // Usage errors (unknown option, missing value) exit 2 like every other bad argument.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (options: MigrateArguments) => {
      process.exitCode = await runMigrate(options);
    });
}

export async function runMigrate(options: MigrateArguments): Promise<number> {
  let specs: { from: StoreSpec; to: StoreSpec };
  try {
    specs = parseArguments(options);
  } catch (error) {
    if (!(error instanceof StoreSpecError)) throw error;
    process.stderr.write(`herald migrate: ${error.message}\n`);
    return 2;
  }
  const logger = cliLogger();
  const opened: StoreBackend[] = [];
  try {
    const from = await openStoreSpec(specs.from, logger, { mustExist: true });
    opened.push(from);
    const to = await openStoreSpec(specs.to, logger);
    opened.push(to);
    const result = await migrateStore(from, to, { force: options.force });
    process.stdout.write(report(specs, result));
    return 0;
  } catch (error) {
    if (!(error instanceof StoreSpecError)) throw error;
    process.stderr.write(`herald migrate: ${error.message}\n`);
    return 2;
  } finally {
    await Promise.all(opened.map((backend) => backend.close()));
  }
}

function parseArguments(options: MigrateArguments): { from: StoreSpec; to: StoreSpec } {
  if (!options.from || !options.to)
    throw new StoreSpecError(
      'both --from and --to are required, e.g. --from sqlite:data/herald.sqlite --to redis://localhost:6379',
    );
  const namespace = options.namespace ?? readEnv().namespace;
  const from = parseStoreSpec(options.from, namespace);
  const to = parseStoreSpec(options.to, namespace);
  if (sameStore(from, to))
    throw new StoreSpecError(`--from and --to name the same store (${describeStoreSpec(from)})`);
  return { from, to };
}

/** Quiet unless LOG_LEVEL asks for more: the command prints its own summary. */
function cliLogger(): Logger {
  return createLogger({ level: process.env.LOG_LEVEL ? readEnv().logLevel : 'warn' });
}

function report(specs: { from: StoreSpec; to: StoreSpec }, result: MigrationResult): string {
  const names = Object.keys(result.copied) as (keyof MigrationResult['copied'])[];
  const width = Math.max(...names.map((name) => name.length), 'total'.length);
  const lines = [`copied ${describeStoreSpec(specs.from)} to ${describeStoreSpec(specs.to)}:`];
  for (const name of names) {
    const removed = result.removed[name] > 0 ? ` (${result.removed[name]} removed from the target)` : '';
    lines.push(`  ${name.padEnd(width)} ${String(result.copied[name]).padStart(8)}${removed}`);
  }
  const total = names.reduce((sum, name) => sum + result.copied[name], 0);
  lines.push(`  ${'total'.padEnd(width)} ${String(total).padStart(8)}`);
  return `${lines.join('\n')}\n`;
}
