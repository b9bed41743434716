/**
 * The watched people as the matcher needs them: name variants parsed once per cycle.
 */
import type { PersonConfig } from '../config/schema.js';
import { matchPeople, matchPeopleInText, type PersonMatcher, personMatcher } from './person-names.js';
import type { HeraldRecord } from './record.js';

export interface Watchlist {
  people: readonly PersonConfig[];
  matchers: readonly PersonMatcher[];
  /** People arXiv identifies by their author feed: never matched by name on arXiv records. */
  identified: ReadonlySet<string>;
}

export function buildWatchlist(people: readonly PersonConfig[]): Watchlist {
  return {
    people,
    matchers: people.map(personMatcher),
    identified: new Set(
      people.filter((person) => person.arxivAuthorId || person.orcid).map((person) => person.id),
    ),
  };
}

/**
 * The watched people a record belongs to: authors or speakers matched by name, or, for items
 * without any, names found in their text. People the source already assigned are kept.
 */
export function matchRecordPeople(record: HeraldRecord, watchlist: Watchlist, fromArxiv: boolean): string[] {
  const matchers = fromArxiv
    ? watchlist.matchers.filter((m) => !watchlist.identified.has(m.personId))
    : watchlist.matchers;
  const names = record.kind === 'paper' ? record.authors : record.speakers;
  const matched =
    names.length > 0
      ? matchPeople(names, matchers)
      : matchPeopleInText(`${record.title}\n${record.abstract}`, matchers);
  return [...new Set([...record.people, ...matched])];
}
