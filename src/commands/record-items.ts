/**
 * Records as reply items: title, link, people (watched ones marked), date, snippet; talks carry
 * start and end so each platform renders them in the reader's zone.
 */
import type { NamedPerson } from '../announce/announcement.js';
import { isWatchedName, type PersonMatcher } from '../records/person-names.js';
import type { HeraldRecord } from '../records/record.js';
import type { ReplyItem, TextSegment } from './command.js';

export function namedPeople(names: readonly string[], matchers: readonly PersonMatcher[]): NamedPerson[] {
  return names.map((name) => ({ name, watched: isWatchedName(name, matchers) }));
}

export function recordItem(
  record: HeraldRecord,
  matchers: readonly PersonMatcher[],
  snippet?: TextSegment[],
): ReplyItem {
  const item: ReplyItem = {
    title: record.title,
    url: record.url,
    people: namedPeople(record.kind === 'paper' ? record.authors : record.speakers, matchers),
    date: record.kind === 'talk' ? record.start : record.published,
  };
  if (snippet && snippet.length > 0) item.snippet = snippet;
  if (record.kind === 'talk') {
    item.start = record.start;
    item.end = record.end;
    const fields = [
      ...(record.location ? [{ name: 'Where', value: record.location }] : []),
      ...(record.series ? [{ name: 'Series', value: record.series }] : []),
      ...(record.status === 'cancelled' ? [{ name: 'Status', value: 'cancelled' }] : []),
    ];
    if (fields.length > 0) item.fields = fields;
  } else if (record.venue) {
    item.fields = [
      { name: 'Venue', value: record.venue },
      ...(record.publication?.doi ? [{ name: 'DOI', value: record.publication.doi }] : []),
    ];
  }
  return item;
}
