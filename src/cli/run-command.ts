/**
 * `herald run`: the bot. Its implementation (and everything it loads) is imported only when it
 * runs, so `herald --version` or a usage error costs none of it.
 */
import { type Command, Option } from 'commander';
import { parseInstant } from './instant.js';
import { addConfigOption } from './usage.js';

interface RunArguments {
  config?: string;
  once?: boolean;
  dryRun?: boolean;
  output: 'console' | 'jsonl';
  now?: Date;
}

export function registerRunCommand(program: Command): void {
  addConfigOption(program.command('run'))
    .description('poll every source now and then on its schedule, and announce what is new')
    .option('--once', 'run one cycle and exit: 0 when every source succeeded, 1 when one failed')
    .option('--dry-run', 'read the store but write nothing to it')
    .addOption(
      new Option('--output <format>', 'how announcements are printed')
        .choices(['console', 'jsonl'])
        .default('console'),
    )
    .option(
      '--now <iso>',
      'fix the clock: an instant in ISO 8601 with its offset, e.g. 2026-12-01T09:00:00Z',
      parseInstant,
    )
    .action(async (options: RunArguments) => {
      // Before anything that loads undici and compiles its parser.
      const { compileWasmWithBaselineOnly } = await import('../app/wasm-tiering.js');
      compileWasmWithBaselineOnly();
      const { runBot } = await import('../app/run-bot.js');
      process.exitCode = await runBot({
        configPath: options.config,
        once: options.once,
        dryRun: options.dryRun,
        output: options.output,
        now: options.now,
      });
    });
}
