/**
 * Crossref: journal articles, proceedings papers and preprints registered with a DOI, found by
 * the ORCIDs of watched people. One query per batch of people (the same filter given several
 * times is an OR: `filter=orcid:A,orcid:B,from-created-date:D`), cursor-paged until a page comes
 * back empty (Crossref returns a next-cursor even on the last page). The polite pool is used when
 * a contact address is configured (`mailto`), and the interval between requests follows what the
 * X-Rate-Limit-* headers of each response allow.
 */
import type { PersonConfig } from '../../config/schema.js';
import type { PollContext, PollResult } from '../source.js';
import { type CrossrefWork, crossrefWork } from './crossref-record.js';
import type { ScholarlyClient } from './scholarly-client.js';
import { batchPeople, isoDay, lookBackFrom, type MappedWork, pollBatches } from './scholarly-poll.js';
import { ScholarlySource } from './scholarly-source.js';

export const CROSSREF_SOURCE_ID = 'crossref';
const PEOPLE_PER_QUERY = 20;
const ROWS = 100;
/** Crossref registers a work days after it is online at times: look back this far past the last poll. */
const OVERLAP_DAYS = 3;

export interface CrossrefOptions {
  apiUrl: string;
  mailto?: string;
  maxPages: number;
}

interface CrossrefPage {
  status?: string;
  'message-type'?: string;
  message?: { items?: CrossrefWork[]; 'next-cursor'?: string; 'total-results'?: number };
}

export class CrossrefSource extends ScholarlySource {
  constructor(
    people: readonly PersonConfig[],
    private readonly client: ScholarlyClient,
    private readonly options: CrossrefOptions,
  ) {
    super({
      id: CROSSREF_SOURCE_ID,
      people,
      label: (found) => `Crossref (${found.length} people by ORCID)`,
      fingerprint: (found) => [options.apiUrl, found.map((person) => person.orcid)],
    });
  }

  poll(context: PollContext): Promise<PollResult> {
    const batches = batchPeople(this.people, PEOPLE_PER_QUERY, context.firstSightPeople).map((people) => ({
      people,
      personIds: people.map((person) => person.id),
    }));
    return pollBatches(batches, context.now, (batch) => this.#query(batch.people, context));
  }

  /** Every page of works of these people created since the look-back date. */
  async #query(people: readonly PersonConfig[], context: PollContext) {
    const from = isoDay(
      lookBackFrom(
        context,
        people.map((person) => person.id),
        OVERLAP_DAYS,
      ),
    );
    const filter = [...people.map((person) => `orcid:${person.orcid}`), `from-created-date:${from}`].join(
      ',',
    );
    const works: (MappedWork | undefined)[] = [];
    let items = 0;
    let cursor = '*';
    for (let page = 0; page < this.options.maxPages; page++) {
      const url = this.#url(filter, cursor);
      const { json, response } = await this.client.getJson(url);
      this.#followRateLimit(response.headers);
      const message = checkedPage(json, url, this.client);
      const list = message.items ?? [];
      if (list.length === 0) break;
      items += list.length;
      works.push(...list.map((work) => crossrefWork(work, this.id)));
      const next = message['next-cursor'];
      if (!next || list.length < ROWS) break;
      cursor = next;
    }
    return { works, items };
  }

  #url(filter: string, cursor: string): string {
    // Newest first: if the page limit cuts a long list short, what is cut is the oldest.
    const params = new URLSearchParams({
      filter,
      sort: 'created',
      order: 'desc',
      rows: String(ROWS),
      cursor,
    });
    if (this.options.mailto) params.set('mailto', this.options.mailto);
    return `${this.options.apiUrl}/works?${params.toString()}`;
  }

  /** X-Rate-Limit-Limit: 10, X-Rate-Limit-Interval: 1s -> at least 100 ms between requests. */
  #followRateLimit(headers: Record<string, string> | undefined): void {
    const limit = Number(headers?.['x-rate-limit-limit']);
    const seconds = Number.parseFloat(headers?.['x-rate-limit-interval'] ?? '');
    if (limit > 0 && seconds > 0) this.client.slowDownTo(Math.ceil((seconds * 1000) / limit));
  }
}

function checkedPage(
  json: unknown,
  url: string,
  client: ScholarlyClient,
): NonNullable<CrossrefPage['message']> {
  const page = json as CrossrefPage;
  if (page?.status !== 'ok' || page['message-type'] !== 'work-list' || typeof page.message !== 'object') {
    const status = typeof page?.status === 'string' ? page.status : 'no status';
    throw client.fail(url, `not a Crossref work list (${status}, ${String(page?.['message-type'])})`);
  }
  return page.message;
}
