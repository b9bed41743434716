/**
 * `herald redeliver <delivery|channel|all>`: queues held deliveries again (src/app/redeliver.ts).
 * Exit codes: 0 queued (or nothing was held there), 2 the target names nothing.
 */
import type { Command } from 'commander';
import { openCore } from '../app/core.js';
import { redeliver, UnknownRedeliverTargetError } from '../app/redeliver.js';

export function registerRedeliverCommand(program: Command): void {
  program
    .command('redeliver')
    .argument('<target>', 'a held delivery (its key, as herald status shows it), a channel id, or all')
    .description('queue held deliveries again; the bot posts them at its next delivery run')
    .option('-c, --config <file>', 'config file')
    .action(async (target: string, options: { config?: string }) => {
      process.exitCode = await runRedeliver(target, options.config);
    });
}

async function runRedeliver(target: string, configPath: string | undefined): Promise<number> {
  const core = await openCore({ configPath });
  try {
    const { described, queued } = await redeliver(core, target);
    if (queued.length === 0) {
      process.stdout.write(`Nothing is held in ${described}.\n`);
      return 0;
    }
    const lines = queued.map((entry) => `  ${entry.key}  "${entry.announcement.record.title}"`);
    process.stdout.write(
      `Queued again (${described}): ${queued.length}\n${lines.join('\n')}\nThe running bot posts them at its next delivery run (within a minute), or run \`herald run --once\`.\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof UnknownRedeliverTargetError)) throw error;
    process.stderr.write(`herald redeliver: ${error.message}\n`);
    return 2;
  } finally {
    await core.close();
  }
}
