/**
 * Text of a talk made plain: HTML removed, entities decoded, white space tidied; plus the hash key
 * of a talk that has no UID or guid.
 */
import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import { htmlToText } from '../../records/clean-html.js';
import { fixControlCharacters, looksLikeHtml, repairMojibake } from '../../records/clean-text.js';

const HAS_TAG = /<\/[a-z][\w-]*\s*>|<[a-z][\w-]*(?:\s[^>]*)?\/?>/i;

/**
 * Plain text with line structure kept: paragraphs become blank lines, runs of spaces one space.
 * Calendar and talk-listing text is plain text unless it looks like HTML (Google Calendar writes
 * HTML into DESCRIPTION), so `for n<m and m>k` keeps its words.
 */
export function toPlainText(text: string | undefined, kind: 'html' | 'guess' = 'guess'): string {
  if (!text) return '';
  let plain = fixControlCharacters(repairMojibake(text));
  if (kind === 'html' || looksLikeHtml(plain)) {
    // Plain text with an entity in it keeps its own line breaks; in HTML they are only layout.
    plain = htmlToText(plain, { preserveNewlines: !HAS_TAG.test(plain) });
  }
  return plain
    .replace(/[\ufeff\u200b]/g, '')
    .split(/\r\n|\n|\r/)
    .map((line) => line.replace(/[ \t\u00a0\v\f]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line of plain text: for titles, locations, names. */
export function toPlainLine(text: string | undefined): string {
  return toPlainText(text).replace(/\s+/g, ' ').trim();
}

/**
 * researchseminars.org puts the speaker in SUMMARY and the talk's title in the description's first
 * line ("Title: ...", then "by Speaker (Affiliation) as part of Series"): the title from there.
 */
export function titleInDescription(description: string): string | undefined {
  const [first = '', second = ''] = description.split('\n');
  const title = /^Title:\s*(.+)$/i.exec(first)?.[1]?.trim();
  return title && /^by\s/i.test(second) ? title : undefined;
}

/** "CANCELLED: ...", "[Canceled] ...": listings that mark a cancellation only in the title. */
export function isCancelledTitle(title: string): boolean {
  return /^\W*(?:cancell?ed|abgesagt|annul[ée]e?)\b/i.test(title);
}

/** sha256 (first 16 hex) of the normalised title and speaker text: the key of a talk without id. */
export function talkKey(title: string, speakers: readonly string[]): string {
  const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const source = `${normalise(title)}\n${normalise(speakers.join(', '))}`;
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/** ISO 8601 with a numeric offset, never `Z`: 2025-11-03T12:00:00+01:00. */
export function isoWithOffset(dateTime: DateTime): string {
  return dateTime.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** The instant in UTC, for keys: 2025-11-03T11:00:00Z. */
export function isoUtc(dateTime: DateTime): string {
  return dateTime.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
