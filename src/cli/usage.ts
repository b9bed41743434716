/**
 * The command line's one policy for what it is given: parsers for option and argument values
 * built from the rules the config and the chat commands share (src/records/validators.ts), and
 * the exit codes. A usage error (what is typed cannot be a valid command) exits 2 before anything
 * is opened; a command that ran and could not be done exits 1.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { type Check, MAX_TEXT_LENGTH } from '../records/validators.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Commander's code for a usage error our own checks find after parsing. */
const USAGE_ERROR = 'herald.usageError';

/**
 * A value parser for commander: non-empty, at most 200 characters (as in chat), then `check`.
 * Commander prefixes the problem with the option or argument it was given for.
 */
export function valueParser<T = string>(check?: Check<T>): (value: string) => T {
  return (value) => {
    const text = value.trim();
    if (!text) throw new InvalidArgumentError('It is empty.');
    if (text.length > MAX_TEXT_LENGTH)
      throw new InvalidArgumentError(
        `It is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are accepted.`,
      );
    if (!check) return text as T;
    const result = check(text);
    if (!result.ok) throw new InvalidArgumentError(`It ${result.problem}.`);
    return result.value;
  };
}

/** A positive whole number (a page). */
export function parsePageNumber(value: string): number {
  if (!/^\d{1,6}$/.test(value.trim()) || Number(value) < 1)
    throw new InvalidArgumentError('It is not a page number such as 2.');
  return Number(value);
}

/** Ends the command as a usage error (exit 2), printed the way commander prints its own. */
export function usageError(command: Command, problem: string): never {
  command.error(`error: ${problem}`, { exitCode: EXIT_USAGE, code: USAGE_ERROR });
}

/** `herald watch add`, for messages. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

export function addConfigOption(command: Command): Command {
  return command.option('-c, --config <file>', 'config file (default: $HERALD_CONFIG or config/herald.yaml)');
}
