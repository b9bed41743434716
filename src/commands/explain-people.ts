/**
 * For `herald explain`: which watched people a record is, and why. An author or speaker matched
 * by a name variant (which one), a person the source itself assigned (an arXiv author feed, an
 * ORCID or other id a scholarly source gave), a name found in the text of an item without
 * authors, or a look-alike the namesake rule refused ("Andrea Favero" for Alessandro Favero).
 */
import type { PersonConfig } from '../config/schema.js';
import {
  explainAuthors,
  type Namesake,
  type NamesakeRule,
  namesakeSentence,
} from '../records/author-matches.js';
import { matchPeopleInText } from '../records/person-names.js';
import type { HeraldRecord } from '../records/record.js';
import type { Watchlist } from '../records/watchlist.js';

export interface PersonExplanation {
  /** The watched person's id. */
  person: string;
  matched: boolean;
  /** How: a name variant, the source's own assignment, the item's text, or a namesake rule. */
  by: 'name' | 'source' | 'text' | 'namesake';
  /** The printed author or speaker, where a name decided. */
  author?: string;
  /** The person's name variant that matched, or the name the namesake looks like. */
  variant?: string;
  rule?: NamesakeRule;
  text: string;
}

export function explainPeople(record: HeraldRecord, watchlist: Watchlist): PersonExplanation[] {
  const names = record.kind === 'paper' ? record.authors : record.speakers;
  const index =
    record.source.startsWith('arxiv') && record.kind === 'paper' ? watchlist.arxivNames : watchlist.names;
  const byName = explainAuthors(names, index);
  const matched = new Set(byName.filter((match) => match.matched).map((match) => match.person));
  const explained: PersonExplanation[] = byName.flatMap((match) => {
    if (!match.matched) return matched.has(match.person) ? [] : [fromNamesake(match)];
    return [
      {
        person: match.person,
        matched: true,
        by: 'name' as const,
        author: match.author,
        variant: match.variant,
        text: `"${match.author}" is ${match.person} by the name "${match.variant}"`,
      },
    ];
  });
  const inText =
    names.length === 0
      ? new Set(matchPeopleInText(`${record.title}\n${record.abstract}`, watchlist.matchers))
      : new Set<string>();
  for (const person of record.people.filter((id) => !matched.has(id))) {
    explained.push(assigned(person, inText.has(person), watchlist.people));
  }
  return dedupe(explained);
}

/** The namesakes a note kept for a paper never stored. */
export function explainNamesakes(namesakes: readonly Namesake[]): PersonExplanation[] {
  return namesakes.map(fromNamesake);
}

function fromNamesake(namesake: Namesake): PersonExplanation {
  return {
    person: namesake.person,
    matched: false,
    by: 'namesake',
    author: namesake.author,
    variant: namesake.variant,
    rule: namesake.rule,
    text: namesakeSentence(namesake),
  };
}

function assigned(person: string, inText: boolean, people: readonly PersonConfig[]): PersonExplanation {
  const watched = people.find((candidate) => candidate.id === person);
  const still = watched ? '' : ' (no longer watched)';
  if (inText) {
    return {
      person,
      matched: true,
      by: 'text',
      text: `${person}: named in the title or text (the item lists no authors)${still}`,
    };
  }
  return {
    person,
    matched: true,
    by: 'source',
    text: `${person}: assigned by the source (the person's arXiv author feed, or an ORCID or other author id the source gave)${still}`,
  };
}

/** One line per (person, author, verdict): a name printed twice is said once. */
function dedupe(explained: PersonExplanation[]): PersonExplanation[] {
  const seen = new Set<string>();
  return explained.filter((entry) => {
    const key = `${entry.person}|${entry.author ?? ''}|${entry.matched}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
