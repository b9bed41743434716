/**
 * The text of a search as typed, split into search terms and inline filters (`author:favero`,
 * `since:2024`, `type:talk`, `page:2`), so filters work whether a front passes them as options or
 * leaves them in the query.
 */
import { type QueryTerm, queryTerms } from '../search/query-terms.js';
import { tokenize } from './parse-text.js';

export const INLINE_FILTERS = ['author', 'since', 'type', 'page'] as const;
export type InlineFilter = (typeof INLINE_FILTERS)[number];

export interface SearchText {
  terms: QueryTerm[];
  filters: Partial<Record<InlineFilter, string>>;
  /** Filters written more than once. */
  repeated: InlineFilter[];
}

const FILTER_TOKEN = /^(author|since|type|page):(.*)$/i;

export function parseSearchText(text: string): SearchText {
  const result: SearchText = { terms: [], filters: {}, repeated: [] };
  const words: string[] = [];
  for (const token of tokenize(text)) {
    const filter = FILTER_TOKEN.exec(token);
    if (!filter) {
      words.push(token);
      continue;
    }
    const key = filter[1]!.toLowerCase() as InlineFilter;
    if (result.filters[key] !== undefined) result.repeated.push(key);
    result.filters[key] = filter[2]!.replaceAll('"', '').trim();
  }
  result.terms = queryTerms(words);
  return result;
}
