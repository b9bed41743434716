/**
 * Light fuzzy matching. A word the index has never seen is widened to the closest known word
 * ("difusion" also matches "diffusion"); a prefix becomes the commonest words that start with it,
 * since FTS5 matches a prefix against stems and "diffusi*" would miss the stem "diffus".
 * Document counts come along, so the search can tell how much work ranking would be.
 */
import type { ExpandedTerm } from './match-expression.js';
import type { QueryTerm } from './query-terms.js';
import { typoBudget, type Vocabulary } from './vocabulary.js';

/** Prefix expansions kept: each is one more phrase for BM25 to score on every match. */
const PREFIX_WORDS = 8;

export interface Correction {
  from: string;
  to: string;
}

export interface Expansion {
  terms: ExpandedTerm[];
  corrections: Correction[];
  /** Words neither in the vocabulary nor close to one. */
  unknown: string[];
  /** Sum of the document counts of every word matched: what BM25 reads to weigh the terms. */
  postings: number;
}

export async function expandTerms(terms: readonly QueryTerm[], vocabulary: Vocabulary): Promise<Expansion> {
  const words = terms.flatMap((term) =>
    term.kind === 'word' ? [term.word] : term.kind === 'phrase' ? term.words : [],
  );
  const known = await vocabulary.counts([...new Set(words)]);
  const expansion: Expansion = { terms: [], corrections: [], unknown: [], postings: 0 };
  for (const term of terms) {
    if (term.kind === 'phrase') {
      expansion.terms.push({ alternatives: [term.words.join(' ')] });
      expansion.postings += term.words.reduce((sum, word) => sum + (known.get(word) ?? 0), 0);
    } else if (term.kind === 'prefix') {
      expansion.terms.push(await expandPrefix(term.prefix, vocabulary, expansion));
    } else if (known.has(term.word) || /^\d+$/.test(term.word)) {
      expansion.terms.push({ alternatives: [term.word] });
      expansion.postings += known.get(term.word) ?? 0;
    } else {
      const [closest] = await vocabulary.closest(term.word, typoBudget(term.word), 1);
      if (closest) expansion.corrections.push({ from: term.word, to: closest.word });
      else expansion.unknown.push(term.word);
      expansion.terms.push({ alternatives: closest ? [term.word, closest.word] : [term.word] });
      expansion.postings += closest?.docs ?? 0;
    }
  }
  return expansion;
}

/**
 * The commonest words with the prefix; FTS5's own prefix query only when the vocabulary has none
 * (numbers, very short words): it merges the doclists of every index term with the prefix, which
 * takes hundreds of milliseconds for a short, common prefix.
 */
async function expandPrefix(
  prefix: string,
  vocabulary: Vocabulary,
  expansion: Expansion,
): Promise<ExpandedTerm> {
  const words = await vocabulary.withPrefix(prefix, PREFIX_WORDS);
  expansion.postings += words.reduce((sum, word) => sum + word.docs, 0);
  return words.length > 0 ? { alternatives: words.map((known) => known.word) } : { alternatives: [], prefix };
}

/** For "no result": the known words closest to each word of the query, a little more loosely. */
export async function suggestWords(words: readonly string[], vocabulary: Vocabulary): Promise<string[]> {
  const suggestions: string[] = [];
  for (const word of words) {
    const candidates = await vocabulary.closest(word, typoBudget(word) + 1, 3);
    for (const candidate of candidates)
      if (!suggestions.includes(candidate.word)) suggestions.push(candidate.word);
  }
  return suggestions;
}
