/**
 * Checks of command arguments that every front shares (the parsers only check syntax): lengths,
 * dates, and the rules the config shares (URLs, ORCIDs with their check digit, arXiv author ids,
 * names). A failed check throws CommandArgumentError, which the service turns into an `invalid`
 * reply with the usage.
 */
import { type Check, checkSince, MAX_TEXT_LENGTH } from '../records/validators.js';
import type { CommandName } from './command.js';
import { CommandArgumentError } from './parse-text.js';

/** Longest argument accepted: longer is a paste gone wrong, not a name or a URL. */
export const MAX_ARGUMENT_LENGTH = MAX_TEXT_LENGTH;

/** The trimmed value; throws when it is empty (and required) or longer than 200 characters. */
export function checkedText(
  command: CommandName,
  what: string,
  value: string | undefined,
  required: true,
): string;
export function checkedText(
  command: CommandName,
  what: string,
  value: string | undefined,
  required: false,
): string | undefined;
export function checkedText(
  command: CommandName,
  what: string,
  value: string | undefined,
  required: boolean,
) {
  const text = value?.trim() ?? '';
  if (!text) {
    if (required) throw new CommandArgumentError(command, `${what} is missing`);
    return undefined;
  }
  if (text.length > MAX_ARGUMENT_LENGTH) {
    throw new CommandArgumentError(
      command,
      `${what} is ${text.length} characters long; at most ${MAX_ARGUMENT_LENGTH} are accepted`,
    );
  }
  return text;
}

/** The value as one of the shared rules (src/records/validators.ts) normalises it. */
export function checkedValue<T>(command: CommandName, check: Check<T>, value: string): T {
  const result = check(value);
  if (!result.ok) throw new CommandArgumentError(command, `"${value}" ${result.problem}`);
  return result.value;
}

/** `2024`, `2024-05` or `2024-05-17`, as the first instant of that period in UTC. */
export function checkedSince(command: CommandName, value: string): Date {
  const result = checkSince(value);
  if (!result.ok) throw new CommandArgumentError(command, `since:${value} ${result.problem}`);
  return result.value;
}
