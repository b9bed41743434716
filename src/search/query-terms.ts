/**
 * The terms of a search: words, "quoted phrases" and prefixes (`diffus*`), from tokens already
 * split by the command parser (which keeps quotes on quoted runs).
 */
import { splitWords } from './words.js';

export type QueryTerm =
  | { kind: 'word'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'phrase'; words: string[] };

export function queryTerms(tokens: readonly string[]): QueryTerm[] {
  return tokens.map(toTerm).filter((term): term is QueryTerm => term !== undefined);
}

function toTerm(token: string): QueryTerm | undefined {
  const quoted = token.startsWith('"');
  const prefix = !quoted && token.length > 1 && token.endsWith('*');
  const words = splitWords(token);
  if (words.length === 0) return undefined;
  // "sample-complexity" is one token to the reader and two words to the index: a phrase.
  if (quoted || words.length > 1) return { kind: 'phrase', words };
  if (prefix && words[0]!.length >= 2) return { kind: 'prefix', prefix: words[0]! };
  return { kind: 'word', word: words[0]! };
}

/** A term as the user would write it ("no result for ..."). */
export function termText(term: QueryTerm): string {
  if (term.kind === 'word') return term.word;
  if (term.kind === 'prefix') return `${term.prefix}*`;
  return `"${term.words.join(' ')}"`;
}
