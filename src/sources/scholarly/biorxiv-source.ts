/**
 * bioRxiv and medRxiv: no author search, so the source reads the whole window of days since its
 * last poll (at most MAX_WINDOW_DAYS; one day on first sight) from each configured server and the
 * watched people are matched locally, by name. The API pages by an offset cursor; errors come
 * inside HTTP 200 (`messages[0].status`), and "no posts found" is how an empty or exhausted window
 * reads. Its `total` may be higher than what can be reached: paging stops at the first empty page.
 */
import type { PersonConfig } from '../../config/schema.js';
import type { PollContext, PollResult } from '../source.js';
import { type BiorxivItem, biorxivWork } from './biorxiv-record.js';
import type { ScholarlyClient } from './scholarly-client.js';
import { collectWorks, isoDay, type MappedWork } from './scholarly-poll.js';
import { ScholarlySource } from './scholarly-source.js';

export const BIORXIV_SOURCE_ID = 'biorxiv';
const MAX_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60_000;

export interface BiorxivOptions {
  apiUrl: string;
  servers: readonly string[];
  maxPages: number;
}

interface DetailsPage {
  messages?: { status?: string; total?: number | string; count?: number | string }[];
  collection?: BiorxivItem[];
}

export class BiorxivSource extends ScholarlySource {
  constructor(
    people: readonly PersonConfig[],
    private readonly client: ScholarlyClient,
    private readonly options: BiorxivOptions,
  ) {
    super({
      id: BIORXIV_SOURCE_ID,
      people,
      label: () => `${options.servers.join(' and ')} (new preprints, matched by name)`,
      fingerprint: () => [options.apiUrl, options.servers],
    });
  }

  async poll(context: PollContext): Promise<PollResult> {
    const { from, to } = this.#window(context);
    const works: (MappedWork | undefined)[] = [];
    let items = 0;
    for (const server of this.options.servers) {
      const outcome = await this.#readWindow(server, from, to);
      works.push(...outcome.works);
      items += outcome.items;
    }
    return collectWorks(works, context.now, items);
  }

  /** Since the day before the last success (bioRxiv posts late in the day), today included. */
  #window(context: PollContext): { from: string; to: string } {
    const now = context.now.getTime();
    const last = context.state.lastSuccessAt ? Date.parse(context.state.lastSuccessAt) : now;
    const from = Math.max(Math.min(last, now) - DAY_MS, now - MAX_WINDOW_DAYS * DAY_MS);
    return { from: isoDay(new Date(from)), to: isoDay(context.now) };
  }

  async #readWindow(server: string, from: string, to: string) {
    const works: (MappedWork | undefined)[] = [];
    let items = 0;
    let cursor = 0;
    for (let page = 0; page < this.options.maxPages; page++) {
      const url = `${this.options.apiUrl}/details/${server}/${from}/${to}/${cursor}/json`;
      const { json } = await this.client.getJson(url);
      const collection = checkedCollection(json, url, this.client);
      if (collection.length === 0) break;
      items += collection.length;
      works.push(...collection.map((item) => biorxivWork(item, server, this.id)));
      cursor += collection.length;
      const total = Number((json as DetailsPage).messages?.[0]?.total);
      if (Number.isFinite(total) && cursor >= total) break;
    }
    return { works, items };
  }
}

/** The items of a page; [] when the window is empty or exhausted; an error for anything else. */
function checkedCollection(json: unknown, url: string, client: ScholarlyClient): BiorxivItem[] {
  const page = json as DetailsPage;
  const status = page?.messages?.[0]?.status;
  if (typeof status !== 'string') throw client.fail(url, 'not a bioRxiv details response (no messages)');
  if (/no posts found/i.test(status)) return [];
  if (status !== 'ok') throw client.fail(url, `bioRxiv reported an error: ${status}`);
  if (!Array.isArray(page.collection)) throw client.fail(url, 'bioRxiv response without a collection');
  return page.collection;
}
