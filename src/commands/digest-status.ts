/**
 * The digests part of /status: for each configured channel in digest mode (as `/channel digest`
 * last set it), how many items wait and when its next digest goes out; items still waiting for a
 * channel switched back to instant (they go out as one last digest at the next tick); and the
 * members' personal digests, summed up in one line (there may be many members).
 *
 * When a digest goes out is worked out as the digest tick decides it (digest-tick.ts): a scheduled
 * time passed since the last digest sent means one is due at the next tick, else the next
 * scheduled time.
 */
import { deliveryChannels } from '../announce/delivery-channels.js';
import { digestSchedule, lastRunAtOrBefore, nextRunAfter } from '../announce/digest/digest-schedule.js';
import { isDirectChannelId } from '../follows/follow.js';
import type { DigestItemEntry, DigestState } from '../store/digest-repository.js';
import type { ReplyItem } from './command.js';
import type { CommandContext } from './context.js';
import { formatInstant } from './format-instant.js';

/** What the digest tick does next for a channel. */
export type NextDigest =
  /** ISO: the scheduled time of the next digest. */
  | { at: string }
  /** A scheduled time passed since the last digest sent (or the channel left digest mode). */
  | { due: true };

export interface DigestChannelStatus {
  channel: string;
  every?: 'daily' | 'weekly';
  /** As configured, `Mon 09:00`; the default when absent. */
  at?: string;
  /** False: switched back to instant, with items still waiting. */
  digestMode: boolean;
  waiting: number;
  papers: number;
  talks: number;
  /** ISO: when the oldest waiting item was queued. */
  oldest?: string;
  next: NextDigest;
  sendEmpty: boolean;
}

export interface PersonalDigestStatus {
  /** Members whose direct messages are a weekly digest. */
  members: number;
  waiting: number;
  next?: NextDigest;
}

export interface DigestStatus {
  /** `5 items waiting for digests`, or undefined when nothing waits. */
  summary: string | undefined;
  items: ReplyItem[];
  data: { channels: DigestChannelStatus[]; personal: PersonalDigestStatus };
}

export async function digestStatus(context: CommandContext): Promise<DigestStatus> {
  const { config } = context;
  const now = context.clock();
  const [channels, snapshot] = await Promise.all([
    deliveryChannels(config, context.store),
    context.store.digests.snapshot(),
  ]);
  const waitingFor = (id: string) => snapshot.items.get(id) ?? [];
  const rows: DigestChannelStatus[] = [];
  let personal: PersonalDigestStatus = { members: 0, waiting: 0 };
  for (const channel of channels) {
    const waiting = waitingFor(channel.id);
    const state = snapshot.states.get(channel.id);
    if (channel.direct) {
      if (channel.mode !== 'digest') continue;
      const next = nextDigest(
        channel.digest?.every ?? 'weekly',
        channel.digest?.at,
        state,
        config.timezone,
        now,
      );
      personal = {
        members: personal.members + 1,
        waiting: personal.waiting + waiting.length,
        next: sooner(personal.next, next),
      };
    } else if (channel.mode === 'digest') {
      const every = channel.digest?.every ?? 'weekly';
      rows.push({
        channel: channel.id,
        every,
        ...(channel.digest?.at ? { at: channel.digest.at } : {}),
        digestMode: true,
        ...counts(waiting),
        next: nextDigest(every, channel.digest?.at, state, config.timezone, now),
        sendEmpty: channel.digest?.sendEmpty ?? false,
      });
    } else if (waiting.length > 0) {
      rows.push({
        channel: channel.id,
        digestMode: false,
        ...counts(waiting),
        next: { due: true },
        sendEmpty: false,
      });
    }
  }
  // Items for members whose follows are paused (or gone) wait too; they count, without a next digest.
  const listed = new Set(channels.map((channel) => channel.id));
  for (const [id, waiting] of snapshot.items)
    if (isDirectChannelId(id) && !listed.has(id))
      personal = { ...personal, waiting: personal.waiting + waiting.length };

  const when = (next: NextDigest) =>
    'due' in next
      ? 'due now (sent within a minute by the running bot, or by the next herald run --once)'
      : formatInstant(new Date(next.at), config.timezone);
  const items: ReplyItem[] = rows.map((row) => ({
    title: row.digestMode
      ? `Digest: ${row.channel} (${row.every}${row.at ? `, ${row.at}` : ''})`
      : `Digest: ${row.channel} (back to instant: what waited goes out as one last digest)`,
    fields: [
      { name: 'Waiting', value: waitingText(row, config.timezone) },
      {
        name: 'Next digest',
        value:
          row.waiting === 0 && !row.sendEmpty && 'at' in row.next
            ? `${when(row.next)} (sent only if something waits by then)`
            : when(row.next),
      },
    ],
  }));
  if (personal.members > 0 || personal.waiting > 0)
    items.push({
      title: `Personal digests: ${personal.members} ${personal.members === 1 ? 'member' : 'members'}`,
      fields: [
        { name: 'Waiting', value: `${personal.waiting} ${plural(personal.waiting, 'item')}` },
        ...(personal.next ? [{ name: 'Next digest', value: when(personal.next) }] : []),
      ],
    });
  const total = rows.reduce((sum, row) => sum + row.waiting, 0) + personal.waiting;
  const summary = items.length > 0 ? `${total} ${plural(total, 'item')} waiting for a digest` : undefined;
  return { summary, items, data: { channels: rows, personal } };
}

/** When the tick sends a channel's next digest (digest-tick.ts #scheduled, without sending it). */
function nextDigest(
  every: 'daily' | 'weekly',
  at: string | undefined,
  state: DigestState | undefined,
  timezone: string,
  now: Date,
): NextDigest {
  const schedule = digestSchedule(every, at, timezone);
  // Not seen by the tick yet: it starts collecting now, so the first digest is the next time.
  if (state && lastRunAtOrBefore(schedule, now) > new Date(state.lastTo)) return { due: true };
  return { at: nextRunAfter(schedule, now).toISOString() };
}

function sooner(a: NextDigest | undefined, b: NextDigest): NextDigest {
  if (!a || 'due' in b) return b;
  if ('due' in a) return a;
  return a.at <= b.at ? a : b;
}

function counts(waiting: readonly DigestItemEntry[]) {
  const talks = waiting.filter((item) => item.announcement.head.kind === 'talk').length;
  return {
    waiting: waiting.length,
    papers: waiting.length - talks,
    talks,
    ...(waiting[0] ? { oldest: waiting[0].queuedAt } : {}),
  };
}

function waitingText(row: DigestChannelStatus, timezone: string): string {
  if (row.waiting === 0 || !row.oldest) return 'nothing yet';
  const kinds = [
    ...(row.papers > 0 ? [`${row.papers} ${plural(row.papers, 'paper')}`] : []),
    ...(row.talks > 0 ? [`${row.talks} ${plural(row.talks, 'talk')}`] : []),
  ].join(', ');
  return `${row.waiting} ${plural(row.waiting, 'item')} (${kinds}), the oldest since ${formatInstant(new Date(row.oldest), timezone)}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
