/**
 * INSPIRE-HEP (high-energy physics): the watched people's papers by ORCID or INSPIRE author id
 * (BAI such as `E.Witten.1`, or `INSPIRE-00140145`), most recent first, paged back until a page
 * holds a paper already stored. INSPIRE allows 15 requests in 5 s per IP address.
 */
import type { PersonConfig } from '../../config/schema.js';
import type { PollContext, PollResult } from '../source.js';
import { type InspireHit, inspireWork } from './inspire-record.js';
import type { ScholarlyClient } from './scholarly-client.js';
import { batchPeople, type MappedWork, pollBatches } from './scholarly-poll.js';
import { ScholarlySource } from './scholarly-source.js';

export const INSPIRE_SOURCE_ID = 'inspire';
const PEOPLE_PER_QUERY = 10;
const PAGE_SIZE = 25;
const FIELDS =
  'control_number,titles,abstracts,authors.full_name,authors.ids,arxiv_eprints,dois,publication_info,document_type,earliest_date';

export interface InspireOptions {
  apiUrl: string;
  maxPages: number;
}

export class InspireSource extends ScholarlySource {
  constructor(
    people: readonly PersonConfig[],
    private readonly client: ScholarlyClient,
    private readonly options: InspireOptions,
  ) {
    super({
      id: INSPIRE_SOURCE_ID,
      people,
      label: (found) => `INSPIRE-HEP (${found.length} people by author id or ORCID)`,
      fingerprint: (found) => [options.apiUrl, found.map(authorTerm)],
    });
  }

  poll(context: PollContext): Promise<PollResult> {
    const batches = batchPeople(this.people, PEOPLE_PER_QUERY, context.firstSightPeople).map((people) => ({
      query: people.map(authorTerm).join(' or '),
      personIds: people.map((person) => person.id),
    }));
    return pollBatches(batches, context.now, (batch) => this.#query(batch, context));
  }

  async #query(batch: { query: string; personIds: string[] }, context: PollContext) {
    const firstSight = batch.personIds.every((id) => context.firstSightPeople.has(id));
    const works: (MappedWork | undefined)[] = [];
    let items = 0;
    for (let page = 1; page <= this.options.maxPages; page++) {
      const url = this.#url(batch.query, page);
      const { json } = await this.client.getJson(url);
      const hits = checkedHits(json, url, this.client);
      items += hits.length;
      const mapped = hits.map((hit) => inspireWork(hit, this.id));
      works.push(...mapped);
      const ids = mapped.flatMap((work) => (work ? [work.record.id] : []));
      const reachedStored = (await context.known(ids)).size > 0;
      if (hits.length < PAGE_SIZE || reachedStored || firstSight) break;
    }
    return { works, items };
  }

  #url(query: string, page: number): string {
    const params = new URLSearchParams({
      q: query,
      sort: 'mostrecent',
      size: String(PAGE_SIZE),
      page: String(page),
      fields: FIELDS,
    });
    return `${this.options.apiUrl}/literature?${params.toString()}`;
  }
}

/** `a E.Witten.1` for a BAI; an id or ORCID as a search on the authors' ids. */
function authorTerm(person: PersonConfig): string {
  const id = person.inspireId;
  if (id && !id.startsWith('INSPIRE-')) return `a ${id}`;
  return `authors.ids.value:"${id ?? person.orcid}"`;
}

function checkedHits(json: unknown, url: string, client: ScholarlyClient): InspireHit[] {
  const hits = (json as { hits?: { hits?: unknown } })?.hits?.hits;
  if (!Array.isArray(hits)) {
    const message = (json as { message?: unknown })?.message;
    throw client.fail(
      url,
      `not an INSPIRE search result${typeof message === 'string' ? `: ${message}` : ''}`,
    );
  }
  return hits as InspireHit[];
}
