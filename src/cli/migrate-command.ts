/**
 * `herald migrate --from sqlite:PATH|redis://... --to sqlite:PATH|redis://... [--force]`: copies
 * a whole store between backends and prints what it copied. Exit codes: 0 copied, 1 the copy
 * failed or the target is not empty, 2 bad arguments. The store code is loaded only when it runs.
 */
import type { Command } from 'commander';
import type { Logger } from '../log.js';
import type { StoreBackend } from '../store/key-value-store.js';
import type { MigrationResult } from '../store/migrate.js';
import type { StoreSpec } from '../store/store-spec.js';
import { EXIT_OK, EXIT_USAGE } from './usage.js';

interface MigrateArguments {
  from: string;
  to: string;
  namespace?: string;
  force?: boolean;
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('copy the whole store from one backend to another (stop every `herald run` first)')
    .requiredOption(
      '--from <store>',
      'the store to copy: sqlite:PATH or redis://[user:password@]host:port[/db]',
    )
    .requiredOption('--to <store>', 'the store to write: sqlite:PATH or redis://...')
    .option('--namespace <name>', 'key prefix in Redis (default: $HERALD_NAMESPACE or herald)')
    .option('--force', 'overwrite a target that already holds data (it ends up equal to the source)')
    .action(async (options: MigrateArguments) => {
      process.exitCode = await runMigrate(options);
    });
}

export async function runMigrate(options: MigrateArguments): Promise<number> {
  const { describeStoreSpec, openStoreSpec, StoreSpecError } = await import('../store/store-spec.js');
  const { migrateStore } = await import('../store/migrate.js');
  const refused = (error: unknown) => {
    if (!(error instanceof StoreSpecError)) throw error;
    process.stderr.write(`herald migrate: ${error.message}\n`);
    return EXIT_USAGE;
  };
  let specs: { from: StoreSpec; to: StoreSpec };
  try {
    specs = await parseArguments(options);
  } catch (error) {
    return refused(error);
  }
  const logger = await cliLogger();
  const opened: StoreBackend[] = [];
  try {
    const from = await openStoreSpec(specs.from, logger, { mustExist: true });
    opened.push(from);
    const to = await openStoreSpec(specs.to, logger);
    opened.push(to);
    const result = await migrateStore(from, to, { force: options.force });
    process.stdout.write(report(specs, result, describeStoreSpec));
    return EXIT_OK;
  } catch (error) {
    return refused(error);
  } finally {
    await Promise.all(opened.map((backend) => backend.close()));
  }
}

async function parseArguments(options: MigrateArguments): Promise<{ from: StoreSpec; to: StoreSpec }> {
  const { describeStoreSpec, parseStoreSpec, StoreSpecError, sameStore } = await import(
    '../store/store-spec.js'
  );
  const { readEnv } = await import('../config/env.js');
  const namespace = options.namespace ?? readEnv().namespace;
  const from = parseStoreSpec(options.from, namespace);
  const to = parseStoreSpec(options.to, namespace);
  if (sameStore(from, to))
    throw new StoreSpecError(`--from and --to name the same store (${describeStoreSpec(from)})`);
  return { from, to };
}

/** Quiet unless LOG_LEVEL asks for more: the command prints its own summary. */
async function cliLogger(): Promise<Logger> {
  const { createLogger } = await import('../log.js');
  const { readEnv } = await import('../config/env.js');
  return createLogger({ level: process.env.LOG_LEVEL ? readEnv().logLevel : 'warn' });
}

function report(
  specs: { from: StoreSpec; to: StoreSpec },
  result: MigrationResult,
  describeStoreSpec: (spec: StoreSpec) => string,
): string {
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
