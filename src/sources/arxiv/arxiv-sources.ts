/**
 * The arXiv sources: one search source for everyone identified by name (batched `au:` queries),
 * and one author-feed source per person with an arXiv author id or ORCID.
 */
import type { PersonConfig } from '../../config/schema.js';
import { cleanName } from '../../records/clean-text.js';
import { arxivRecordId, doiRecordId, parseArxivId } from '../../records/identifiers.js';
import type { PaperRecord } from '../../records/record.js';
import type { PollContext, PollResult, Source } from '../source.js';
import { SourceError } from '../source.js';
import type { ArxivEntry } from './arxiv-atom.js';
import { type ArxivClient, isTransientArxivError } from './arxiv-client.js';
import { ARXIV_SEARCH_SOURCE_ID } from './arxiv-identity.js';
import { type AuthorQuery, buildAuthorQueries } from './arxiv-query.js';
import { arxivEntryToRecord } from './arxiv-record.js';

export { ARXIV_SEARCH_SOURCE_ID, hasArxivIdentity } from './arxiv-identity.js';

export interface ArxivPaging {
  pageSize: number;
  maxPages: number;
}

export class ArxivSearchSource implements Source {
  readonly id = ARXIV_SEARCH_SOURCE_ID;
  readonly kind = 'paper' as const;
  readonly schedule = 'papers' as const;
  readonly announceAll = false;
  readonly label: string;
  readonly personIds: readonly string[];
  readonly fingerprint: string;
  readonly #queries: AuthorQuery[];

  constructor(
    people: readonly PersonConfig[],
    private readonly client: ArxivClient,
    private readonly paging: ArxivPaging,
    private readonly apiUrl: string,
  ) {
    this.#queries = buildAuthorQueries(people);
    this.personIds = this.#queries.flatMap((query) => query.personIds);
    this.label = `arXiv API (${this.personIds.length} people, ${this.#queries.length} queries)`;
    this.fingerprint = JSON.stringify([apiUrl, this.#queries.map((query) => query.searchQuery)]);
  }

  /** How many requests one cycle makes when nothing new arrived (one page per query). */
  get queryCount(): number {
    return this.#queries.length;
  }

  /** Runs every query; one that fails leaves the others' papers to be announced. */
  async poll(context: PollContext): Promise<PollResult> {
    const entries: ArxivEntry[] = [];
    const covered: string[] = [];
    let failure: SourceError | undefined;
    for (const query of this.#queries) {
      try {
        entries.push(...(await this.#pageThrough(query, context)));
        covered.push(...query.personIds);
      } catch (error) {
        failure ??= error as SourceError;
      }
    }
    if (failure && covered.length === 0) throw failure;
    const result = arxivPollResult(entries, this.id, context);
    return failure ? { ...result, partialError: failure, coveredPeople: covered } : result;
  }

  /** Pages back, newest first, until a page holds a paper already stored (or the page limit). */
  async #pageThrough(query: AuthorQuery, context: PollContext): Promise<ArxivEntry[]> {
    const firstSightOnly = query.personIds.every((id) => context.firstSightPeople.has(id));
    const collected: ArxivEntry[] = [];
    for (let page = 0; page < this.paging.maxPages; page++) {
      const start = page * this.paging.pageSize;
      const result = await this.#call(() =>
        this.client.search(query.searchQuery, start, this.paging.pageSize),
      );
      collected.push(...result.entries);
      const ids = result.entries
        .map((entry) => arxivEntryToRecord(entry, this.id)?.id)
        .filter((id): id is string => !!id);
      const reachedStored = (await context.known(ids)).size > 0;
      const exhausted =
        result.entries.length < this.paging.pageSize ||
        start + result.entries.length >= (result.totalResults ?? 0);
      // First sight records silently (or the newest few): one page is enough.
      if (reachedStored || exhausted || firstSightOnly) break;
    }
    return collected;
  }

  async #call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new SourceError(this.id, this.apiUrl, (error as Error).message, isTransientArxivError(error), {
        cause: error,
      });
    }
  }
}

export class ArxivAuthorSource implements Source {
  readonly kind = 'paper' as const;
  readonly schedule = 'papers' as const;
  readonly announceAll = false;
  readonly id: string;
  readonly label: string;
  readonly personIds: readonly string[];
  readonly fingerprint: string;
  readonly #authorId: string;

  constructor(
    person: PersonConfig,
    private readonly client: ArxivClient,
    authorFeedUrl: string,
  ) {
    this.#authorId = (person.arxivAuthorId ?? person.orcid)!;
    this.id = `arxiv-author:${person.id}`;
    this.label = `${authorFeedUrl}${this.#authorId}.atom`;
    this.personIds = [person.id];
    this.fingerprint = this.label;
  }

  async poll(context: PollContext): Promise<PollResult> {
    try {
      const page = await this.client.authorFeed(this.#authorId);
      const result = arxivPollResult(page.entries, this.id, context);
      // The feed is the person's own: their identity, whatever name the paper prints.
      for (const record of result.records) record.people = [...this.personIds];
      return result;
    } catch (error) {
      throw new SourceError(this.id, this.label, (error as Error).message, isTransientArxivError(error), {
        cause: error,
      });
    }
  }
}

/**
 * Entries as records, newest version of each id. Entries the store already holds unchanged are
 * skipped before their text is cleaned: on most polls that is nearly all of them.
 */
export function arxivPollResult(
  entries: readonly ArxivEntry[],
  sourceId: string,
  context?: Pick<PollContext, 'unchanged'>,
): PollResult {
  const records = new Map<string, PaperRecord>();
  for (const entry of entries) {
    const arxiv = parseArxivId(entry.id);
    if (!arxiv) continue;
    const id = arxivRecordId(arxiv.id);
    const existing = records.get(id);
    if (existing && (arxiv.version ?? 1) <= (existing.version ?? 1)) continue;
    const published = Boolean(entry.journalRef || entry.doi);
    if (!existing && context?.unchanged?.(id, arxiv.version ?? 1, entry.authors.map(cleanName), published))
      continue;
    const record = arxivEntryToRecord(entry, sourceId);
    if (record) records.set(record.id, record);
  }
  const aliases: [string, string][] = [];
  for (const record of records.values()) if (record.doi) aliases.push([doiRecordId(record.doi), record.id]);
  return { records: [...records.values()], aliases, itemCount: entries.length };
}
