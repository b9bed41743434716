/**
 * The `herald` command line (commander). Each subcommand parses its options and calls into the
 * app; exit codes: 0 success, 1 a source or command failed, 2 invalid configuration or usage.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { openCommandSession } from '../app/command-runtime.js';
import { runBot } from '../app/run-bot.js';
import { loadDotEnv } from '../config/dotenv.js';
import { ConfigError } from '../config/load.js';
import { HeraldError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerChatCommands } from './chat-commands.js';
import { checkConfig } from './check-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerRedeliverCommand } from './redeliver-command.js';

export function buildProgram(): Command {
  const program = new Command('herald')
    .description(
      'Announces new papers and talks of the people a research group watches, in Discord and Slack.',
    )
    .version(VERSION)
    .showHelpAfterError();

  program
    .command('run')
    .description('poll every source now and then on its schedule, and announce what is new')
    .option('-c, --config <file>', 'config file (default: $HERALD_CONFIG or config/herald.yaml)')
    .option('--once', 'run one cycle and exit: 0 when every source succeeded, 1 when one failed')
    .option('--dry-run', 'read the store but write nothing to it')
    .addOption(
      new Option('--output <format>', 'how announcements are printed')
        .choices(['console', 'jsonl'])
        .default('console'),
    )
    .option('--now <iso>', 'fix the clock for this run (ISO 8601)', parseInstant)
    .action(async (options) => {
      process.exitCode = await runBot({
        configPath: options.config,
        once: options.once,
        dryRun: options.dryRun,
        output: options.output,
        now: options.now,
      });
    });

  program
    .command('check')
    .description('validate the config file; exits 2 listing every problem')
    .option('-c, --config <file>', 'config file')
    .action(async (options) => {
      process.exitCode = await checkConfig(options.config);
    });

  registerChatCommands(program, ({ configPath }) => openCommandSession({ configPath }));
  registerMigrateCommand(program);
  registerRedeliverCommand(program);
  return program;
}

function parseInstant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`"${value}" is not an ISO 8601 date-time`);
  return date;
}

export async function main(argv: string[]): Promise<void> {
  try {
    loadDotEnv();
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportFatal(error);
  }
}

/** Known errors get their message alone; anything else its stack, for a bug report. */
function reportFatal(error: unknown): number {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error instanceof HeraldError) {
    process.stderr.write(`herald: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`herald: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

await main(process.argv);
