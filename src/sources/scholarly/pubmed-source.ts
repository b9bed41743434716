/**
 * PubMed through NCBI's E-utilities: one esearch per batch of people (each by ORCID, `[auid]`,
 * and by name, `"Surname I"[au]`: whether PubMed finds every ORCID is not documented, and names
 * are matched locally with the namesake rules anyway), entries added since the last poll
 * (`reldate`, `datetype=edat`), then efetch of the PMIDs found, 200 at a time. Every request
 * carries `tool` and the configured `email`, as NCBI asks; 3 requests/s, or 10 with an API key.
 */
import type { PersonConfig } from '../../config/schema.js';
import { parseName } from '../../records/person-names.js';
import type { PollContext, PollResult } from '../source.js';
import { parseArticles, parseSearch, pubmedWork } from './pubmed-record.js';
import type { ScholarlyClient } from './scholarly-client.js';
import { batchPeople, lookBackFrom, type MappedWork, pollBatches } from './scholarly-poll.js';
import { ScholarlySource } from './scholarly-source.js';

export const PUBMED_SOURCE_ID = 'pubmed';
const PEOPLE_PER_QUERY = 10;
const IDS_PER_FETCH = 200;
const OVERLAP_DAYS = 3;
const DAY_MS = 24 * 60 * 60_000;
const XML = 'application/xml, text/xml;q=0.9';

export interface PubmedOptions {
  apiUrl: string;
  email?: string;
  apiKey?: string;
  maxPages: number;
}

export class PubmedSource extends ScholarlySource {
  constructor(
    people: readonly PersonConfig[],
    private readonly client: ScholarlyClient,
    private readonly options: PubmedOptions,
  ) {
    super({
      id: PUBMED_SOURCE_ID,
      people,
      finds: (person) => authorTerms(person).length > 0,
      label: (found) => `PubMed (${found.length} people by ORCID and name)`,
      fingerprint: (found) => [options.apiUrl, found.map(authorTerms)],
    });
  }

  poll(context: PollContext): Promise<PollResult> {
    const batches = batchPeople(this.people, PEOPLE_PER_QUERY, context.firstSightPeople).map((people) => ({
      term: people.flatMap(authorTerms).join(' OR '),
      personIds: people.map((person) => person.id),
    }));
    return pollBatches(batches, context.now, (batch) => this.#query(batch, context));
  }

  async #query(batch: { term: string; personIds: string[] }, context: PollContext) {
    const from = lookBackFrom(context, batch.personIds, OVERLAP_DAYS);
    const days = Math.max(1, Math.ceil((context.now.getTime() - from.getTime()) / DAY_MS));
    const ids: string[] = [];
    for (let page = 0; page < this.options.maxPages; page++) {
      const url = this.#url('esearch.fcgi', {
        term: batch.term,
        reldate: String(days),
        datetype: 'edat',
        retmax: String(IDS_PER_FETCH),
        retstart: String(page * IDS_PER_FETCH),
      });
      const found = parseSearch(await this.client.getText(url, XML));
      if ('error' in found) throw this.client.fail(url, `PubMed search failed: ${found.error}`);
      ids.push(...found.ids);
      if (found.ids.length < IDS_PER_FETCH || ids.length >= found.count) break;
    }
    const works: (MappedWork | undefined)[] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_FETCH) {
      const url = this.#url('efetch.fcgi', {
        id: ids.slice(start, start + IDS_PER_FETCH).join(','),
        retmode: 'xml',
      });
      const articles = parseArticles(await this.client.getText(url, XML));
      if (!articles) throw this.client.fail(url, 'PubMed returned something other than a PubmedArticleSet');
      works.push(...articles.map((article) => pubmedWork(article, this.id)));
    }
    return { works, items: ids.length };
  }

  #url(tool: string, params: Record<string, string>): string {
    const query = new URLSearchParams({ db: 'pubmed', ...params, tool: 'paper-herald' });
    if (this.options.email) query.set('email', this.options.email);
    if (this.options.apiKey) query.set('api_key', this.options.apiKey);
    return `${this.options.apiUrl}${tool}?${query.toString()}`;
  }
}

/** `0000-0002-1825-0097[auid]` and `"Favero A"[au]` for the name and each alias with another surname. */
function authorTerms(person: PersonConfig): string[] {
  const names = [person.name, ...person.aliases].map(parseName).flatMap((name) => {
    const initial = name?.given[0]?.[0];
    return name && initial ? [`"${name.surname.join(' ')} ${initial}"[au]`] : [];
  });
  return [...(person.orcid ? [`${person.orcid}[auid]`] : []), ...new Set(names)];
}
