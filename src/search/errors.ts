import { HeraldError } from '../errors.js';

/** The search index file could not be opened, read or written. The store is untouched. */
export class SearchIndexError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('SEARCH_INDEX', message, options);
  }
}
