/**
 * A member the bot cannot send direct messages to (DMs closed, gone from the server or workspace,
 * the bot blocked): their follows are paused rather than retried for ever, and they are told once,
 * in the chat channel where they last used a follow command (seen by them alone where the platform
 * allows it). Any `/follow` of theirs resumes them.
 */
import type { ChatPlatform } from '../announce/chat-platform.js';
import type { RecipientUnreachableError } from '../announce/delivery-error.js';
import type { Logger } from '../log.js';
import type { FollowRepository } from '../store/follow-repository.js';
import { type Member, type MemberFollows, memberOfChannel } from './follow.js';

export const PAUSED_TEXT =
  'I could not send you a direct message (your DMs may be closed to the bot), so your follows are paused. Allow direct messages from this server (or app), then use /follow again to resume them.';

export interface PauseDependencies {
  follows: FollowRepository;
  /** The platform that can reach a member in a channel, if its token is set. */
  platformOf: (member: Member) => ChatPlatform | undefined;
  clock: () => Date;
  logger: Logger;
}

/** For the delivery worker: the member of a direct channel cannot be reached. */
export function pauseUnreachable(deps: PauseDependencies) {
  return async (channel: { id: string }, error: RecipientUnreachableError): Promise<void> => {
    const member = memberOfChannel(channel.id);
    const follows = member ? await deps.follows.get(member) : undefined;
    if (!follows || follows.pausedAt) return;
    const now = deps.clock().toISOString();
    const paused: MemberFollows = { ...follows, pausedAt: now, pausedReason: error.message, updatedAt: now };
    const telling = !follows.toldAt && follows.lastChannel !== undefined;
    // Written before telling: told at most once, even across a crash.
    await deps.follows.save(telling ? { ...paused, toldAt: now } : paused);
    deps.logger.info({ member: channel.id }, 'follows paused: direct messages cannot reach the member');
    if (telling) await tell(deps, paused);
  };
}

async function tell(deps: PauseDependencies, member: MemberFollows): Promise<void> {
  try {
    await deps
      .platformOf(member)
      ?.tellMember?.({ channel: member.lastChannel!, userId: member.userId }, PAUSED_TEXT);
  } catch (error) {
    deps.logger.warn(
      { err: error, userId: member.userId },
      'could not tell the member their follows are paused',
    );
  }
}

/** A member back (a `/follow` of theirs): their follows run again, and a new pause is told again. */
export function resumed(member: MemberFollows): MemberFollows {
  const { pausedAt: _at, pausedReason: _reason, toldAt: _told, ...rest } = member;
  return rest;
}
