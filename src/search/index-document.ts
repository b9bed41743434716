/**
 * What the index holds of one record: its searchable text in columns, and a rowid that encodes
 * the date it is ordered by. Encoding the date in the rowid lets FTS5 answer "newest first",
 * `since:` and "upcoming talks" by walking rowids, which it does natively and cheaply, instead of
 * joining every match to a date column.
 */
import { createHash } from 'node:crypto';
import type { HeraldRecord, RecordKind } from '../records/record.js';

/** Records dated within the same second share it through these slots. */
export const SLOTS_PER_SECOND = 65_536;
const MAX_SECONDS = 2 ** 32 - 1;

export interface IndexDocument {
  id: string;
  kind: RecordKind;
  /** Seconds since the epoch of the record's date: published, or a talk's start. */
  seconds: number;
  title: string;
  abstract: string;
  authors: string;
  venue: string;
  ids: string;
  people: string;
}

export function toIndexDocument(record: HeraldRecord): IndexDocument {
  const columns =
    record.kind === 'paper'
      ? {
          abstract: record.abstract,
          authors: record.authors.join(', '),
          venue: [record.venue, record.primaryCategory, ...record.categories].filter(Boolean).join(' '),
          ids: [...new Set([record.id, record.arxivId, record.doi, ...(record.ids ?? [])])]
            .filter(Boolean)
            .join(' '),
        }
      : {
          abstract: [record.abstract, record.bio].filter(Boolean).join('\n'),
          authors: record.speakers.join(', '),
          venue: [record.series, record.location].filter(Boolean).join(' '),
          ids: record.id,
        };
  return {
    id: record.id,
    kind: record.kind,
    seconds: secondsOf(record.kind === 'talk' ? record.start : record.published),
    title: record.title,
    people: record.people.map(personToken).join(' '),
    ...columns,
  };
}

/** The text whose words make the vocabulary. */
export function vocabularyText(document: Pick<IndexDocument, 'title' | 'abstract' | 'authors' | 'venue'>) {
  return `${document.title}\n${document.abstract}\n${document.authors}\n${document.venue}`;
}

export function secondsOf(iso: string | undefined): number {
  const millis = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(millis)) return 0;
  return Math.min(MAX_SECONDS, Math.max(0, Math.floor(millis / 1000)));
}

/** The lowest rowid of records dated at or after `date`. */
export function firstRowidAt(date: Date): number {
  return secondsOf(date.toISOString()) * SLOTS_PER_SECOND;
}

/** The rowid a document takes unless another record of the same second holds it already. */
export function preferredRowid(document: Pick<IndexDocument, 'id' | 'seconds'>): number {
  const slot = createHash('sha1').update(document.id).digest().readUInt16BE(0);
  return document.seconds * SLOTS_PER_SECOND + slot;
}

/**
 * The next rowid to try when one is taken. Past the last slot of a second it runs into the next
 * second (a record a second later than it is), which beats looping forever.
 */
export function nextSlot(rowid: number): number {
  return rowid + 1;
}

const PERSON_ID_ESCAPES: Readonly<Record<string, string>> = { x: 'xx', _: 'xu', '-': 'xh' };

/**
 * A person id (`del_maestro`, `a-b`) as one token, so `people : <token>` never matches part of
 * another id: letters and digits stay, `x`, `_` and `-` are escaped, and a final `0` keeps the
 * Porter stemmer from shortening it ("faveros" and "favero" must stay apart).
 */
export function personToken(personId: string): string {
  const escaped = personId.toLowerCase().replace(/[^a-wyz0-9]/g, (char) => PERSON_ID_ESCAPES[char] ?? 'xo');
  return `p${escaped}0`;
}
