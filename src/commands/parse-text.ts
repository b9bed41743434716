/**
 * Turns the text typed after a slash command (Slack) or on the command line into a CommandRequest.
 * Only syntax is checked here: lengths, URLs, ORCID checksums and ids are the command service's job,
 * so every front reports the same semantic errors.
 */
import { HeraldError } from '../errors.js';
import { checkOrcid, looksLikeArxivAuthorId, looksLikeOrcid } from '../records/validators.js';
import type { CommandName, CommandRequest } from './command.js';

export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  papers: '/papers [words] [author:<name>] [since:<date>] [page:<n>] [type:talk]',
  talks: '/talks [words]',
  watch:
    '/watch add <name> [arxiv:<author-id>] [orcid:<orcid>] [dblp:<pid>] [openalex:<id>] [inspire:<id>] | /watch remove <id> | /watch list',
  feed: '/feed add <url> <paper|talk> | /feed remove <id> | /feed resume <id> | /feed list',
  status: '/status',
  follow:
    '/follow <watched person | keyword:<words> | talk-series:<feed id>> [digest:weekly|off] | /follow digest:weekly|off',
  unfollow: '/unfollow <person | keyword:<words> | talk-series:<feed id> | all> [member:<user>]',
  following: '/following [member:<user>]',
  channel: '/channel digest daily|weekly|off (in the channel)',
  sources: '/sources',
  source: '/source resume <id>',
  explain: '/explain <record id | arXiv id | DOI | URL>',
};

/** The text could not be read as the command: says what was wrong and how to write it. */
export class CommandArgumentError extends HeraldError {
  constructor(
    readonly command: CommandName,
    /** What was wrong, without the usage: for fronts that describe their own syntax. */
    readonly problem: string,
  ) {
    super('COMMAND_ARGUMENT', `${problem}. Usage: ${COMMAND_USAGE[command]}`);
  }
}

/** Straight and typographic double quotes: Slack clients often turn `"` into `“ ”`. */
const QUOTES = /["\u201C\u201D\u201E]/;

export function parseCommandText(command: CommandName, text: string): CommandRequest {
  const tokens = tokenize(text);
  switch (command) {
    case 'papers':
      return parsePapers(tokens);
    case 'talks':
      return tokens.length === 0 ? { name: 'talks' } : { name: 'talks', query: tokens.join(' ') };
    case 'watch':
      return parseWatch(tokens);
    case 'feed':
      return parseFeed(tokens);
    case 'status':
      expectNoMore('status', tokens, 0);
      return { name: 'status' };
    case 'follow':
    case 'unfollow':
    case 'following':
      return parseFollowing(command, tokens);
    case 'channel':
      return parseChannel(tokens);
    case 'sources':
      expectNoMore('sources', tokens, 0);
      return { name: 'sources' };
    case 'source':
      return parseSource(tokens);
    case 'explain': {
      const id = tokens[0] === undefined ? '' : unquote(tokens[0]);
      if (!id) throw new CommandArgumentError('explain', '/explain needs the id of a paper or talk');
      expectNoMore('explain', tokens, 1);
      return { name: 'explain', id };
    }
  }
}

/** `/follow`, `/unfollow`, `/following`: the target is the rest of the text, options anywhere. */
function parseFollowing(command: 'follow' | 'unfollow' | 'following', tokens: string[]): CommandRequest {
  const words: string[] = [];
  let digest: string | undefined;
  let member: string | undefined;
  for (const token of tokens) {
    const option = /^(digest|member):(.*)$/i.exec(token);
    if (option?.[1]?.toLowerCase() === 'digest' && command === 'follow') digest = option[2]!.toLowerCase();
    else if (option?.[1]?.toLowerCase() === 'member') member = option[2]!;
    else words.push(token);
  }
  const target = unquoteTarget(words.join(' '));
  const named = member === undefined ? {} : { member: { userId: slackUserId(command, member) } };
  if (command === 'following') {
    expectNoMore(command, words, 0);
    return { name: 'following', ...named };
  }
  if (command === 'unfollow') {
    if (!target) throw new CommandArgumentError(command, 'unfollow needs what to unfollow, or all');
    return { name: 'unfollow', target, ...named };
  }
  if (digest !== undefined && digest !== 'weekly' && digest !== 'off')
    throw new CommandArgumentError(command, `digest:${digest} is not weekly or off`);
  if (!target && !digest)
    throw new CommandArgumentError(
      command,
      'follow needs a person, keyword:<words> or talk-series:<feed id>',
    );
  return {
    name: 'follow',
    ...(target ? { target } : {}),
    ...(digest ? { digest: digest as 'weekly' | 'off' } : {}),
    ...named,
  };
}

/** `keyword:"diffusion models"` keeps its words, without the quotes. */
function unquoteTarget(text: string): string {
  return text.replaceAll('"', '').trim();
}

/** A Slack user as the text carries it: `<@U123|name>` (escaped), `<@U123>`, `@U123` or `U123`. */
function slackUserId(command: CommandName, text: string): string {
  const match = /^<?@?([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?$/.exec(text.trim());
  if (!match)
    throw new CommandArgumentError(command, `member:${text} is not a member (mention them: member:@name)`);
  return match[1]!;
}

function parseChannel(tokens: string[]): CommandRequest {
  const [action, every, ...rest] = tokens;
  if (action?.toLowerCase() !== 'digest') throw unknownSubcommand('channel', action, ['digest']);
  const choice = every?.toLowerCase();
  if (choice !== 'daily' && choice !== 'weekly' && choice !== 'off')
    throw new CommandArgumentError(
      'channel',
      `channel digest needs daily, weekly or off${every ? `, not "${every}"` : ''}`,
    );
  expectNoMore('channel', rest, 0);
  return { name: 'channel', action: 'digest', every: choice };
}

/**
 * Splits on whitespace; a double-quoted run is part of its token, quotes kept (normalised to `"`)
 * so the search still sees a phrase. An unclosed quote runs to the end of the text.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text.trim()) {
    if (QUOTES.test(char)) {
      quoted = !quoted;
      current += '"';
    } else if (!quoted && /\s/.test(char)) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (quoted) current += '"';
  if (current) tokens.push(current);
  return tokens;
}

function unquote(token: string): string {
  return token.replaceAll('"', '').trim();
}

type PaperFilter = 'author' | 'since' | 'page';

function parsePapers(tokens: string[]): CommandRequest {
  const filters = new Map<PaperFilter, string>();
  const words: string[] = [];
  for (const token of tokens) {
    const match = /^(author|since|page):(.*)$/i.exec(token);
    if (!match) {
      // `type:talk` and any other `key:value` stay in the query for the search to interpret.
      words.push(token);
      continue;
    }
    const key = match[1]!.toLowerCase() as PaperFilter;
    const value = unquote(match[2]!);
    if (!value)
      throw new CommandArgumentError('papers', `${key}: needs a value, e.g. ${key}:${example(key)}`);
    if (filters.has(key)) throw new CommandArgumentError('papers', `${key}: is given twice`);
    filters.set(key, value);
  }
  const request: Extract<CommandRequest, { name: 'papers' }> = { name: 'papers', query: words.join(' ') };
  const author = filters.get('author');
  const since = filters.get('since');
  const page = filters.get('page');
  if (author) request.author = author;
  if (since) request.since = since;
  if (page) request.page = parsePage(page);
  return request;
}

function example(key: PaperFilter): string {
  return key === 'author' ? 'favero' : key === 'since' ? '2024' : '2';
}

function parsePage(value: string): number {
  if (!/^\d{1,6}$/.test(value)) {
    throw new CommandArgumentError('papers', `page:${value} is not a page number such as page:2`);
  }
  return Number.parseInt(value, 10);
}

function parseWatch(tokens: string[]): CommandRequest {
  const [action, ...rest] = tokens;
  switch (action?.toLowerCase()) {
    case 'add':
      return parseWatchAdd(rest);
    case 'remove':
      return { name: 'watch', action: 'remove', id: singleArgument('watch', 'remove', rest, '<id>') };
    case 'list':
      expectNoMore('watch', rest, 0);
      return { name: 'watch', action: 'list' };
    default:
      throw unknownSubcommand('watch', action, ['add', 'remove', 'list']);
  }
}

/** `prefix:` -> the request field it sets and what to call it in an error. */
const WATCH_IDS = {
  arxiv: ['arxivAuthorId', 'arXiv author id'],
  orcid: ['orcid', 'ORCID'],
  dblp: ['dblpPid', 'DBLP person id'],
  openalex: ['openalexId', 'OpenAlex author id'],
  inspire: ['inspireId', 'INSPIRE author id'],
} as const;
type WatchIdField = (typeof WATCH_IDS)[keyof typeof WATCH_IDS][0];

function parseWatchAdd(tokens: string[]): CommandRequest {
  const nameWords: string[] = [];
  const ids: Partial<Record<WatchIdField, string>> = {};
  const once = (field: WatchIdField, kind: string, value: string): void => {
    if (ids[field] !== undefined) throw new CommandArgumentError('watch', `more than one ${kind} given`);
    if (!value) throw new CommandArgumentError('watch', `${kind}: needs a value`);
    ids[field] = value;
  };
  for (const token of tokens) {
    const prefixed = /^(arxiv|orcid|dblp|openalex|inspire):(.*)$/i.exec(token);
    if (prefixed) {
      const [field, kind] = WATCH_IDS[prefixed[1]!.toLowerCase() as keyof typeof WATCH_IDS];
      const value = unquote(prefixed[2]!);
      once(field, kind, field === 'orcid' ? value.toUpperCase() : value);
    } else if (looksLikeOrcid(token)) {
      // An orcid.org URL becomes the bare ORCID; a wrong check digit is the service's to report.
      const checked = checkOrcid(token);
      once('orcid', 'ORCID', checked.ok ? checked.value : token.toUpperCase());
    } else if (looksLikeArxivAuthorId(token)) {
      once('arxivAuthorId', 'arXiv author id', token);
    } else {
      nameWords.push(unquote(token));
    }
  }
  const personName = nameWords.filter(Boolean).join(' ');
  if (!personName) throw new CommandArgumentError('watch', 'watch add needs the name of the person');
  return { name: 'watch', action: 'add', personName, ...ids };
}

function parseFeed(tokens: string[]): CommandRequest {
  const [action, ...rest] = tokens;
  switch (action?.toLowerCase()) {
    case 'add': {
      const [url, kind] = rest;
      if (!url) throw new CommandArgumentError('feed', 'feed add needs the URL of the feed');
      if (!kind) throw new CommandArgumentError('feed', 'feed add needs the kind of feed: paper or talk');
      expectNoMore('feed', rest, 2);
      return { name: 'feed', action: 'add', url: unquote(url), kind: kind.toLowerCase() };
    }
    case 'remove':
    case 'resume': {
      const verb = action.toLowerCase() as 'remove' | 'resume';
      return { name: 'feed', action: verb, id: singleArgument('feed', verb, rest, '<id>') };
    }
    case 'list':
      expectNoMore('feed', rest, 0);
      return { name: 'feed', action: 'list' };
    default:
      throw unknownSubcommand('feed', action, ['add', 'remove', 'resume', 'list']);
  }
}

function parseSource(tokens: string[]): CommandRequest {
  const [action, ...rest] = tokens;
  if (action?.toLowerCase() !== 'resume') throw unknownSubcommand('source', action, ['resume']);
  return { name: 'source', action: 'resume', id: singleArgument('source', 'resume', rest, '<id>') };
}

function singleArgument(command: CommandName, verb: string, rest: string[], what: string): string {
  const value = rest[0] === undefined ? '' : unquote(rest[0]);
  if (!value) throw new CommandArgumentError(command, `${command} ${verb} needs ${what}`);
  expectNoMore(command, rest, 1);
  return value;
}

function expectNoMore(command: CommandName, tokens: string[], expected: number): void {
  if (tokens.length > expected) {
    throw new CommandArgumentError(command, `unexpected "${tokens.slice(expected).join(' ')}"`);
  }
}

function unknownSubcommand(
  command: CommandName,
  given: string | undefined,
  known: string[],
): CommandArgumentError {
  const choices = known.join(', ');
  return given === undefined
    ? new CommandArgumentError(command, `/${command} needs one of: ${choices}`)
    : new CommandArgumentError(command, `unknown subcommand "${given}" (expected one of: ${choices})`);
}
