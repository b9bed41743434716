/**
 * The `herald` command line (commander). Each command registers itself and imports what it runs
 * only when it runs, so `--version`, `--help` and usage errors load none of the app.
 * Exit codes, one policy for every command: 0 success; 1 a source or command failed; 2 invalid
 * configuration or usage (commander's own errors and ours alike).
 */
import { Command, CommanderError } from 'commander';
import { HeraldError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerChatCommands } from './chat-commands.js';
import { registerCheckCommand } from './check-command.js';
import { loadDotEnv } from './dotenv.js';
import { registerFollowCommands } from './follow-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerRedeliverCommand } from './redeliver-command.js';
import { registerRunCommand } from './run-command.js';
import { registerTestPostCommand } from './test-post-command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './usage.js';

export function buildProgram(): Command {
  // Settings first: commander copies them to every command created after.
  const program = new Command('herald')
    .description(
      'Announces new papers and talks of the people a research group watches, in Discord and Slack.',
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(add --help for the usage)');
  registerRunCommand(program);
  registerCheckCommand(program);
  registerChatCommands(program);
  registerFollowCommands(program);
  registerMigrateCommand(program);
  registerRedeliverCommand(program);
  registerTestPostCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    loadDotEnv();
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeOf(error);
  }
}

/**
 * Commander has printed its own errors (and help, and the version); known errors get their
 * message alone; anything else its stack, for a bug report.
 */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (error instanceof HeraldError && error.code === 'CONFIG_INVALID') {
    process.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof HeraldError) {
    process.stderr.write(`herald: ${error.message}\n`);
    return EXIT_FAILED;
  }
  process.stderr.write(`herald: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT_FAILED;
}

await main(process.argv);
