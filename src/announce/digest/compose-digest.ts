/**
 * Composes a channel's digest from what waited for it. Pure. Per record, the newest of its
 * waiting announcements says how it is now: a paper new and published in the same period is one
 * new paper with its venue; a paper from an earlier digest that is now published is an update; a
 * talk is listed when it starts within the next period (later ones wait for a later digest), as
 * an update when an earlier digest had it, and not at all once cancelled or past.
 */
import { DateTime } from 'luxon';
import { byCodeUnits } from '../../code-unit-order.js';
import type { DigestItemEntry } from '../../store/digest-repository.js';
import type { Announcement, ThreadReply } from '../announcement.js';
import type { DigestAnnouncement, DigestItem, DigestUpdate } from './digest-model.js';
import type { DigestEvery } from './digest-schedule.js';

/** Talks per list reply: each platform renders a talk within a bound that makes this many fit. */
export const DIGEST_LIST_MAX = 6;

export interface DigestInput {
  channelId: string;
  /** Waiting items of the channel, oldest first. */
  items: readonly DigestItemEntry[];
  from: Date;
  to: Date;
  /** Talks starting before this go in; absent: every upcoming talk (a last digest, mode switched off). */
  talksBefore?: Date;
  /** The channel's schedule (absent for a last digest): names the period in the headline. */
  every?: DigestEvery;
  sendEmpty: boolean;
  zone: string;
}

export interface DigestPlan {
  /** Undefined when the period is empty and empty digests are not sent. */
  announcement: DigestAnnouncement | undefined;
  /** Waiting items this digest disposes of: listed, folded into another, or dropped as past. */
  used: string[];
}

interface Group {
  entries: DigestItemEntry[];
  latest: Announcement;
  hasNew: boolean;
}

export function composeDigest(input: DigestInput): DigestPlan {
  const papers: DigestItem[] = [];
  const paperUpdates: DigestItem[] = [];
  const talks: DigestItem[] = [];
  const used: string[] = [];
  for (const group of groupByRecord(input.items)) {
    const placed = place(group, input);
    if (placed === 'wait') continue;
    used.push(...group.entries.map((entry) => entry.key));
    if (placed === 'drop') continue;
    if (placed.type === 'talk') talks.push(placed);
    else (placed.update ? paperUpdates : papers).push(placed);
  }
  papers.sort((a, b) => byCodeUnits(a.published ?? '', b.published ?? ''));
  talks.sort((a, b) => Date.parse(a.start ?? '') - Date.parse(b.start ?? ''));
  const paperItems = [...papers, ...paperUpdates];
  if (paperItems.length + talks.length === 0 && !input.sendEmpty) return { announcement: undefined, used };
  const replies: ThreadReply[] = [
    ...paperItems.map((item) => ({ kind: 'digest' as const, section: 'paper' as const, items: [item] })),
    ...chunks(talks, DIGEST_LIST_MAX).map((items) => ({
      kind: 'digest' as const,
      section: 'talks' as const,
      items,
    })),
  ];
  const counts = {
    papers: papers.length,
    updates: paperUpdates.length + talks.filter((talk) => talk.update).length,
    talks: talks.filter((talk) => !talk.update).length,
  };
  return {
    used,
    announcement: {
      kind: 'digest',
      key: digestKey(input.from),
      channelId: input.channelId,
      event: 'digest',
      digest: {
        from: input.from.toISOString(),
        to: input.to.toISOString(),
        ...counts,
        headline: headline(counts, periodName(input)),
      },
      replies,
    },
  };
}

/** A digest is known by the start of its period: one per channel and period, stable across crashes. */
export function digestKey(from: Date): string {
  return `digest:${from.toISOString()}`;
}

function groupByRecord(items: readonly DigestItemEntry[]): Group[] {
  const groups = new Map<string, DigestItemEntry[]>();
  for (const item of items) {
    const id = item.announcement.record.id;
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  return [...groups.values()].map((entries) => ({
    entries,
    latest: entries.at(-1)!.announcement,
    hasNew: entries.some((entry) => entry.announcement.event === 'new'),
  }));
}

/** The item a record's group becomes, or whether it waits for a later digest or is dropped. */
function place(group: Group, input: DigestInput): DigestItem | 'wait' | 'drop' {
  const { latest, hasNew } = group;
  if (latest.record.kind === 'paper') return itemOf(latest, hasNew ? undefined : 'published');
  const start = Date.parse(latest.head.start ?? latest.record.start);
  const cancelled = latest.event === 'cancelled' || latest.record.status === 'cancelled';
  if (start < input.to.getTime()) return 'drop';
  if (hasNew) {
    if (cancelled) return 'drop';
    if (input.talksBefore && start >= input.talksBefore.getTime()) return 'wait';
    return itemOf(latest, undefined);
  }
  return itemOf(latest, cancelled ? 'cancelled' : 'changed');
}

function itemOf(announcement: Announcement, update: DigestUpdate | undefined): DigestItem {
  const { record, head } = announcement;
  const note = update ? announcement.replies.find((reply) => reply.kind === 'notice')?.text : undefined;
  const base = {
    id: record.id,
    type: record.kind,
    ...(update ? { update } : {}),
    ...(note ? { note } : {}),
    title: head.title,
    url: head.url,
    people: head.people,
  };
  if (record.kind === 'paper')
    return { ...base, published: record.published, ...(record.venue ? { venue: record.venue } : {}) };
  return {
    ...base,
    start: head.start ?? record.start,
    ...(head.end ? { end: head.end } : {}),
    ...(head.allDay ? { allDay: true } : {}),
    ...(head.timezone ? { timezone: head.timezone } : {}),
    ...(head.location ? { location: head.location } : {}),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/** "this week", "today", or "since 1 June 2026" when the digest covers more (after downtime). */
function periodName(input: DigestInput): string {
  const span = input.to.getTime() - input.from.getTime();
  const hour = 3_600_000;
  if (input.every === 'weekly' && span <= 7 * 24 * hour + hour) return 'this week';
  if (input.every === 'daily' && span <= 24 * hour + hour) return 'today';
  return `since ${DateTime.fromJSDate(input.from, { zone: input.zone }).toFormat('d LLLL yyyy')}`;
}

function headline(counts: { papers: number; updates: number; talks: number }, period: string): string {
  const parts = [
    plural(counts.papers, 'paper'),
    plural(counts.updates, 'update'),
    plural(counts.talks, 'upcoming talk'),
  ].filter(Boolean);
  if (parts.length === 0) return `Nothing new ${period}.`;
  return `${period[0]!.toUpperCase()}${period.slice(1)}: ${parts.join(', ')}`;
}

function plural(count: number, noun: string): string {
  if (count === 0) return '';
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
