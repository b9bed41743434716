/**
 * OpenAlex: broad coverage, conference papers included, found by the watched people's OpenAlex
 * author ids (`author.id:A1|A2`) or ORCIDs (`author.orcid:...|...`), needing an API key
 * (OPENALEX_API_KEY; sent as the documented `api_key` parameter and cut out of every error).
 * OpenAlex's creation-date filters are not free, so "new" is the publication date (looking back
 * OVERLAP_DAYS past the last poll, as works are indexed days late) plus the store as seen-set.
 */
import type { PersonConfig } from '../../config/schema.js';
import type { PollContext, PollResult } from '../source.js';
import { type OpenAlexWork, openalexWork } from './openalex-record.js';
import type { ScholarlyClient } from './scholarly-client.js';
import { batchPeople, isoDay, lookBackFrom, type MappedWork, pollBatches } from './scholarly-poll.js';
import { ScholarlySource } from './scholarly-source.js';

export const OPENALEX_SOURCE_ID = 'openalex';
/** Values OR-ed in one filter (OpenAlex allows up to 100, unconfirmed: stay well below). */
const PEOPLE_PER_QUERY = 50;
const PER_PAGE = 100;
const OVERLAP_DAYS = 30;

export interface OpenAlexOptions {
  apiUrl: string;
  apiKey: string;
  maxPages: number;
}

interface Batch {
  filter: 'author.id' | 'author.orcid';
  values: string[];
  personIds: string[];
}

export class OpenAlexSource extends ScholarlySource {
  constructor(
    people: readonly PersonConfig[],
    private readonly client: ScholarlyClient,
    private readonly options: OpenAlexOptions,
  ) {
    super({
      id: OPENALEX_SOURCE_ID,
      people,
      label: (found) => `OpenAlex (${found.length} people by author id or ORCID)`,
      fingerprint: (found) => [options.apiUrl, found.map((person) => person.openalexId ?? person.orcid)],
    });
  }

  poll(context: PollContext): Promise<PollResult> {
    const batches: Batch[] = [
      // An OpenAlex author id, where known, says more than an ORCID (OpenAlex merges profiles).
      ...this.#batches(
        'author.id',
        this.people.filter((person) => person.openalexId),
        (person) => person.openalexId!,
        context,
      ),
      ...this.#batches(
        'author.orcid',
        this.people.filter((person) => !person.openalexId),
        (person) => person.orcid!,
        context,
      ),
    ];
    return pollBatches(batches, context.now, (batch) => this.#query(batch, context));
  }

  #batches(
    filter: Batch['filter'],
    people: readonly PersonConfig[],
    value: (person: PersonConfig) => string,
    context: PollContext,
  ): Batch[] {
    return batchPeople(people, PEOPLE_PER_QUERY, context.firstSightPeople).map((group) => ({
      filter,
      values: group.map(value),
      personIds: group.map((person) => person.id),
    }));
  }

  async #query(batch: Batch, context: PollContext) {
    const from = isoDay(lookBackFrom(context, batch.personIds, OVERLAP_DAYS));
    const works: (MappedWork | undefined)[] = [];
    let items = 0;
    let cursor = '*';
    for (let page = 0; page < this.options.maxPages; page++) {
      const url = this.#url(
        `${batch.filter}:${batch.values.join('|')},from_publication_date:${from}`,
        cursor,
      );
      const { json } = await this.client.getJson(url);
      const { results, next } = checkedPage(json, url, this.client);
      items += results.length;
      works.push(...results.map((work) => openalexWork(work, this.id)));
      if (results.length === 0 || !next) break;
      cursor = next;
    }
    return { works, items };
  }

  #url(filter: string, cursor: string): string {
    const params = new URLSearchParams({
      filter,
      sort: 'publication_date:desc',
      per_page: String(PER_PAGE),
      cursor,
      api_key: this.options.apiKey,
    });
    return `${this.options.apiUrl}/works?${params.toString()}`;
  }
}

function checkedPage(json: unknown, url: string, client: ScholarlyClient) {
  const page = json as { results?: unknown; meta?: { next_cursor?: unknown }; error?: unknown };
  if (!page || !Array.isArray(page.results)) {
    const error = typeof page?.error === 'string' ? `: ${page.error}` : '';
    throw client.fail(url, `not an OpenAlex list${error}`);
  }
  const next = page.meta?.next_cursor;
  return { results: page.results as OpenAlexWork[], next: typeof next === 'string' ? next : undefined };
}
