/**
 * The chat commands on the command line, answered as an admin (Caller platform `console`) over
 * the same store as `herald run`: `herald papers|talks|watch|feed|status|reindex`. Replies are
 * printed as plain text (or, with --json, their data as JSON); the exit code is 1 when the reply
 * is invalid, refused or an error.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type {
  Caller,
  CommandName,
  CommandReply,
  CommandRequest,
  CommandService,
} from '../commands/command.js';
import { parseCommandText } from '../commands/parse-text.js';
import { renderReplyText } from '../commands/reply-text.js';

export interface ChatCommandSession {
  service: CommandService;
  /** The config's zone, for printing times. */
  timezone: string;
  /** Rebuilds the search index from the store; says how many records it indexed. */
  reindex(): Promise<{ records: number; revision: number }>;
  close(): Promise<void>;
}

export type OpenChatSession = (options: { configPath?: string }) => Promise<ChatCommandSession>;

interface CommonOptions {
  config?: string;
  json?: boolean;
}

const FAILED: ReadonlySet<CommandReply['status']> = new Set(['invalid', 'refused', 'error']);

export function registerChatCommands(program: Command, open: OpenChatSession): void {
  const run =
    (text: (args: string[], options: Record<string, string | undefined>) => string, name: CommandName) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const options = command.opts<CommonOptions & Record<string, string | undefined>>();
      const words = command.args;
      process.exitCode = await answer(open, name, () => text(words, options), options);
    };

  withCommon(
    program
      .command('papers')
      .argument('[query...]', 'words, "phrases", prefix*, author:, since:, type:, page:'),
  )
    .description('search the stored papers and talks (five a page)')
    .option('--author <name>', 'a watched person id or a name')
    .option('--since <date>', '2024, 2024-05 or 2024-05-17')
    .option('--page <n>', 'page number')
    .action(run((words, options) => papersText(words, options), 'papers'));

  withCommon(program.command('talks').argument('[query...]', 'words to match'))
    .description('list upcoming talks, soonest first')
    .action(run((words) => joinArguments(words), 'talks'));

  const watch = program.command('watch').description('manage the watched people');
  withCommon(
    watch.command('add').argument('<name...>', 'full name, then arxiv:<author-id> and/or orcid:<orcid>'),
  )
    .description('watch a person; shows the names matched and their newest papers')
    .option('--arxiv <id>', 'arXiv author id, e.g. favero_a_1')
    .option('--orcid <orcid>', 'ORCID, e.g. 0000-0002-1825-0097')
    .action(run((words, options) => watchAddText(words, options), 'watch'));
  withCommon(watch.command('remove').argument('<id>', 'person id'))
    .description('stop watching a person')
    .action(run((words) => `remove ${joinArguments(words)}`, 'watch'));
  withCommon(watch.command('list'))
    .description('list the watched people')
    .action(run(() => 'list', 'watch'));

  const feed = program.command('feed').description('manage the watched feeds');
  withCommon(
    feed.command('add').argument('<url>', 'http(s) URL of the feed').argument('<kind>', 'paper or talk'),
  )
    .description('watch an RSS, Atom or iCalendar feed')
    .action(run((words) => `add ${joinArguments(words)}`, 'feed'));
  for (const action of ['remove', 'resume'] as const) {
    withCommon(feed.command(action).argument('<id>', 'feed id'))
      .description(action === 'remove' ? 'stop watching a feed' : 'resume a feed paused after failures')
      .action(run((words) => `${action} ${joinArguments(words)}`, 'feed'));
  }
  withCommon(feed.command('list'))
    .description('list the watched feeds')
    .action(run(() => 'list', 'feed'));

  withCommon(program.command('status'))
    .description("each source's last success, last error and next poll")
    .action(run(() => '', 'status'));

  program
    .command('reindex')
    .description('rebuild the search index from the store')
    .option('-c, --config <file>', 'config file (default: $HERALD_CONFIG or config/herald.yaml)')
    .action(async (options: CommonOptions) => {
      const session = await open({ configPath: options.config });
      try {
        const { records, revision } = await session.reindex();
        process.stdout.write(`Search index rebuilt: ${records} records (store revision ${revision}).\n`);
      } finally {
        await session.close();
      }
    });
}

function withCommon(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: $HERALD_CONFIG or config/herald.yaml)')
    .option('--json', 'print the data of the reply as JSON');
}

async function answer(
  open: OpenChatSession,
  name: CommandName,
  text: () => string,
  options: CommonOptions,
): Promise<number> {
  let request: CommandRequest;
  try {
    // The same parser as the Slack text, so both fronts accept the same syntax.
    request = parseCommandText(name, text());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  const session = await open({ configPath: options.config });
  try {
    const reply = await session.service.execute(request, consoleCaller());
    print(reply, options, session.timezone);
    return FAILED.has(reply.status) ? 1 : 0;
  } finally {
    await session.close();
  }
}

function print(reply: CommandReply, options: CommonOptions, timezone: string): void {
  if (FAILED.has(reply.status)) {
    process.stderr.write(`${reply.text}\n`);
  } else if (options.json) {
    process.stdout.write(`${JSON.stringify(reply.data ?? [], null, 2)}\n`);
  } else {
    process.stdout.write(renderReplyText(reply, timezone));
  }
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

/** Shell arguments back into command text; an argument with spaces was a quoted phrase. */
function joinArguments(words: readonly string[]): string {
  return words.map((word) => (/\s/.test(word) && !word.includes('"') ? `"${word}"` : word)).join(' ');
}

function papersText(words: string[], options: Record<string, string | undefined>): string {
  const extra = [
    options.author ? `author:${/\s/.test(options.author) ? `"${options.author}"` : options.author}` : '',
    options.since ? `since:${options.since}` : '',
    options.page ? `page:${options.page}` : '',
  ];
  return [joinArguments(words), ...extra].filter(Boolean).join(' ');
}

function watchAddText(words: string[], options: Record<string, string | undefined>): string {
  const extra = [
    options.arxiv ? `arxiv:${options.arxiv}` : '',
    options.orcid ? `orcid:${options.orcid}` : '',
  ];
  return ['add', joinArguments(words), ...extra].filter(Boolean).join(' ');
}
