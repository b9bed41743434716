/**
 * The paused follows part of /status: members whose direct messages could not be reached
 * (paused-follows.ts), how many follows that stops, the first few members by id, and where to see
 * them all. Only a few are named, so the answer stays small however many members there are.
 */

import { byCodeUnits } from '../code-unit-order.js';
import { type MemberFollows, memberKey } from '../follows/follow.js';
import type { ReplyItem } from './command.js';
import type { CommandContext } from './context.js';
import { formatInstant } from './format-instant.js';

/** Members named one by one; the rest are counted. */
const NAMED = 5;

export interface PausedFollowsStatus {
  /** `3 follows of 2 members paused`, or undefined when none is. */
  summary: string | undefined;
  items: ReplyItem[];
  data: { member: string; follows: number; pausedAt: string; reason?: string }[];
}

export async function pausedFollowsStatus(context: CommandContext): Promise<PausedFollowsStatus> {
  const paused = (await context.store.follows.members())
    .filter((member): member is MemberFollows & { pausedAt: string } => member.pausedAt !== undefined)
    .sort((a, b) => byCodeUnits(a.pausedAt, b.pausedAt));
  if (paused.length === 0) return { summary: undefined, items: [], data: [] };
  const follows = paused.reduce((sum, member) => sum + member.follows.length, 0);
  const named = paused.slice(0, NAMED).map(memberKey).join(', ');
  const more = paused.length > NAMED ? ` and ${paused.length - NAMED} more` : '';
  const members = `${paused.length} ${paused.length === 1 ? 'member' : 'members'}`;
  return {
    summary: `${follows} ${follows === 1 ? 'follow' : 'follows'} of ${members} paused`,
    items: [
      {
        title: `Paused follows: ${members} the bot cannot send direct messages to`,
        fields: [
          { name: 'Members', value: `${named}${more}` },
          {
            name: 'Oldest pause',
            value: formatInstant(new Date(paused[0]!.pausedAt), context.config.timezone),
          },
          {
            name: 'See them',
            value:
              'herald follows lists them all, /following member:<user> one of them; a member is resumed by their own next /follow',
          },
        ],
      },
    ],
    data: paused.map((member) => ({
      member: memberKey(member),
      follows: member.follows.length,
      pausedAt: member.pausedAt,
      ...(member.pausedReason ? { reason: member.pausedReason } : {}),
    })),
  };
}
