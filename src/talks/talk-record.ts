/**
 * A talk event as the rest of the core sees it: a TalkRecord with an id that stays the same from
 * poll to poll, the names watched people are matched on, and the speaker's bio split off.
 */
import { createHash } from 'node:crypto';
import { normaliseNameText } from '../records/person-names.js';
import type { TalkRecord } from '../records/record.js';
import type { TalkEvent } from '../sources/calendars/index.js';
import { looksLikeName } from '../sources/calendars/speaker-hints.js';

/**
 * `talk:<hash>` of the feed and the event's key (UID plus RECURRENCE-ID, or a hash of title and
 * speaker). The same talk in two feeds gets two ids; the tracker keeps the first one it followed
 * and takes the other as its alias (talk-tracker.ts).
 */
export function talkRecordId(feedId: string, eventKey: string): string {
  const digest = createHash('sha256').update(`${feedId}\n${eventKey}`).digest('hex').slice(0, 16);
  return `talk:${digest}`;
}

/** The record of one talk event; `people` is left empty for the matcher to fill. */
export function talkRecordFrom(event: TalkEvent, feedId: string, sourceId: string): TalkRecord {
  const { abstract, bio } = splitBio(event.description);
  const record: TalkRecord = {
    id: talkRecordId(feedId, event.key),
    kind: 'talk',
    title: event.title || 'Untitled talk',
    abstract,
    url: event.url ?? '',
    links: event.url ? { abs: event.url } : {},
    people: [],
    source: sourceId,
    // A talk is dated by when it happens, not by when the listing was written.
    published: event.start,
    speakers: speakersOf(event),
    start: event.start,
    end: event.end,
    status: event.status,
  };
  if (event.allDay) record.allDay = true;
  if (event.timezone) record.timezone = event.timezone;
  if (event.location) record.location = event.location;
  if (bio) record.bio = bio;
  if (event.series) record.series = event.series;
  return record;
}

/**
 * Speaker hints, then the organizer, then the attendees, each once (names compared without case
 * or accents). Mail addresses and names that are rooms or offices ("Theory Group Office") are left
 * out: they would be shown as speakers.
 */
export function speakersOf(event: TalkEvent): string[] {
  const candidates = [...event.speakerHints, event.organizer ?? '', ...event.attendees];
  const seen = new Set<string>();
  const speakers: string[] = [];
  for (const candidate of candidates) {
    const name = givenNameFirst(candidate.trim());
    if (!name || name.includes('@') || !looksLikeName(name)) continue;
    const key = normaliseNameText(name);
    if (seen.has(key)) continue;
    seen.add(key);
    speakers.push(name);
  }
  return speakers;
}

/** "Ortiz, Carlos" (how Outlook writes attendees) -> "Carlos Ortiz". */
function givenNameFirst(name: string): string {
  const parts = name.split(',').map((part) => part.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) return name;
  return `${parts[1]} ${parts[0]}`;
}

/** A line that opens the speaker's bio: "Bio:", "BIO:", "Speaker bio: ...", "About the speaker:". */
const BIO_START = /^(?:speaker(?:'s|’s)?\s+)?(?:bio|biography|short bio|about the speaker)\s*:\s*(.*)$/i;
/** A labelled line after the bio that belongs to the listing again ("Hosted by: ..."). */
const AFTER_BIO =
  /^(?:hosted by|host|organi[sz]ed by|organi[sz]ers?|contact|abstract|title|location|venue|zoom|registration|link)\b[^:]{0,20}:/i;

/** The description without its "Bio:" section, and that section's text. */
export function splitBio(description: string): { abstract: string; bio?: string } {
  const lines = description.split('\n');
  const start = lines.findIndex((line) => BIO_START.test(line.trim()));
  if (start < 0) return { abstract: description };
  const after = lines.findIndex((line, index) => index > start && AFTER_BIO.test(line.trim()));
  const end = after < 0 ? lines.length : after;
  const firstLine = BIO_START.exec(lines[start]!.trim())?.[1] ?? '';
  const bio = [firstLine, ...lines.slice(start + 1, end)].join('\n').trim();
  const abstract = [...lines.slice(0, start), ...lines.slice(end)]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return bio ? { abstract, bio } : { abstract };
}
