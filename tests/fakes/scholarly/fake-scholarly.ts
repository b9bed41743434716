/**
 * The six scholarly APIs on one loopback server, each under its own path, answering as the real
 * services do where it matters to the bot: Crossref filters by ORCID (the same filter repeated is
 * an OR) and creation date, pages by cursor and sends a next-cursor even on the last page, sends
 * X-Rate-Limit headers, and answers an unknown path with its plain-text 404; OpenAlex wants its
 * key and ORs `|` values; INSPIRE reads `a <BAI>` and `authors.ids.value:"..."` joined by `or`;
 * bioRxiv pages a date window by offset and says "no posts found" in an HTTP 200; PubMed's
 * esearch and efetch speak XML; DBLP serves person files. Any API can be told to answer its next
 * requests otherwise (429 with or without Retry-After, an error inside a 200, a huge body).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BiorxivItem } from '../../../src/sources/scholarly/biorxiv-record.js';
import type { CrossrefWork } from '../../../src/sources/scholarly/crossref-record.js';
import type { InspireHit } from '../../../src/sources/scholarly/inspire-record.js';
import type { OpenAlexWork } from '../../../src/sources/scholarly/openalex-record.js';

export type ScholarlyApi = 'crossref' | 'openalex' | 'inspire' | 'biorxiv' | 'pubmed' | 'dblp';

export interface ScriptedResponse {
  status?: number;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  api: ScholarlyApi;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** performance.now() on arrival. */
  at: number;
}

export interface FakeScholarly {
  /** The endpoint variables pointing the bot here. */
  env: Record<string, string>;
  crossref: { works: CrossrefWork[]; rateLimit?: { limit: number; interval: string } };
  openalex: { works: OpenAlexWork[]; apiKey: string };
  inspire: { hits: InspireHit[] };
  biorxiv: { items: Record<string, BiorxivItem[]>; pageSize: number };
  /** PubmedArticle elements by PMID. */
  pubmed: { articles: Map<string, string> };
  /** dblpperson files by person id. */
  dblp: { files: Map<string, string> };
  /** The next requests to `api` get these answers, one each, before it answers normally again. */
  interrupt(api: ScholarlyApi, ...responses: ScriptedResponse[]): void;
  requests: ApiRequest[];
  requestsTo(api: ScholarlyApi): ApiRequest[];
  close(): Promise<void>;
}

const CROSSREF_404 = readFileSync(
  new URL('../../fixtures/crossref_json/work_404_resource_not_found_text_plain.txt', import.meta.url),
);
const JSON_TYPE = 'application/json;charset=utf-8';
const XML_TYPE = 'text/xml; charset=UTF-8';

export async function startFakeScholarly(): Promise<FakeScholarly> {
  const scripted = new Map<ScholarlyApi, ScriptedResponse[]>();
  const fake = {
    crossref: { works: [] as CrossrefWork[], rateLimit: { limit: 10, interval: '1s' } },
    openalex: { works: [] as OpenAlexWork[], apiKey: 'openalex-test-key-0123456789' },
    inspire: { hits: [] as InspireHit[] },
    biorxiv: { items: {} as Record<string, BiorxivItem[]>, pageSize: 30 },
    pubmed: { articles: new Map<string, string>() },
    dblp: { files: new Map<string, string>() },
    requests: [] as ApiRequest[],
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const api = url.pathname.split('/')[1] as ScholarlyApi;
    const path = url.pathname.slice(api.length + 1);
    fake.requests.push({ api, path, query: url.searchParams, headers: req.headers, at: performance.now() });
    const answer = scripted.get(api)?.shift() ?? route(api, path, url.searchParams);
    res.writeHead(answer.status ?? 200, {
      'content-type': answer.contentType ?? JSON_TYPE,
      ...answer.headers,
    });
    res.end(answer.body);
  });

  function route(api: ScholarlyApi, path: string, query: URLSearchParams): ScriptedResponse {
    switch (api) {
      case 'crossref':
        return path === '/works'
          ? crossrefWorks(query)
          : { status: 404, body: CROSSREF_404, contentType: 'text/plain' };
      case 'openalex':
        return openalexWorks(query);
      case 'inspire':
        return inspireLiterature(query);
      case 'biorxiv':
        return biorxivDetails(path);
      case 'pubmed':
        return path === '/esearch.fcgi' ? pubmedSearch(query) : pubmedFetch(query);
      case 'dblp': {
        const file = fake.dblp.files.get(path.replace(/^\/pid\//, '').replace(/\.xml$/, ''));
        return file
          ? { body: file, contentType: 'application/xml; charset=utf-8' }
          : { status: 404, body: '<html><body>Not found</body></html>', contentType: 'text/html' };
      }
      default:
        return { status: 404, body: 'no such API' };
    }
  }

  function crossrefWorks(query: URLSearchParams): ScriptedResponse {
    const filters = (query.get('filter') ?? '').split(',').map((part) => part.split(/:(.*)/s));
    const orcids = filters.filter(([name]) => name === 'orcid').map(([, value]) => value!);
    const from = filters.find(([name]) => name === 'from-created-date')?.[1] ?? '0000';
    const matching = fake.crossref.works.filter(
      (work) =>
        (orcids.length === 0 || (work.author ?? []).some((a) => orcids.some((o) => a.ORCID?.endsWith(o)))) &&
        createdDay(work) >= from,
    );
    const { page, next } = paged(matching, query.get('cursor'), Number(query.get('rows') ?? 20));
    const { limit, interval } = fake.crossref.rateLimit;
    return {
      body: JSON.stringify({
        status: 'ok',
        'message-type': 'work-list',
        'message-version': '1.0.0',
        // Like Crossref: a next-cursor on every page, the last one included.
        message: {
          items: page,
          'next-cursor': next ?? cursorFor(matching.length),
          'total-results': matching.length,
        },
      }),
      headers: {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-interval': interval,
        'x-api-pool': 'polite',
      },
    };
  }

  function openalexWorks(query: URLSearchParams): ScriptedResponse {
    if (query.get('api_key') !== fake.openalex.apiKey) {
      return {
        status: 401,
        body: JSON.stringify({ error: 'API key required', message: 'Invalid or missing api_key' }),
      };
    }
    const filters = new Map(
      (query.get('filter') ?? '').split(',').map((part) => part.split(/:(.*)/s) as [string, string]),
    );
    const orcids = filters.get('author.orcid')?.split('|') ?? [];
    const ids = filters.get('author.id')?.split('|') ?? [];
    const from = filters.get('from_publication_date') ?? '0000';
    const matching = fake.openalex.works.filter(
      (work) =>
        (work.publication_date ?? '') >= from &&
        (work.authorships ?? []).some(
          (a) =>
            orcids.some((o) => a.author?.orcid?.endsWith(o)) || ids.some((id) => a.author?.id?.endsWith(id)),
        ),
    );
    const { page, next } = paged(matching, query.get('cursor'), Number(query.get('per_page') ?? 25));
    return {
      body: JSON.stringify({ meta: { count: matching.length, next_cursor: next ?? null }, results: page }),
    };
  }

  function inspireLiterature(query: URLSearchParams): ScriptedResponse {
    const terms = (query.get('q') ?? '')
      .split(/\s+or\s+/)
      .map((term) => term.replace(/^a\s+/, '').replace(/^authors\.ids\.value:"(.*)"$/, '$1'));
    const matching = fake.inspire.hits.filter((hit) =>
      (hit.metadata?.authors ?? []).some((author) =>
        (author.ids ?? []).some((id) => terms.includes(id.value ?? '')),
      ),
    );
    const size = Number(query.get('size') ?? 10);
    const start = (Number(query.get('page') ?? 1) - 1) * size;
    return {
      body: JSON.stringify({
        hits: { total: matching.length, hits: matching.slice(start, start + size) },
        links: {},
      }),
    };
  }

  function biorxivDetails(path: string): ScriptedResponse {
    const [, , server, from, to, cursorText] = path.split('/');
    const matching = (fake.biorxiv.items[server!] ?? []).filter(
      (item) => item.date! >= from! && item.date! <= to!,
    );
    const cursor = Number(cursorText);
    const page = matching.slice(cursor, cursor + fake.biorxiv.pageSize);
    if (page.length === 0)
      return { body: JSON.stringify({ messages: [{ status: 'no posts found' }], collection: [] }) };
    const message = {
      status: 'ok',
      interval: `${from}/${to}`,
      cursor,
      count: page.length,
      total: matching.length,
    };
    return { body: JSON.stringify({ messages: [message], collection: page }) };
  }

  function pubmedSearch(query: URLSearchParams): ScriptedResponse {
    const term = query.get('term') ?? '';
    const orcids = [...term.matchAll(/(\S+)\[auid\]/g)].map((match) => match[1]!);
    const names = [...term.matchAll(/"([^"]+)"\[au\]/g)].map((match) => match[1]!.toLowerCase());
    const ids = [...fake.pubmed.articles].filter(
      ([, xml]) =>
        orcids.some((orcid) => xml.includes(orcid)) || names.some((name) => authorsOf(xml).includes(name)),
    );
    const list = ids.map(([pmid]) => `<Id>${pmid}</Id>`).join('\n');
    return {
      contentType: XML_TYPE,
      body: `<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n<eSearchResult><Count>${ids.length}</Count><RetMax>${ids.length}</RetMax><RetStart>0</RetStart><IdList>\n${list}\n</IdList><TranslationSet/><QueryTranslation>${escapeXml(term)}</QueryTranslation></eSearchResult>\n`,
    };
  }

  function pubmedFetch(query: URLSearchParams): ScriptedResponse {
    const articles = (query.get('id') ?? '').split(',').map((pmid) => fake.pubmed.articles.get(pmid) ?? '');
    return {
      contentType: XML_TYPE,
      body: `<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">\n<PubmedArticleSet>\n${articles.join('\n')}\n</PubmedArticleSet>\n`,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...fake,
    env: {
      CROSSREF_API_URL: `${origin}/crossref`,
      OPENALEX_API_URL: `${origin}/openalex`,
      OPENALEX_API_KEY: fake.openalex.apiKey,
      INSPIRE_API_URL: `${origin}/inspire`,
      BIORXIV_API_URL: `${origin}/biorxiv`,
      PUBMED_API_URL: `${origin}/pubmed/`,
      DBLP_URL: `${origin}/dblp`,
    },
    interrupt: (api, ...responses) => scripted.set(api, [...(scripted.get(api) ?? []), ...responses]),
    requestsTo: (api) => fake.requests.filter((request) => request.api === api),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Pages by an opaque cursor (base64 of an offset); `*` is the first page. */
function paged<T>(items: readonly T[], cursor: string | null, size: number): { page: T[]; next?: string } {
  const start = !cursor || cursor === '*' ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
  const page = items.slice(start, start + size);
  return { page, ...(start + size < items.length ? { next: cursorFor(start + size) } : {}) };
}

function cursorFor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

function createdDay(work: CrossrefWork): string {
  const [year, month = 1, day = 1] = work.created?.['date-parts']?.[0] ?? [];
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "surname i" for each author of a PubmedArticle, as `"Surname I"[au]` searches them. */
function authorsOf(xml: string): string[] {
  return [...xml.matchAll(/<LastName>([^<]+)<\/LastName>\s*<ForeName>(\S)/g)].map((match) =>
    `${match[1]} ${match[2]}`.toLowerCase(),
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
