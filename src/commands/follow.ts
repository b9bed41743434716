/**
 * /follow, /unfollow, /following: any member, for themselves (an admin may act for another
 * member; the command line always names the member). A follow is a watched person (id or name),
 * `keyword:<words>` or `talk-series:<feed id>`; `digest:weekly` turns the member's direct
 * messages into one weekly digest, `digest:off` back. Following someone the bot does not watch is
 * refused, and recorded as a request the admin channel is told of. Bad arguments are refused
 * before anything is stored.
 */
import {
  checkFollowKeyword,
  directChannelId,
  type Follow,
  type FollowTarget,
  MAX_FOLLOWS,
  type Member,
  type MemberFollows,
  sameTarget,
  targetText,
} from '../follows/follow.js';
import { resumed } from '../follows/paused-follows.js';
import { matchPeople, personMatcher } from '../records/person-names.js';
import { checkPersonName } from '../records/validators.js';
import { checkedText } from './arguments.js';
import type { Caller, CommandName, CommandReply, CommandRequest, MemberRef, ReplyItem } from './command.js';
import type { CommandContext } from './context.js';
import { formatInstant } from './format-instant.js';
import { CommandArgumentError } from './parse-text.js';
import type { WatchlistView } from './watchlist-view.js';

type FollowRequest = Extract<CommandRequest, { name: 'follow' }>;
type UnfollowRequest = Extract<CommandRequest, { name: 'unfollow' }>;
type FollowingRequest = Extract<CommandRequest, { name: 'following' }>;

export async function runFollow(
  request: FollowRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  const member = memberOf('follow', request.member, caller);
  const view = await context.watchlists.fresh();
  const target =
    request.target === undefined && request.digest
      ? undefined
      : await resolveTarget(
          checkedText('follow', 'the person, keyword: or talk-series: to follow', request.target, true),
          view,
          caller,
          context,
        );
  const now = context.clock().toISOString();
  const stored = await context.store.follows.get(member);
  // A member who uses /follow is around again: paused follows resume.
  const before: MemberFollows = stored ? resumed(stored) : { ...member, follows: [], updatedAt: now };
  const already = target !== undefined && before.follows.some((follow) => sameTarget(follow.target, target));
  if (target && !already && before.follows.length >= MAX_FOLLOWS)
    throw new CommandArgumentError(
      'follow',
      `you follow ${before.follows.length} already, the most a member may (${MAX_FOLLOWS}); /unfollow one first`,
    );
  const follows: Follow[] =
    target && !already ? [...before.follows, { target, addedAt: now }] : before.follows;
  const updated: MemberFollows = {
    ...before,
    follows,
    ...lastChannel(member, caller),
    ...(request.digest === 'weekly' ? { digest: 'weekly' as const } : {}),
    updatedAt: now,
  };
  if (request.digest === 'off') delete updated.digest;
  await context.store.follows.save(updated);
  const said = [
    target ? `${already ? 'You already follow' : 'Now following'} ${describe(target, view)}.` : '',
    stored?.pausedAt ? 'Your paused follows are resumed.' : '',
    deliveryNote(updated),
  ];
  return followReply(updated, said.filter(Boolean).join(' '), view, context);
}

export async function runUnfollow(
  request: UnfollowRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  const member = memberOf('unfollow', request.member, caller);
  const text = checkedText('unfollow', 'what to unfollow (or all)', request.target, true);
  const view = await context.watchlists.fresh();
  const stored = await context.store.follows.get(member);
  const whose = sameMember(member, caller)
    ? 'You follow'
    : `${member.platform} member ${member.userId} follows`;
  if (!stored || stored.follows.length === 0) throw new CommandArgumentError('unfollow', `${whose} nothing`);
  const removed =
    text.toLowerCase() === 'all'
      ? stored.follows
      : stored.follows.filter((follow) => matchesText(follow.target, text, view));
  if (removed.length === 0) {
    const known = stored.follows.map((follow) => targetText(follow.target)).join(', ');
    throw new CommandArgumentError(
      'unfollow',
      `"${text}" is not followed (${whose.toLowerCase()}: ${known})`,
    );
  }
  const updated: MemberFollows = {
    ...stored,
    follows: stored.follows.filter((follow) => !removed.includes(follow)),
    ...lastChannel(member, caller),
    updatedAt: context.clock().toISOString(),
  };
  await context.store.follows.save(updated);
  const names = removed.map((follow) => describe(follow.target, view)).join(', ');
  return followReply(updated, `No longer following ${names}.`, view, context);
}

export async function runFollowing(
  request: FollowingRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  const view = await context.watchlists.fresh();
  if (request.all) {
    if (!caller.isAdmin)
      throw new CommandArgumentError('following', "only admins can list every member's follows");
    const members = await context.store.follows.members();
    if (members.length === 0)
      return { status: 'empty', ephemeral: true, text: 'No member follows anything.', data: [] };
    return {
      status: 'ok',
      ephemeral: true,
      text: `${members.length} ${members.length === 1 ? 'member follows' : 'members follow'} people, keywords or talk series`,
      items: members.map((member) => memberItem(member, view, context)),
      data: members,
    };
  }
  const member = memberOf('following', request.member, caller);
  const stored = await context.store.follows.get(member);
  if (!stored || stored.follows.length === 0)
    return {
      status: 'empty',
      ephemeral: true,
      text: 'Nothing followed yet. /follow <person | keyword:<words> | talk-series:<feed id>> sends you a direct message for each new paper or talk.',
      data: stored ?? { ...member, follows: [] },
    };
  return followReply(stored, deliveryNote(stored), view, context);
}

/** The member a command is about: the caller, or (admins only) the member named. */
function memberOf(command: CommandName, named: MemberRef | undefined, caller: Caller): Member {
  if (named) {
    const platform = named.platform ?? caller.platform;
    if (platform === 'console')
      throw new CommandArgumentError(command, 'name the member as <discord|slack>:<user id>');
    const member = { platform, userId: named.userId };
    if (!sameMember(member, caller) && !caller.isAdmin)
      throw new CommandArgumentError(command, "only admins can change or list another member's follows");
    return member;
  }
  if (caller.platform === 'console')
    throw new CommandArgumentError(command, 'name the member: --user <discord|slack>:<user id>');
  return { platform: caller.platform, userId: caller.userId };
}

function sameMember(member: Member, caller: Caller): boolean {
  return member.platform === caller.platform && member.userId === caller.userId;
}

/** Where the member is told if their DMs turn out closed: the channel of their own command. */
function lastChannel(member: Member, caller: Caller): { lastChannel?: string } {
  return sameMember(member, caller) && caller.channelId ? { lastChannel: caller.channelId } : {};
}

async function resolveTarget(
  text: string,
  view: WatchlistView,
  caller: Caller,
  context: CommandContext,
): Promise<FollowTarget> {
  const prefixed = /^(keyword|talk-series):(.*)$/is.exec(text);
  if (prefixed?.[1]?.toLowerCase() === 'keyword') return { kind: 'keyword', words: keywordOf(prefixed[2]!) };
  if (prefixed) return { kind: 'talk-series', feedId: talkSeriesOf(prefixed[2]!.trim(), view) };
  const person = findPerson(text, view);
  if (person) return { kind: 'person', personId: person };
  const asked = await requestWatch(text, caller, context);
  const request = asked ? '; the admins have been asked to watch them' : '';
  throw new CommandArgumentError(
    'follow',
    `"${text}" is not a person the bot watches (see /watch list)${request}`,
  );
}

function keywordOf(raw: string): string {
  const checked = checkFollowKeyword(raw);
  if (!checked.ok) throw new CommandArgumentError('follow', `keyword: ${checked.problem}`);
  return checked.value;
}

function talkSeriesOf(id: string, view: WatchlistView): string {
  const series = view.feeds.filter((feed) => feed.kind === 'talk');
  const feed = series.find((candidate) => candidate.id === id.toLowerCase());
  if (!feed) {
    const known = series.map((candidate) => candidate.id).join(', ') || 'none';
    throw new CommandArgumentError(
      'follow',
      `talk-series:${id} names no watched talk feed (known: ${known})`,
    );
  }
  return feed.id;
}

/** A watched person by id or by name (as the name matcher reads names). */
function findPerson(text: string, view: WatchlistView): string | undefined {
  const byId = view.people.find((person) => person.id === text.toLowerCase());
  if (byId) return byId.id;
  return matchPeople([text], view.people.map(personMatcher))[0];
}

/**
 * A member asked for someone not watched, by a name: the admin channel is told (once per member
 * and name). False where there is no member to ask for (the command line) or no name.
 */
async function requestWatch(name: string, caller: Caller, context: CommandContext): Promise<boolean> {
  if (caller.platform === 'console' || !checkPersonName(name).ok) return false;
  await context.store.follows.request({
    platform: caller.platform,
    userId: caller.userId,
    name,
    at: context.clock().toISOString(),
  });
  return true;
}

function matchesText(target: FollowTarget, text: string, view: WatchlistView): boolean {
  if (targetText(target).toLowerCase() === text.toLowerCase()) return true;
  return target.kind === 'person' && findPerson(text, view) === target.personId;
}

function describe(target: FollowTarget, view: WatchlistView): string {
  if (target.kind === 'person') {
    const person = view.people.find((candidate) => candidate.id === target.personId);
    return person ? `${person.name} (${person.id})` : `${target.personId} (no longer watched)`;
  }
  return target.kind === 'keyword'
    ? `papers and talks mentioning "${target.words}"`
    : `the talk series ${target.feedId}`;
}

function deliveryNote(member: MemberFollows): string {
  if (member.pausedAt)
    return 'Paused: a direct message could not reach you (DMs closed?). /follow again once they are open.';
  return member.digest
    ? 'You get one direct message a week: a digest of what you follow.'
    : 'You get a direct message for each new paper or talk.';
}

function followReply(
  member: MemberFollows,
  text: string,
  view: WatchlistView,
  context: CommandContext,
): CommandReply {
  return {
    status: 'ok',
    ephemeral: true,
    text,
    items: [memberItem(member, view, context)],
    data: member,
  };
}

function memberItem(member: MemberFollows, view: WatchlistView, context: CommandContext): ReplyItem {
  return {
    title: `${directChannelId(member)}: ${member.follows.length} followed${member.digest ? ', weekly digest' : ''}`,
    fields: [
      {
        name: 'Follows',
        value: member.follows.map((follow) => describe(follow.target, view)).join('; ') || 'nothing',
      },
      ...(member.pausedAt
        ? [{ name: 'Paused since', value: formatInstant(new Date(member.pausedAt), context.config.timezone) }]
        : []),
    ],
  };
}
