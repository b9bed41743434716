/**
 * A talk as read from a seminar calendar (.ics) or a talk feed (RSS/Atom), before the core matches
 * speakers to watched people and turns it into a TalkRecord.
 */
export type TalkEventStatus = 'confirmed' | 'cancelled';

export interface TalkEvent {
  /**
   * Stable identity: the UID, plus `#` and the occurrence's RECURRENCE-ID (ISO instant in UTC, or
   * the date for all-day events) when the event recurs; without a UID, a hash (sha256, first 16
   * hex) of the normalised title and speaker text. Never derived from DTSTAMP, which some listings
   * set to "now" on every fetch.
   */
  key: string;
  /** Cleaned plain text: no HTML, white space collapsed. */
  title: string;
  /** Plain text; paragraphs kept as blank lines. */
  description: string;
  /** ISO 8601 with the offset of the event's zone, e.g. 2025-11-03T12:00:00+01:00. */
  start: string;
  /** ISO 8601 with offset. */
  end: string;
  allDay: boolean;
  /** IANA zone the times are in, when the source's zone has one. */
  timezone?: string;
  location?: string;
  url?: string;
  status: TalkEventStatus;
  /** Organizer's common name, else their mail address. */
  organizer?: string;
  /** Common names of the attendees. */
  attendees: string[];
  /** Raw names that look like the speaker's, for the core to match against watched people. */
  speakerHints: string[];
  /** Calendar name (X-WR-CALNAME) or feed title. */
  series?: string;
}
