/**
 * A platform-free announcement: what is said about one record in one channel.
 * Platforms (console, Discord, Slack) render it; none of them decides what it contains.
 */
import type { HeraldRecord, RecordKind } from '../records/record.js';
import type { DigestAnnouncement, DigestReply } from './digest/digest-model.js';

/**
 * Why a record is being posted: `new`, then follow-ups in its thread: a paper's publication
 * (`published`), a talk's change, cancellation or reminder.
 */
export type AnnouncementEvent = 'new' | 'published' | 'changed' | 'cancelled' | 'reminder';

export interface NamedPerson {
  name: string;
  /** True when the name is one of the watched people: platforms show it in bold. */
  watched: boolean;
}

export interface LinkItem {
  label: string;
  url: string;
}

/** The top-level message: short, so a channel stays readable. */
export interface AnnouncementHead {
  kind: RecordKind;
  event: AnnouncementEvent;
  title: string;
  url: string;
  people: NamedPerson[];
  /** ISO 8601 date the record is dated by (published, or a talk's start). */
  date: string;
  category?: string;
  venue?: string;
  /** Talks only. ISO 8601 with offset. */
  start?: string;
  end?: string;
  allDay?: boolean;
  timezone?: string;
  location?: string;
  cancelled?: boolean;
  /** One line naming the source, e.g. `arXiv` or the feed title. */
  sourceLabel: string;
}

/** One reply in the thread under the head, posted in order. */
export type ThreadReply =
  | { kind: 'abstract'; title: string; text: string }
  | { kind: 'links'; links: LinkItem[] }
  | { kind: 'bibtex'; text: string }
  | { kind: 'calendar'; googleCalendarUrl: string; ics: string }
  | { kind: 'bio'; text: string }
  | { kind: 'notice'; text: string; start?: string }
  | DigestReply;

export interface Announcement {
  /** Stable id of this delivery: `<recordId>` for `new`, with a suffix for follow-ups. */
  key: string;
  channelId: string;
  event: AnnouncementEvent;
  record: HeraldRecord;
  head: AnnouncementHead;
  replies: ThreadReply[];
}

/** What one outbox entry delivers: an announcement of one record, or a digest of many. */
export type Deliverable = Announcement | DigestAnnouncement;

export function isDigest(deliverable: Deliverable): deliverable is DigestAnnouncement {
  return 'kind' in deliverable && deliverable.kind === 'digest';
}

/** How a delivery is named in notices and `/status`: the record's title, or the digest's headline. */
export function deliverableTitle(deliverable: Deliverable): string {
  return isDigest(deliverable) ? `Digest: ${deliverable.digest.headline}` : deliverable.record.title;
}
