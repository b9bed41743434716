/**
 * The chat commands on the command line, answered as an admin (Caller platform `console`) over
 * the same store as `herald run`: `herald papers|talks|watch|feed|status|sources|source|explain|reindex`. Commander's
 * parse becomes the typed CommandRequest directly; values are checked with the rules the config
 * and the chat share, before the store is opened, and errors name the CLI's own flags. Replies
 * are printed as plain text (or, with --json, their data as JSON).
 */
import { userInfo } from 'node:os';
import { Argument, type Command } from 'commander';
import type { Caller, CommandReply, CommandRequest } from '../commands/command.js';
import {
  checkArxivAuthorId,
  checkDblpPid,
  checkHttpUrl,
  checkInspireAuthorId,
  checkOpenalexAuthorId,
  checkOrcid,
  checkPersonName,
  checkSince,
  looksLikeArxivAuthorId,
  looksLikeOrcid,
  MAX_TEXT_LENGTH,
} from '../records/validators.js';
import {
  addConfigOption,
  commandPath,
  EXIT_FAILED,
  EXIT_OK,
  parsePageNumber,
  usageError,
  valueParser,
} from './usage.js';

export interface CommonOptions {
  config?: string;
  json?: boolean;
}

interface PapersOptions extends CommonOptions {
  author?: string;
  since?: string;
  page?: number;
}

interface WatchAddOptions extends CommonOptions {
  arxiv?: string;
  orcid?: string;
  openalex?: string;
  inspire?: string;
  dblp?: string;
}

const FAILED: ReadonlySet<CommandReply['status']> = new Set(['invalid', 'refused', 'error']);
const text = valueParser();

export function registerChatCommands(program: Command): void {
  registerPapers(program);
  chatCommand(program, 'talks', 'list upcoming talks, soonest first')
    .argument('[query...]', 'words to match')
    .action(
      answering(([words]: [string[]], _options, command) => {
        const query = checkedQuery(command, words);
        return query ? { name: 'talks', query } : { name: 'talks' };
      }),
    );
  registerWatch(program);
  registerFeed(program);
  chatCommand(program, 'status', "each source's last success, last error and next poll").action(
    answering(() => ({ name: 'status' })),
  );
  registerSources(program);
  chatCommand(program, 'explain', 'why a paper or talk was, or was not, announced in each channel')
    .addArgument(new Argument('<id>', 'record id, arXiv id, DOI or URL').argParser(text))
    .action(answering(([id]: [string]) => ({ name: 'explain', id })));
  registerReindex(program);
}

function registerSources(program: Command): void {
  chatCommand(program, 'sources', 'every source polled: state, last success, last error, next poll').action(
    answering(() => ({ name: 'sources' })),
  );
  const source = program.command('source').description('act on one source (ids as `herald sources` shows)');
  chatCommand(source, 'resume', 'resume a source paused after failures')
    .addArgument(
      new Argument('<id>', 'source id, e.g. arxiv, arxiv-author:favero, feed:group-blog, crossref').argParser(
        text,
      ),
    )
    .action(answering(([id]: [string]) => ({ name: 'source', action: 'resume', id })));
}

function registerPapers(program: Command): void {
  chatCommand(program, 'papers', 'search the stored papers and talks (five a page)')
    .argument('[query...]', 'words, "phrases", prefix*, author:, since:, type:, page:')
    .option('--author <name>', 'a watched person id or a name', text)
    .option('--since <date>', '2024, 2024-05 or 2024-05-17', valueParser(sinceText))
    .option('--page <n>', 'page number', parsePageNumber)
    .action(
      answering(async ([words]: [string[]], options: PapersOptions, command) => {
        const request: Extract<CommandRequest, { name: 'papers' }> = {
          name: 'papers',
          query: checkedQuery(command, words) ?? '',
        };
        if (options.author !== undefined) request.author = options.author;
        if (options.since !== undefined) request.since = options.since;
        if (options.page !== undefined) request.page = options.page;
        await checkInlineFilters(command, request);
        return request;
      }),
    );
}

function registerWatch(program: Command): void {
  const watch = program.command('watch').description('manage the watched people');
  chatCommand(watch, 'add', 'watch a person; shows the names matched and their newest papers')
    .argument('<name...>', 'full name')
    .option('--arxiv <id>', 'arXiv author id, e.g. favero_a_1', valueParser(checkArxivAuthorId))
    .option('--orcid <orcid>', 'ORCID, e.g. 0000-0002-1825-0097', valueParser(checkOrcid))
    .option('--openalex <id>', 'OpenAlex author id, e.g. A5023888391', valueParser(checkOpenalexAuthorId))
    .option('--inspire <id>', 'INSPIRE author id, e.g. E.Witten.1', valueParser(checkInspireAuthorId))
    .option('--dblp <pid>', 'DBLP person id, e.g. 34/7659', valueParser(checkDblpPid))
    .action(
      answering(([words]: [string[]], options: WatchAddOptions, command) => {
        refuseIdsInName(command, words);
        const name = checkPersonName(words.join(' '));
        if (!name.ok) usageError(command, `argument <name>: "${words.join(' ')}" ${name.problem}`);
        const request: Extract<CommandRequest, { name: 'watch'; action: 'add' }> = {
          name: 'watch',
          action: 'add',
          personName: name.value,
        };
        if (options.arxiv) request.arxivAuthorId = options.arxiv;
        if (options.orcid) request.orcid = options.orcid;
        if (options.openalex) request.openalexId = options.openalex;
        if (options.inspire) request.inspireId = options.inspire;
        if (options.dblp) request.dblpPid = options.dblp;
        return request;
      }),
    );
  chatCommand(watch, 'remove', 'stop watching a person')
    .addArgument(new Argument('<id>', 'person id').argParser(text))
    .action(answering(([id]: [string]) => ({ name: 'watch', action: 'remove', id })));
  chatCommand(watch, 'list', 'list the watched people').action(
    answering(() => ({ name: 'watch', action: 'list' })),
  );
}

/** `watch add Mary Poe arxiv:poe_m_1` is the chat's syntax: here the ids are flags. */
function refuseIdsInName(command: Command, words: readonly string[]): void {
  for (const word of words) {
    const prefixed = /^(orcid|arxiv|openalex|inspire|dblp):/i.exec(word)?.[1]?.toLowerCase();
    const flag = prefixed
      ? `--${prefixed}`
      : looksLikeOrcid(word)
        ? '--orcid'
        : looksLikeArxivAuthorId(word)
          ? '--arxiv'
          : undefined;
    if (flag)
      usageError(command, `argument <name>: "${word}" is not part of a name; give the id with ${flag}`);
  }
}

function registerFeed(program: Command): void {
  const feed = program.command('feed').description('manage the watched feeds');
  chatCommand(feed, 'add', 'watch an RSS, Atom or iCalendar feed')
    .addArgument(new Argument('<url>', 'http(s) URL of the feed').argParser(valueParser(checkHttpUrl)))
    .addArgument(new Argument('<kind>', 'what the feed lists').choices(['paper', 'talk']))
    .action(answering(([url, kind]: [string, string]) => ({ name: 'feed', action: 'add', url, kind })));
  for (const action of ['remove', 'resume'] as const) {
    const description = action === 'remove' ? 'stop watching a feed' : 'resume a feed paused after failures';
    chatCommand(feed, action, description)
      .addArgument(new Argument('<id>', 'feed id').argParser(text))
      .action(answering(([id]: [string]) => ({ name: 'feed', action, id })));
  }
  chatCommand(feed, 'list', 'list the watched feeds').action(
    answering(() => ({ name: 'feed', action: 'list' })),
  );
}

function registerReindex(program: Command): void {
  addConfigOption(program.command('reindex'))
    .description('rebuild the search index from the store')
    .action(async (options: CommonOptions) => {
      const { openCommandSession } = await import('../app/command-runtime.js');
      const session = await openCommandSession({ configPath: options.config });
      try {
        const { records, revision } = await session.reindex();
        process.stdout.write(`Search index rebuilt: ${records} records (store revision ${revision}).\n`);
      } finally {
        await session.close();
      }
    });
}

export function chatCommand(parent: Command, name: string, description: string): Command {
  return addConfigOption(parent.command(name))
    .description(description)
    .option('--json', 'print the data of the reply as JSON');
}

/**
 * The action for commander, which calls it with the declared arguments, the options and the
 * command: the request built from them, then answered by the command service.
 */
export function answering<A extends unknown[], O extends CommonOptions = CommonOptions>(
  build: (args: A, options: O, command: Command) => CommandRequest | Promise<CommandRequest>,
): (...received: unknown[]) => Promise<void> {
  return async (...received) => {
    const command = received.at(-1) as Command;
    const options = received.at(-2) as O;
    const request = await build(received.slice(0, -2) as A, options, command);
    process.exitCode = await answer(command, request, options);
  };
}

async function answer(command: Command, request: CommandRequest, options: CommonOptions): Promise<number> {
  const { openCommandSession } = await import('../app/command-runtime.js');
  const { renderReplyText } = await import('../commands/reply-text.js');
  const session = await openCommandSession({ configPath: options.config });
  try {
    const reply = await session.service.execute(request, consoleCaller());
    if (FAILED.has(reply.status)) {
      process.stderr.write(`${commandPath(command)}: ${reply.problem ?? reply.text}\n`);
      return EXIT_FAILED;
    }
    if (options.json) process.stdout.write(`${JSON.stringify(reply.data ?? [], null, 2)}\n`);
    else process.stdout.write(renderReplyText(reply, session.timezone));
    return EXIT_OK;
  } finally {
    await session.close();
  }
}

/** The query words as one search text; a word with spaces was a quoted phrase. */
function checkedQuery(command: Command, words: readonly string[]): string | undefined {
  const query = words.map((word) => (/\s/.test(word) && !word.includes('"') ? `"${word}"` : word)).join(' ');
  if (query.length > MAX_TEXT_LENGTH)
    usageError(
      command,
      `the query is ${query.length} characters long; at most ${MAX_TEXT_LENGTH} are accepted`,
    );
  return query || undefined;
}

/** `since:`, `page:`, `type:` written in the query are checked as the service will check them. */
async function checkInlineFilters(
  command: Command,
  request: Extract<CommandRequest, { name: 'papers' }>,
): Promise<void> {
  const { readQuery } = await import('../commands/papers.js');
  const { CommandArgumentError } = await import('../commands/parse-text.js');
  try {
    readQuery(request.query, request);
  } catch (error) {
    if (!(error instanceof CommandArgumentError)) throw error;
    usageError(command, error.problem);
  }
}

function sinceText(value: string) {
  const result = checkSince(value);
  return result.ok ? { ok: true as const, value } : result;
}

/** Whoever runs the command line is an admin: they can edit the config and the store anyway. */
function consoleCaller(): Caller {
  let user = 'console';
  try {
    user = userInfo().username || user;
  } catch {
    // No user database entry (some containers): keep the generic name.
  }
  return { platform: 'console', userId: user, isAdmin: true };
}
