/**
 * The platform-free command model. Fronts (Discord, Slack, the command line) turn their input into
 * a CommandRequest, hand it to the command service with the caller, and render the CommandReply.
 */
import type { NamedPerson } from '../announce/announcement.js';
import type { Member } from '../follows/follow.js';

/** Who is calling, as the platform established it. */
export interface Caller {
  platform: 'discord' | 'slack' | 'console';
  userId: string;
  displayName?: string;
  /** Decided by the platform adapter (Discord permissions and roles, Slack admins). */
  isAdmin: boolean;
  /** The chat channel (platform id) the command was run in, where there is one. */
  channelId?: string;
}

export type CommandRequest =
  | { name: 'papers'; query: string; author?: string; since?: string; page?: number }
  | { name: 'talks'; query?: string }
  | {
      name: 'watch';
      action: 'add';
      personName: string;
      arxivAuthorId?: string;
      orcid?: string;
      dblpPid?: string;
      openalexId?: string;
      inspireId?: string;
    }
  | { name: 'watch'; action: 'remove'; id: string }
  | { name: 'watch'; action: 'list' }
  | { name: 'feed'; action: 'add'; url: string; kind: string }
  | { name: 'feed'; action: 'remove' | 'resume'; id: string }
  | { name: 'feed'; action: 'list' }
  | { name: 'status' }
  /** Any member for themselves; `member` (someone else) is for admins. No target: only `digest`. */
  | { name: 'follow'; target?: string; digest?: 'weekly' | 'off'; member?: MemberRef }
  | { name: 'unfollow'; target: string; member?: MemberRef }
  /** `all`: every member's follows (admins). */
  | { name: 'following'; member?: MemberRef; all?: boolean }
  /** Run in the channel it sets (admins). */
  | { name: 'channel'; action: 'digest'; every: 'daily' | 'weekly' | 'off' }
  | { name: 'sources' }
  | { name: 'source'; action: 'resume'; id: string }
  | { name: 'explain'; id: string };

export type CommandName = CommandRequest['name'];

/** A member named in a command; without a platform, on the caller's. */
export type MemberRef = Omit<Member, 'platform'> & Partial<Pick<Member, 'platform'>>;

/** Commands only admins may run. */
export const ADMIN_COMMANDS: ReadonlySet<CommandName> = new Set([
  'watch',
  'feed',
  'status',
  'channel',
  'sources',
  'source',
  'explain',
]);

/** Commands about the caller's own follows: any member may run them; the answers are theirs alone. */
export const PERSONAL_COMMANDS: ReadonlySet<CommandName> = new Set(['follow', 'unfollow', 'following']);

/** A run of text, marked when it matched the query, so platforms can bold it. */
export interface TextSegment {
  text: string;
  match: boolean;
}

/** One result line: a paper, a talk, a watched person, a feed, a source's status. */
export interface ReplyItem {
  title: string;
  url?: string;
  people?: NamedPerson[];
  /** ISO 8601. */
  date?: string;
  /** Talks: ISO 8601 with offset, rendered in each reader's zone where the platform can. */
  start?: string;
  end?: string;
  snippet?: TextSegment[];
  fields?: { name: string; value: string }[];
}

export type ReplyStatus = 'ok' | 'empty' | 'invalid' | 'refused' | 'error';

export interface CommandReply {
  status: ReplyStatus;
  /** Seen only by the caller (Discord ephemeral, Slack response_type ephemeral). */
  ephemeral: boolean;
  /** Always present: the summary, and the whole answer where there are no items. Plain text. */
  text: string;
  /** `invalid`: what was wrong without the chat usage, for fronts with a syntax of their own. */
  problem?: string;
  items?: ReplyItem[];
  /** e.g. "Page 1 of 3 - /papers diffusion page:2". */
  footer?: string;
  /** Machine-readable payload for `--json` (records, people, feeds). */
  data?: unknown;
}

/** A choice offered while the user types (Discord autocomplete). */
export interface Suggestion {
  label: string;
  value: string;
}

/** What an option autocompletes: watched people, feeds, any polled source, or a follow's target. */
export type SuggestionKind = 'person' | 'feed' | 'source' | 'follow';

/** What every front calls. Implemented once, in src/commands/, over the store and search index. */
export interface CommandService {
  execute(request: CommandRequest, caller: Caller): Promise<CommandReply>;
  /**
   * Watched people, feed or source ids matching what has been typed so far (at most 25);
   * `follow`: watched people and talk series (`talk-series:<feed id>`).
   */
  suggest(kind: SuggestionKind, partial: string): Promise<Suggestion[]>;
}
