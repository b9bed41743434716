/**
 * Checks of command arguments that every front shares (the parsers only check syntax): lengths,
 * URLs, ORCIDs with their check digit, arXiv author ids, dates. A failed check throws
 * CommandArgumentError, which the service turns into an `invalid` reply with the usage.
 */
import { AUTHOR_ID_EXAMPLES, dblpPersonId, inspireAuthorId, openalexAuthorId } from '../config/author-ids.js';
import { isHttpUrl } from '../config/schema.js';
import type { CommandName } from './command.js';
import { CommandArgumentError } from './parse-text.js';

/** Longest argument accepted: longer is a paste gone wrong, not a name or a URL. */
export const MAX_ARGUMENT_LENGTH = 200;

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

/** An http(s) URL with a host. */
export function checkedUrl(command: CommandName, value: string): string {
  if (!isHttpUrl(value) || !new URL(value).hostname) {
    throw new CommandArgumentError(command, `"${value}" is not an http:// or https:// URL`);
  }
  return value;
}

const ORCID_SHAPE = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;

/** An ORCID such as 0000-0002-1825-0097, whose last character is its ISO 7064 mod 11-2 check. */
export function checkedOrcid(command: CommandName, value: string): string {
  const orcid = value.trim().toUpperCase();
  if (!ORCID_SHAPE.test(orcid)) {
    throw new CommandArgumentError(command, `"${value}" is not an ORCID such as 0000-0002-1825-0097`);
  }
  if (orcidCheckDigit(orcid.replaceAll('-', '').slice(0, 15)) !== orcid.at(-1)) {
    throw new CommandArgumentError(command, `"${value}" is not a valid ORCID: its check digit is wrong`);
  }
  return orcid;
}

/** ISO 7064 mod 11-2 over the first 15 digits, as ORCID defines it. */
export function orcidCheckDigit(digits: string): string {
  let total = 0;
  for (const digit of digits) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/** arXiv author ids as arxiv.org/a/<id> shows them: `favero_a_1`. */
const ARXIV_AUTHOR_ID = /^[a-z0-9_]+_\d+$/i;

export function checkedArxivAuthorId(command: CommandName, value: string): string {
  if (!ARXIV_AUTHOR_ID.test(value)) {
    throw new CommandArgumentError(
      command,
      `"${value}" is not an arXiv author id such as favero_a_1 (see arxiv.org/a/)`,
    );
  }
  return value.toLowerCase();
}

/** `2024`, `2024-05` or `2024-05-17`, as the first instant of that period in UTC. */
export function checkedSince(command: CommandName, value: string): Date {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  const [year, month = '01', day = '01'] = match?.slice(1) ?? [];
  const date = match ? new Date(`${year}-${month}-${day}T00:00:00Z`) : undefined;
  if (
    !date ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`
  ) {
    throw new CommandArgumentError(
      command,
      `since:${value} is not a date such as 2024, 2024-05 or 2024-05-17`,
    );
  }
  return date;
}

const AUTHOR_IDS = {
  dblpPid: { parse: dblpPersonId, what: 'a DBLP person id' },
  openalexId: { parse: openalexAuthorId, what: 'an OpenAlex author id' },
  inspireId: { parse: inspireAuthorId, what: 'an INSPIRE author id' },
} as const;

/** A DBLP, OpenAlex or INSPIRE author id (or its profile URL), as stored. */
export function checkedAuthorId(command: CommandName, kind: keyof typeof AUTHOR_IDS, value: string): string {
  const { parse, what } = AUTHOR_IDS[kind];
  const id = parse(value);
  if (id === undefined) {
    throw new CommandArgumentError(command, `"${value}" is not ${what} such as ${AUTHOR_ID_EXAMPLES[kind]}`);
  }
  return id;
}
