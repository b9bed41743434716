/**
 * `herald redeliver <delivery|channel|all>`: queues held deliveries again (src/app/redeliver.ts).
 * A target that names nothing is a command that cannot be done: exit 1, as for an unknown id.
 */
import type { Command } from 'commander';
import { addConfigOption } from './usage.js';

export function registerRedeliverCommand(program: Command): void {
  addConfigOption(program.command('redeliver'))
    .argument('<target>', 'a held delivery (its key, as herald status shows it), a channel id, or all')
    .description('queue held deliveries again; the bot posts them at its next delivery run')
    .action(async (target: string, options: { config?: string }) => {
      await runRedeliver(target, options.config);
    });
}

async function runRedeliver(target: string, configPath: string | undefined): Promise<void> {
  const { openCore } = await import('../app/core.js');
  const { redeliver } = await import('../app/redeliver.js');
  const { deliverableTitle } = await import('../announce/announcement.js');
  const core = await openCore({ configPath });
  try {
    const { described, queued } = await redeliver(core, target);
    if (queued.length === 0) {
      process.stdout.write(`Nothing is held in ${described}.\n`);
      return;
    }
    const lines = queued.map((entry) => `  ${entry.key}  "${deliverableTitle(entry.announcement)}"`);
    process.stdout.write(
      `Queued again (${described}): ${queued.length}\n${lines.join('\n')}\nThe running bot posts them at its next delivery run (within a minute), or run \`herald run --once\`.\n`,
    );
  } finally {
    await core.close();
  }
}
