/**
 * Text of a talk made plain: HTML removed, entities decoded, white space tidied; plus the hash key
 * of a talk that has no UID or guid.
 */
import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import { htmlToText, repairMojibake } from '../../records/clean-text.js';

const HAS_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^>]*)?\/?>/i;
const HAS_ENTITY = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/i;

/** Plain text with line structure kept: paragraphs become blank lines, runs of spaces one space. */
export function toPlainText(text: string | undefined): string {
  if (!text) return '';
  let plain = repairMojibake(text);
  if (HAS_TAG.test(plain) || HAS_ENTITY.test(plain)) {
    // Plain text with an entity in it keeps its own line breaks; in HTML they are only layout.
    plain = htmlToText(plain, { preserveNewlines: !HAS_TAG.test(plain) });
  }
  return (
    plain
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing stray control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff\u200b]/g, '')
      .split(/\r\n|\n|\r/)
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
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
