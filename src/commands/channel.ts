/**
 * /channel digest daily|weekly|off (admins), run in the channel it sets: the channel's
 * announcements are collected into a daily or weekly digest (at the config's time for it, else
 * 09:00, Mondays for a weekly one, in the config's `timezone`), or go out one by one again. The
 * mode is stored over the config's and counts from the next cycle.
 */
import { withMode } from '../announce/delivery-channels.js';
import { DEFAULT_DIGEST_AT } from '../announce/digest/digest-schedule.js';
import type { Caller, CommandReply, CommandRequest } from './command.js';
import { type CommandContext, changedBy } from './context.js';
import { CommandArgumentError } from './parse-text.js';

type ChannelRequest = Extract<CommandRequest, { name: 'channel' }>;

export async function runChannel(
  request: ChannelRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  const channel = context.config.channels.find(
    (candidate) => candidate.platform === caller.platform && candidate.target === caller.channelId,
  );
  if (!channel)
    throw new CommandArgumentError(
      'channel',
      'run it in a channel the bot announces to (one of `channels` in the config)',
    );
  const now = context.clock();
  const { digests } = context.store;
  const before = withMode(channel, (await digests.modes()).get(channel.id));
  const mode = request.every === 'off' ? 'instant' : 'digest';
  await digests.setMode({
    channelId: channel.id,
    mode,
    ...(request.every === 'off' ? {} : { every: request.every }),
    by: changedBy(caller),
    at: now.toISOString(),
  });
  if (request.every === 'off')
    return reply(
      before.mode === 'digest'
        ? `${channel.id} is back to announcing each paper and talk; what waited for its digest goes out now, as one last digest.`
        : `${channel.id} announces each paper and talk already.`,
    );
  // A channel that starts collecting now: its first digest covers from now on.
  if (before.mode !== 'digest') await digests.saveState({ channelId: channel.id, lastTo: now.toISOString() });
  const after = withMode(channel, { channelId: channel.id, mode, every: request.every, by: '', at: '' });
  const at = after.digest?.at ?? DEFAULT_DIGEST_AT[request.every];
  return reply(
    `${channel.id} now gets a ${request.every} digest (${at}, ${context.config.timezone}) instead of each announcement; the first covers what comes from now on.`,
  );
}

function reply(text: string): CommandReply {
  return { status: 'ok', ephemeral: true, text };
}
