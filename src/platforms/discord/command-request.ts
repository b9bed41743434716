/**
 * Slash command options -> CommandRequest. Pure over a small reader interface, which
 * command-options.ts gives over an interaction's raw options, so it can be tested without one.
 */
import type { CommandRequest } from '../../commands/command.js';

export interface OptionReader {
  getSubcommand(required: false): string | null;
  getString(name: string): string | null;
  getInteger(name: string): number | null;
  /** Absent in readers of commands without user options. */
  getUser?(name: string): { id: string } | null;
}

/** The request, or undefined for a command or subcommand this bot does not define. */
export function toCommandRequest(command: string, options: OptionReader): CommandRequest | undefined {
  const text = (name: string) => options.getString(name)?.trim() || undefined;
  switch (command) {
    case 'papers': {
      const page = options.getInteger('page') ?? undefined;
      return {
        name: 'papers',
        query: text('query') ?? '',
        ...optional('author', text('author')),
        ...optional('since', text('since')),
        ...optional('page', page),
      };
    }
    case 'talks':
      return { name: 'talks', ...optional('query', text('query')) };
    case 'watch':
      return watchRequest(options.getSubcommand(false), text);
    case 'feed':
      return feedRequest(options.getSubcommand(false), text);
    case 'status':
      return { name: 'status' };
    case 'follow': {
      const digest = text('digest');
      const choice: 'weekly' | 'off' | undefined =
        digest === 'weekly' || digest === 'off' ? digest : undefined;
      return { name: 'follow', ...optional('target', text('target')), ...optional('digest', choice) };
    }
    case 'unfollow':
      return { name: 'unfollow', target: text('target') ?? '', ...memberOption(options) };
    case 'following':
      return { name: 'following', ...memberOption(options) };
    case 'channel': {
      const every = text('every');
      return options.getSubcommand(false) === 'digest' &&
        (every === 'daily' || every === 'weekly' || every === 'off')
        ? { name: 'channel', action: 'digest', every }
        : undefined;
    }
    case 'sources':
      return { name: 'sources' };
    case 'explain':
      return { name: 'explain', id: text('id') ?? '' };
    case 'source':
      return options.getSubcommand(false) === 'resume'
        ? { name: 'source', action: 'resume', id: text('id') ?? '' }
        : undefined;
    default:
      return undefined;
  }
}

/** The `member` option (a user picked in Discord), for admins acting on another member. */
function memberOption(options: OptionReader): { member?: { platform: 'discord'; userId: string } } {
  const user = options.getUser?.('member');
  return user ? { member: { platform: 'discord', userId: user.id } } : {};
}

type TextOption = (name: string) => string | undefined;

function watchRequest(subcommand: string | null, text: TextOption): CommandRequest | undefined {
  switch (subcommand) {
    case 'add':
      return {
        name: 'watch',
        action: 'add',
        personName: text('name') ?? '',
        ...optional('arxivAuthorId', text('arxiv-author-id')),
        ...optional('orcid', text('orcid')),
        ...optional('dblpPid', text('dblp-pid')),
        ...optional('openalexId', text('openalex-id')),
        ...optional('inspireId', text('inspire-id')),
      };
    case 'remove':
      return { name: 'watch', action: 'remove', id: text('id') ?? '' };
    case 'list':
      return { name: 'watch', action: 'list' };
    default:
      return undefined;
  }
}

function feedRequest(subcommand: string | null, text: TextOption): CommandRequest | undefined {
  switch (subcommand) {
    case 'add':
      return { name: 'feed', action: 'add', url: text('url') ?? '', kind: text('kind') ?? '' };
    case 'remove':
    case 'resume':
      return { name: 'feed', action: subcommand, id: text('id') ?? '' };
    case 'list':
      return { name: 'feed', action: 'list' };
    default:
      return undefined;
  }
}

/** `{ key: value }` when the value is present, `{}` otherwise: absent options stay absent. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
