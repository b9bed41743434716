/**
 * /papers: full-text search over every stored paper and talk, five results a page. Any id of a
 * paper as the whole query (arXiv id or URL, DOI, pmid:, PMC..., an OpenAlex work, a DBLP or
 * INSPIRE record) looks that record up directly; an empty query lists the newest papers.
 */
import { parsePaperId } from '../records/paper-ids.js';
import type { HeraldRecord, RecordKind } from '../records/record.js';
import type { AuthorFilter } from '../search/match-expression.js';
import { termText } from '../search/query-terms.js';
import type { SearchResults } from '../search/run-search.js';
import { checkedSince, checkedText } from './arguments.js';
import type { CommandReply, CommandRequest } from './command.js';
import type { CommandContext } from './context.js';
import { CommandArgumentError } from './parse-text.js';
import { recordItem } from './record-items.js';
import { parseSearchText, type SearchText } from './search-text.js';
import type { WatchlistView } from './watchlist-view.js';

export const PAGE_SIZE = 5;

type PapersRequest = Extract<CommandRequest, { name: 'papers' }>;

interface PapersQuery {
  text: SearchText;
  author?: string;
  since?: string;
  sinceDate?: Date;
  kind?: RecordKind;
  page: number;
}

export async function runPapers(request: PapersRequest, context: CommandContext): Promise<CommandReply> {
  const queryText = checkedText('papers', 'the query', request.query, false) ?? '';
  const exact = await lookUpExactly(queryText, context);
  if (exact) return exact;
  const query = readQuery(queryText, request);
  const view = await context.watchlists.recent();
  await context.search.sync();
  const results = await context.search.search({
    terms: query.text.terms,
    kind: query.kind ?? (query.text.terms.length === 0 ? 'paper' : undefined),
    since: query.sinceDate,
    author: query.author ? authorFilter(query.author, view) : undefined,
    offset: (query.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  if (results.total === 0) return noResult(query, results);
  const pages = Math.ceil(results.total / PAGE_SIZE);
  if (query.page > pages) {
    throw new CommandArgumentError('papers', `page:${query.page} is past the last page (${pages})`);
  }
  const records = await recordsOf(
    context,
    results.hits.map((hit) => hit.id),
  );
  return {
    status: 'ok',
    ephemeral: false,
    text: summary(query, results),
    items: results.hits.flatMap((hit) => {
      const record = records.get(hit.id);
      return record ? [recordItem(record, view.matchers, hit.snippet)] : [];
    }),
    footer: footer(query, pages, results.more),
    data: [...records.values()],
  };
}

/**
 * Filters given as options and inline must not disagree; each may be given once. Reads nothing
 * from the store, so a front can check a request with it before opening anything.
 */
export function readQuery(queryText: string, request: PapersRequest): PapersQuery {
  const text = parseSearchText(queryText);
  const [repeated] = text.repeated;
  if (repeated) throw new CommandArgumentError('papers', `${repeated}: is given twice`);
  const author = once('author', request.author, text.filters.author);
  const since = once('since', request.since, text.filters.since);
  const page = request.page ?? (text.filters.page === undefined ? 1 : pageNumber(text.filters.page));
  if (request.page !== undefined && text.filters.page !== undefined) {
    throw new CommandArgumentError('papers', 'page: is given twice');
  }
  if (!Number.isInteger(page) || page < 1)
    throw new CommandArgumentError('papers', `page:${page} is not a page number`);
  const sinceDate = since === undefined ? undefined : checkedSince('papers', since);
  return { text, author, since, sinceDate, kind: kindOf(text.filters.type), page };
}

function once(key: 'author' | 'since', option: string | undefined, inline: string | undefined) {
  if (option !== undefined && inline !== undefined)
    throw new CommandArgumentError('papers', `${key}: is given twice`);
  const value = option ?? inline;
  if (value === undefined) return undefined;
  return checkedText('papers', `${key}:`, value, true);
}

function pageNumber(value: string): number {
  if (!/^\d{1,6}$/.test(value))
    throw new CommandArgumentError('papers', `page:${value} is not a page number such as page:2`);
  return Number(value);
}

function kindOf(type: string | undefined): RecordKind | undefined {
  if (type === undefined) return undefined;
  const kind = type.toLowerCase().replace(/s$/, '');
  if (kind !== 'paper' && kind !== 'talk') {
    throw new CommandArgumentError(
      'papers',
      `type:${type} is not a kind of record: use type:paper or type:talk`,
    );
  }
  return kind;
}

/** A watched person's id filters on them (every name they go by); anything else is a name. */
function authorFilter(author: string, view: WatchlistView): AuthorFilter {
  const person = view.people.find((candidate) => candidate.id === author.toLowerCase());
  if (!person) return { personIds: [], names: [author] };
  return { personIds: [person.id], names: [person.name, ...person.aliases] };
}

/** A query that is one id (arXiv, DOI, PMID, PMCID, OpenAlex, DBLP, INSPIRE) finds that paper. */
async function lookUpExactly(queryText: string, context: CommandContext): Promise<CommandReply | undefined> {
  if (!queryText || /\s/.test(queryText)) return undefined;
  const id = parsePaperId(queryText);
  if (!id) return undefined;
  const canonical = (await context.store.records.resolveAliases([id])).get(id) ?? id;
  const record = await context.store.records.get(canonical);
  const label = id.startsWith('arxiv:') ? `arXiv:${id.slice('arxiv:'.length)}` : id;
  if (!record) {
    return { status: 'empty', ephemeral: true, text: `${label} is not among the papers and talks I know.` };
  }
  const { matchers } = await context.watchlists.recent();
  return {
    status: 'ok',
    ephemeral: false,
    text: label,
    items: [recordItem(record, matchers)],
    data: [record],
  };
}

async function recordsOf(
  context: CommandContext,
  ids: readonly string[],
): Promise<Map<string, HeraldRecord>> {
  const found = await context.store.records.getMany(ids);
  return new Map(found.flatMap((record) => (record ? [[record.id, record] as const] : [])));
}

function describe(query: PapersQuery): string {
  const words = query.text.terms.map(termText).join(' ');
  // Phrases show their own quotes; plain words are quoted as a whole.
  const quoted = query.text.terms.some((term) => term.kind === 'phrase') ? words : `"${words}"`;
  const filters = [
    query.author ? `author:${query.author}` : '',
    query.since ? `since:${query.since}` : '',
    query.kind ? `type:${query.kind}` : '',
  ];
  return [words ? quoted : '', ...filters].filter(Boolean).join(' ');
}

function summary(query: PapersQuery, results: SearchResults): string {
  const count = `${results.total}${results.more ? '+' : ''}`;
  const corrected = results.corrections.map((c) => `"${c.to}" for "${c.from}"`).join(', ');
  const base =
    query.text.terms.length === 0
      ? `Newest ${query.kind === 'talk' ? 'talks' : 'papers'}${describe(query) ? ` (${describe(query)})` : ''}: ${count}`
      : `${count} result${results.total === 1 ? '' : 's'} for ${describe(query)}`;
  return corrected ? `${base} (showing ${corrected})` : base;
}

function noResult(query: PapersQuery, results: SearchResults): CommandReply {
  const what = describe(query);
  const advice =
    results.suggestions.length > 0
      ? ` Did you mean: ${results.suggestions.join(', ')}?`
      : query.text.terms.length > 1
        ? ' Try fewer words.'
        : '';
  return {
    status: 'empty',
    ephemeral: true,
    text: `Nothing matches ${what || 'this search'}.${advice}`,
    data: [],
  };
}

function footer(query: PapersQuery, pages: number, more: boolean): string {
  const position = `Page ${query.page} of ${pages}${more ? '+' : ''}`;
  if (query.page >= pages) return position;
  const next = [
    ...query.text.terms.map(termText),
    ...(query.author ? [`author:${quoteIfSpaced(query.author)}`] : []),
    ...(query.since ? [`since:${query.since}`] : []),
    ...(query.kind ? [`type:${query.kind}`] : []),
    `page:${query.page + 1}`,
  ];
  return `${position} - next: /papers ${next.join(' ')}`;
}

function quoteIfSpaced(value: string): string {
  return /\s/.test(value) ? `"${value}"` : value;
}
