/**
 * Batches watched people into as few arXiv API queries as fit in a URL: one OR of `au:` terms
 * per batch, so 100 people cost a handful of calls instead of 100.
 */
import type { PersonConfig } from '../../config/schema.js';
import { arxivAuthorTerm, parseName } from '../../records/person-names.js';

/** Length of the `search_query` value, URL-encoded, that one request may carry. */
export const MAX_QUERY_CHARS = 1800;

export interface AuthorQuery {
  searchQuery: string;
  personIds: string[];
}

/** The distinct `au:` terms for a person: their name and aliases. */
export function authorTerms(person: Pick<PersonConfig, 'name' | 'aliases'>): string[] {
  const terms = [person.name, ...person.aliases]
    .map(parseName)
    .map((name) => (name ? arxivAuthorTerm(name) : undefined))
    .filter((term): term is string => term !== undefined)
    .map((term) => `au:${term}`);
  return [...new Set(terms)];
}

export function buildAuthorQueries(
  people: readonly PersonConfig[],
  maxChars = MAX_QUERY_CHARS,
): AuthorQuery[] {
  const queries: AuthorQuery[] = [];
  let terms: string[] = [];
  let personIds: string[] = [];
  const flush = () => {
    if (terms.length > 0) queries.push({ searchQuery: terms.join(' OR '), personIds });
    terms = [];
    personIds = [];
  };
  for (const person of people) {
    const own = authorTerms(person).filter((term) => !terms.includes(term));
    if (own.length === 0) {
      // Same terms as someone already in this batch (e.g. two people "A. Smith"): asked for already.
      if (authorTerms(person).length > 0) personIds.push(person.id);
      continue;
    }
    const next = [...terms, ...own].join(' OR ');
    if (terms.length > 0 && encodeURIComponent(next).length > maxChars) flush();
    terms.push(...own);
    personIds.push(person.id);
  }
  flush();
  return queries;
}

export function searchUrl(apiUrl: string, searchQuery: string, start: number, pageSize: number): string {
  const params = new URLSearchParams({
    search_query: searchQuery,
    sortBy: 'submittedDate',
    sortOrder: 'descending',
    start: String(start),
    max_results: String(pageSize),
  });
  return `${apiUrl}?${params.toString()}`;
}
