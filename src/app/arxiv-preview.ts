/**
 * The `/watch add` preview over the arXiv client: the person's author feed when they have an
 * arXiv author id or ORCID, else an `au:` search whose results are kept when the name matches.
 */

import { byCodeUnits } from '../code-unit-order.js';
import type { PaperPreview } from '../commands/ports.js';
import { matchPeople, personMatcher } from '../records/person-names.js';
import type { PaperRecord } from '../records/record.js';
import type { ArxivClient } from '../sources/arxiv/arxiv-client.js';
import { authorTerms } from '../sources/arxiv/arxiv-query.js';
import { arxivEntryToRecord } from '../sources/arxiv/arxiv-record.js';

export function arxivPreview(arxiv: ArxivClient): PaperPreview {
  return async (person, limit) => {
    const identity = person.arxivAuthorId ?? person.orcid;
    const terms = authorTerms(person);
    if (!identity && terms.length === 0) return [];
    const page = identity
      ? await arxiv.authorFeed(identity)
      : await arxiv.search(terms.join(' OR '), 0, Math.max(20, limit * 4));
    const papers = page.entries
      .map((entry) => arxivEntryToRecord(entry, 'preview'))
      .filter((paper): paper is PaperRecord => paper !== undefined);
    const theirs = identity
      ? papers
      : papers.filter((paper) => matchPeople(paper.authors, [personMatcher(person)]).length > 0);
    return theirs.sort((a, b) => byCodeUnits(b.published, a.published)).slice(0, limit);
  };
}
