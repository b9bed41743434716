/**
 * How the arXiv sources are named and whom arXiv identifies by an author feed, apart from the
 * sources' code (which loads the XML parser and the text cleaner): the commands need only this.
 */
import type { PersonConfig } from '../../config/schema.js';

export const ARXIV_SEARCH_SOURCE_ID = 'arxiv';

/** People arXiv identifies by their own author feed rather than by name. */
export function hasArxivIdentity(person: PersonConfig): boolean {
  return Boolean(person.arxivAuthorId || person.orcid);
}
