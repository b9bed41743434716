/**
 * Announcements of talks: the first one (head with title, speakers, time and place; thread with
 * the abstract, the speaker's bio and add-to-calendar), and the follow-ups that continue its
 * thread when the talk moves, is cancelled or is about to start.
 */
import type {
  Announcement,
  AnnouncementEvent,
  AnnouncementHead,
  ThreadReply,
} from '../announce/announcement.js';
import { isWatchedName, type PersonMatcher } from '../records/person-names.js';
import type { TalkRecord } from '../records/record.js';
import { googleCalendarUrl, icsSnippet } from './talk-calendar.js';
import type { TalkChange } from './talk-rules.js';
import { durationWords, formatTalkTime, formatTalkTimeRange, offsetLabel } from './talk-time-text.js';

export interface TalkComposeContext {
  channelId: string;
  matchers: readonly PersonMatcher[];
  /** Series name, else the feed's host. */
  sourceLabel: string;
  now: Date;
}

export type TalkFollowUp =
  | { event: 'changed'; changes: TalkChange[] }
  | { event: 'cancelled' }
  | { event: 'reminder'; offsetMs: number };

/** Reminders this close to the start also get a short message in the channel itself. */
export const CHANNEL_NOTICE_MAX_OFFSET_MS = 60 * 60_000;

export function composeTalkAnnouncement(talk: TalkRecord, context: TalkComposeContext): Announcement {
  return {
    key: talk.id,
    channelId: context.channelId,
    event: 'new',
    record: talk,
    head: talkHead(talk, 'new', context),
    replies: talkReplies(talk, context.now),
  };
}

/** A follow-up: its head is the talk as it is now (to rewrite the first head), its reply the news. */
export function composeTalkFollowUp(
  talk: TalkRecord,
  followUp: TalkFollowUp,
  context: TalkComposeContext,
): Announcement {
  return {
    key: followUpKey(talk, followUp, context.now),
    channelId: context.channelId,
    event: followUp.event,
    record: talk,
    head: talkHead(talk, followUp.event, context),
    replies: [{ kind: 'notice', text: noticeText(talk, followUp, context.now), start: talk.start }],
  };
}

/**
 * Delivery keys, stable across retries and restarts (the outbox refuses a key it has delivered):
 * `<id>#changed@<when the change was seen>` (a talk can move twice), `<id>#cancelled`, and
 * `<id>#reminder-<offset>@<start in UTC>`: a talk moved later gets its reminders again, for the
 * new time.
 */
export function followUpKey(talk: TalkRecord, followUp: TalkFollowUp, now: Date): string {
  switch (followUp.event) {
    case 'changed':
      return `${talk.id}#changed@${now.toISOString()}`;
    case 'cancelled':
      return `${talk.id}#cancelled`;
    case 'reminder':
      return `${talk.id}#reminder-${offsetLabel(followUp.offsetMs)}@${new Date(talk.start).toISOString()}`;
  }
}

export function talkHead(
  talk: TalkRecord,
  event: AnnouncementEvent,
  context: Pick<TalkComposeContext, 'matchers' | 'sourceLabel'>,
): AnnouncementHead {
  return {
    kind: 'talk',
    event,
    title: talk.title,
    url: talk.url,
    people: talk.speakers.map((name) => ({ name, watched: isWatchedName(name, context.matchers) })),
    date: talk.start,
    start: talk.start,
    end: talk.end,
    ...(talk.allDay ? { allDay: true } : {}),
    ...(talk.timezone ? { timezone: talk.timezone } : {}),
    ...(talk.location ? { location: talk.location } : {}),
    ...(talk.status === 'cancelled' ? { cancelled: true } : {}),
    sourceLabel: context.sourceLabel,
  };
}

function talkReplies(talk: TalkRecord, now: Date): ThreadReply[] {
  const replies: ThreadReply[] = [];
  if (talk.abstract) replies.push({ kind: 'abstract', title: talk.title, text: talk.abstract });
  if (talk.bio) replies.push({ kind: 'bio', text: talk.bio });
  replies.push({ kind: 'calendar', googleCalendarUrl: googleCalendarUrl(talk), ics: icsSnippet(talk, now) });
  return replies;
}

function noticeText(talk: TalkRecord, followUp: TalkFollowUp, now: Date): string {
  switch (followUp.event) {
    case 'changed':
      return followUp.changes.map((change) => changeLine(talk, change)).join('\n');
    case 'cancelled':
      return `Cancelled: "${talk.title}" (${formatTalkTime(talk.start, talk)}) will not take place.`;
    case 'reminder':
      return `Reminder: "${talk.title}" starts in ${timeLeft(talk, now)}${placeSuffix(talk)}.`;
  }
}

function changeLine(talk: TalkRecord, change: TalkChange): string {
  switch (change.field) {
    case 'time':
      return `Time changed: ${formatTalkTimeRange(change.from, talk)} → ${formatTalkTimeRange(change.to, talk)}`;
    case 'place':
      return `Place changed: ${change.from ?? 'not given'} → ${change.to ?? 'not given'}`;
    case 'reinstated':
      return 'No longer cancelled: the talk takes place after all.';
  }
}

/** The short channel message of a reminder close to the start; undefined for earlier ones. */
export function channelNoticeFor(talk: TalkRecord, offsetMs: number, now: Date): string | undefined {
  if (offsetMs > CHANNEL_NOTICE_MAX_OFFSET_MS) return undefined;
  const speakers = talk.speakers.length > 0 ? ` with ${talk.speakers.join(', ')}` : '';
  return `Starting in ${timeLeft(talk, now)}: "${talk.title}"${speakers}${placeSuffix(talk)}.`;
}

/** The time left, not the offset: a reminder sent late after downtime says "in 30 minutes". */
function timeLeft(talk: TalkRecord, now: Date): string {
  return durationWords(Date.parse(talk.start) - now.getTime());
}

function placeSuffix(talk: TalkRecord): string {
  return talk.location ? ` (${talk.location})` : '';
}
