/**
 * The watched people as the matcher needs them: name variants parsed once per cycle.
 */
import type { PersonConfig } from '../config/schema.js';
import { AuthorIdentities, matchIdentifiedAuthors } from './author-identity.js';
import { matchPeopleInText, NameIndex, type PersonMatcher, personMatcher } from './person-names.js';
import type { HeraldRecord } from './record.js';

export interface Watchlist {
  people: readonly PersonConfig[];
  matchers: readonly PersonMatcher[];
  /** People arXiv identifies by their author feed: never matched by name on arXiv records. */
  identified: ReadonlySet<string>;
  /** Everyone watched, for names from any source. */
  names: NameIndex;
  /** Everyone but those arXiv identifies by their author feed, for names on arXiv records. */
  arxivNames: NameIndex;
  /** Watched people by their ORCID, OpenAlex, INSPIRE and DBLP ids. */
  identities: AuthorIdentities;
}

export function buildWatchlist(people: readonly PersonConfig[]): Watchlist {
  const matchers = people.map(personMatcher);
  const identified = new Set(
    people.filter((person) => person.arxivAuthorId || person.orcid).map((person) => person.id),
  );
  return {
    people,
    matchers,
    identified,
    names: new NameIndex(matchers),
    arxivNames: new NameIndex(matchers.filter((matcher) => !identified.has(matcher.personId))),
    identities: new AuthorIdentities(people),
  };
}

/**
 * The watched people a record belongs to: authors matched by their ids where the source gave
 * some (ORCID...), else authors or speakers matched by name, or, for items without any, names
 * found in their text. People the source already assigned are kept.
 */
export function matchRecordPeople(record: HeraldRecord, watchlist: Watchlist, fromArxiv: boolean): string[] {
  const names = record.kind === 'paper' ? record.authors : record.speakers;
  const authorIds = record.kind === 'paper' ? record.authorIds : undefined;
  const matched = authorIds
    ? matchIdentifiedAuthors(names, authorIds, watchlist.identities, watchlist.names)
    : names.length > 0
      ? matchNamedPeople(names, watchlist, fromArxiv)
      : matchPeopleInText(`${record.title}\n${record.abstract}`, watchlist.matchers);
  return [...new Set([...record.people, ...matched])];
}

/** The watched people among printed names; on arXiv records, not those arXiv identifies by feed. */
export function matchNamedPeople(
  names: readonly string[],
  watchlist: Watchlist,
  fromArxiv: boolean,
): string[] {
  return (fromArxiv ? watchlist.arxivNames : watchlist.names).match(names);
}
