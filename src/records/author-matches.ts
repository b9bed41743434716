/**
 * Why a printed name is, or is not, a watched person: the name variant it matched, or the
 * namesake rule that refused someone who looks like a watched person (the same surname with
 * another given name, "Andrea Favero" for Alessandro; a longer surname, "Faverotti" for Favero).
 * `herald explain` shows it, and the pipeline records papers refused only by that rule, so the
 * bot can say later why one was never announced.
 */
import type { AuthorIdentities } from './author-identity.js';
import { matchingVariant, type NameIndex, type PersonMatcher, parseName } from './person-names.js';
import type { AuthorIds } from './record.js';

export type NamesakeRule = 'another-given-name' | 'longer-surname' | 'another-id';

/** What a source said of each author beyond the name, and the watched people's ids to compare. */
export interface AuthorIdContext {
  authorIds: readonly (AuthorIds | null | undefined)[];
  identities: AuthorIdentities;
}

export type AuthorMatch =
  | { author: string; person: string; matched: true; variant: string }
  | { author: string; person: string; matched: false; rule: NamesakeRule; variant: string };

export type Namesake = Extract<AuthorMatch, { matched: false }>;

/** Shortest surname taken as the start of a longer one ("Li" is the start of far too many). */
const MIN_PREFIX = 4;

/** For each printed name, the watched people it is, or looks like and is not. */
export function explainAuthors(
  names: readonly string[],
  index: NameIndex,
  ids?: AuthorIdContext,
): AuthorMatch[] {
  return names.flatMap((author, position) => {
    const matches = explainAuthor(author, index);
    const authorIds = ids?.authorIds[position];
    if (!ids || !authorIds) return matches;
    // The name is the person's, the source's id for this author is not: a namesake too.
    return matches.map((match) =>
      match.matched && ids.identities.contradicts(match.person, authorIds)
        ? { ...match, matched: false, rule: 'another-id' as const }
        : match,
    );
  });
}

/** The namesakes among these names (none for a person one of the names is). */
export function namesakesAmong(
  names: readonly string[],
  index: NameIndex,
  ids?: AuthorIdContext,
): Namesake[] {
  const matches = explainAuthors(names, index, ids);
  const matched = new Set(matches.filter((match) => match.matched).map((match) => match.person));
  return matches.filter((match): match is Namesake => !match.matched && !matched.has(match.person));
}

function explainAuthor(author: string, index: NameIndex): AuthorMatch[] {
  const name = parseName(author);
  if (!name) return [];
  const results: AuthorMatch[] = index.bySurname(name.surnameKey).map((matcher) => {
    const found = matchingVariant(name, matcher);
    return found === undefined
      ? {
          author,
          person: matcher.personId,
          matched: false,
          rule: 'another-given-name',
          variant: mainName(matcher),
        }
      : { author, person: matcher.personId, matched: true, variant: matcher.labels[found]! };
  });
  for (const matcher of longerSurnameOf(name.surnameKey, index)) {
    results.push({
      author,
      person: matcher.personId,
      matched: false,
      rule: 'longer-surname',
      variant: mainName(matcher),
    });
  }
  return results;
}

function mainName(matcher: PersonMatcher): string {
  return matcher.labels[0] ?? matcher.personId;
}

/** Watched people whose surname the given one starts with: Favero for "Faverotti". */
function longerSurnameOf(surname: string, index: NameIndex): Set<PersonMatcher> {
  const found = new Set<PersonMatcher>();
  for (let end = MIN_PREFIX; end < surname.length; end++) {
    for (const matcher of index.bySurname(surname.slice(0, end))) found.add(matcher);
  }
  return found;
}

/** A sentence saying why a namesake is not the person. */
export function namesakeSentence(namesake: Namesake): string {
  const why = {
    'longer-surname': 'a longer surname is another name',
    'another-given-name': 'the same surname with another given name is another person',
    'another-id': "the source gives this author an id (ORCID, ...) other than the watched person's",
  }[namesake.rule];
  return `"${namesake.author}" looks like ${namesake.variant} (${namesake.person}) but is not: ${why}`;
}
