/**
 * Items for the fake APIs, each built on a real response from tests/fixtures/ (so every field the
 * service sends is there, in its real shape) with what a scenario needs set on top: DOIs, titles,
 * authors and their ORCIDs, dates. INSPIRE and bioRxiv, of which no real response file could be
 * found, are built from real records of the same papers (arXiv OAI-PMH, Crossref).
 */
import { readFileSync } from 'node:fs';
import type { BiorxivItem } from '../../../src/sources/scholarly/biorxiv-record.js';
import type { CrossrefWork } from '../../../src/sources/scholarly/crossref-record.js';
import type { InspireHit } from '../../../src/sources/scholarly/inspire-record.js';
import type { OpenAlexWork } from '../../../src/sources/scholarly/openalex-record.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

/** The real Crossref work list (habanero's cassette): 20 works, a bioRxiv preprint and its journal version. */
export function crossrefWorkList(): CrossrefWork[] {
  return fixtureJson<{ message: { items: CrossrefWork[] } }>(
    'crossref_json/works_query_author_boettiger_orcids_has-preprint_biorxiv_pair.json',
  ).message.items;
}

export function realCrossrefWork(doi: string): CrossrefWork {
  const work = crossrefWorkList().find((item) => item.DOI === doi);
  if (!work) throw new Error(`no Crossref work ${doi} in the fixture`);
  return structuredClone(work);
}

export interface Author {
  given: string;
  family: string;
  orcid?: string;
}

type Day = [number, number, number];

export interface CrossrefSpec {
  doi: string;
  title: string;
  authors: Author[];
  /** Registration day (from-created-date filters on it) and publication day. */
  created: Day;
  published?: Day;
  type?: string;
  container?: string;
  volume?: string;
  issue?: string;
  page?: string;
  relation?: CrossrefWork['relation'];
  updateTo?: CrossrefWork['update-to'];
}

/** A journal article shaped like the real 10.1002/ece3.2314 (Ecology and Evolution). */
export function crossrefArticle(spec: CrossrefSpec): CrossrefWork {
  const work = realCrossrefWork('10.1002/ece3.2314') as CrossrefWork & Record<string, unknown>;
  const published = spec.published ?? spec.created;
  return {
    ...work,
    DOI: spec.doi,
    URL: `https://doi.org/${spec.doi}`,
    type: spec.type ?? 'journal-article',
    title: [spec.title],
    'container-title': [spec.container ?? 'Physical Review X'],
    volume: spec.volume ?? '14',
    issue: spec.issue ?? '3',
    page: spec.page ?? '031001',
    author: spec.authors.map((author, index) => ({
      given: author.given,
      family: author.family,
      sequence: index === 0 ? 'first' : 'additional',
      affiliation: [],
      ...(author.orcid ? { ORCID: `https://orcid.org/${author.orcid}`, 'authenticated-orcid': false } : {}),
    })),
    created: {
      'date-parts': [spec.created],
      'date-time': `${isoDay(spec.created)}T10:00:00Z`,
    } as CrossrefWork['created'],
    issued: { 'date-parts': [published] },
    'published-online': { 'date-parts': [published] },
    'published-print': undefined,
    relation: spec.relation ?? {},
    ...(spec.updateTo ? { 'update-to': spec.updateTo } : {}),
  };
}

/** The real OpenAlex work W2741809807 (PeerJ), re-dated and re-authored for a scenario. */
export function openalexWork(spec: {
  id: string;
  doi?: string;
  title: string;
  date: string;
  authors: { name: string; orcid?: string; openalexId?: string }[];
  venue?: string;
  type?: string;
  arxivId?: string;
}): OpenAlexWork {
  const work = fixtureJson<OpenAlexWork & Record<string, unknown>>(
    'scholarly_json/openalex_work_W2741809807.json',
  );
  const source = {
    ...(work.primary_location?.source ?? {}),
    display_name: spec.venue ?? 'Physical Review X',
  };
  const locations = [
    { ...work.primary_location, source, version: 'publishedVersion' },
    ...(spec.arxivId
      ? [
          {
            landing_page_url: `https://arxiv.org/abs/${spec.arxivId}`,
            source: {
              id: 'https://openalex.org/S4306400194',
              display_name: 'arXiv (Cornell University)',
              type: 'repository',
            },
            version: 'submittedVersion',
          },
        ]
      : []),
  ];
  return {
    ...work,
    id: `https://openalex.org/${spec.id}`,
    doi: spec.doi ? `https://doi.org/${spec.doi}` : null,
    title: spec.title,
    display_name: spec.title,
    publication_date: spec.date,
    type: spec.type ?? 'article',
    ids: {},
    primary_location: locations[0]!,
    locations,
    authorships: spec.authors.map((author) => ({
      author: {
        id: `https://openalex.org/${author.openalexId ?? 'A5000000000'}`,
        display_name: author.name,
        orcid: author.orcid ? `https://orcid.org/${author.orcid}` : null,
      },
      raw_author_name: author.name,
    })),
  };
}

/**
 * An INSPIRE literature hit for the real arXiv record 1507.07790 (Castro and Silva, J. Phys. A
 * 51 (2018) 035201, doi 10.1088/1751-8121/aa9c53, from the arXiv OAI-PMH fixture), in INSPIRE's
 * hep-schema shape, with INSPIRE author ids given by the scenario.
 */
export function inspireHit(spec: {
  recid: number;
  date: string;
  ids: Record<string, { schema: string; value: string }[]>;
}): InspireHit {
  const oai = fixtureText('arxiv_oai/2017_listrecords_arXiv_set_physics_hep-th_from_2017-12-14_no_token.xml');
  const record = oai.slice(oai.indexOf('<id>1507.07790</id>'));
  const title = record.match(/<title>([\s\S]*?)<\/title>/)![1]!.replace(/\s+/g, ' ');
  const abstract = record.match(/<abstract>([\s\S]*?)<\/abstract>/)![1]!.trim();
  const authors = [
    ...record
      .slice(0, record.indexOf('</authors>'))
      .matchAll(/<keyname>(.*?)<\/keyname><forenames>(.*?)<\/forenames>/g),
  ];
  return {
    id: String(spec.recid),
    created: `${spec.date}T09:00:00+00:00`,
    metadata: {
      control_number: spec.recid,
      titles: [{ title }],
      abstracts: [{ value: abstract }],
      authors: authors.map(([, keyname, forenames]) => ({
        full_name: `${keyname}, ${forenames}`,
        ids: spec.ids[`${keyname}`] ?? [],
      })),
      arxiv_eprints: [{ value: '1507.07790', categories: ['hep-th', 'math-ph', 'quant-ph'] }],
      dois: [{ value: '10.1088/1751-8121/aa9c53' }],
      publication_info: [{ journal_title: 'J.Phys.A', journal_volume: '51', year: 2018, artid: '035201' }],
      document_type: ['article'],
      earliest_date: spec.date,
    },
  };
}

/**
 * A bioRxiv /details item for the real preprint 10.1101/014852 (title, authors and abstract from
 * its Crossref record), dated and versioned by the scenario.
 */
export function biorxivPreprint(spec: {
  date: string;
  version?: number;
  published?: string;
  doi?: string;
  title?: string;
  authors?: string;
}): BiorxivItem {
  const preprint = realCrossrefWork('10.1101/014852');
  return {
    doi: spec.doi ?? preprint.DOI!,
    title: spec.title ?? preprint.title![0]!,
    authors: spec.authors ?? (preprint.author ?? []).map((a) => `${a.family}, ${a.given}`).join('; '),
    author_corresponding: 'Benjamin L. Phillips',
    author_corresponding_institution: 'University of Melbourne',
    date: spec.date,
    version: String(spec.version ?? 1),
    type: spec.version && spec.version > 1 ? 'revision' : 'new results',
    license: 'cc_by_nc_nd',
    category: 'ecology',
    jatsxml: `https://www.biorxiv.org/content/early/${spec.date}/${preprint.DOI}.source.xml`,
    abstract: (preprint.abstract ?? '').replace(/<[^>]+>/g, ' ').trim(),
    published: spec.published ?? 'NA',
    server: 'bioRxiv',
  } as BiorxivItem;
}

/** The real PubmedArticle of PMID 29963580 (ORCIDs, a collective author, MathML in the abstract). */
export function realPubmedArticle(): string {
  const xml = fixtureText('pubmed_eutils/efetch_pubmed_orcid_collectivename_mathml_abstract.xml');
  return xml.slice(
    xml.indexOf('<PubmedArticle>'),
    xml.indexOf('</PubmedArticle>') + '</PubmedArticle>'.length,
  );
}

/** A DBLP person file in dblp's format: a CoRR preprint and its conference version. */
export function dblpPersonFile(spec: {
  pid: string;
  name: string;
  orcid?: string;
  entries: {
    key: string;
    type: 'article' | 'inproceedings';
    title: string;
    year: number;
    mdate: string;
    venue: string;
    volume?: string;
    pages?: string;
    ee: string[];
    informal?: boolean;
    coauthors?: string[];
  }[];
}): string {
  const author = `<author pid="${spec.pid}"${spec.orcid ? ` orcid="${spec.orcid}"` : ''}>${spec.name}</author>`;
  const records = spec.entries.map((entry) => {
    const venue =
      entry.type === 'article'
        ? `<journal>${entry.venue}</journal>`
        : `<booktitle>${entry.venue}</booktitle>`;
    const others = (entry.coauthors ?? [])
      .map((name, i) => `<author pid="99/${i}">${name}</author>`)
      .join('');
    return `<r><${entry.type} key="${entry.key}" mdate="${entry.mdate}"${entry.informal ? ' publtype="informal"' : ''}>${author}${others}<title>${entry.title}</title><year>${entry.year}</year>${entry.volume ? `<volume>${entry.volume}</volume>` : ''}${entry.pages ? `<pages>${entry.pages}</pages>` : ''}${venue}${entry.ee.map((ee) => `<ee>${ee}</ee>`).join('')}<url>db/${entry.key}.html</url></${entry.type}>\n</r>`;
  });
  return `<?xml version="1.0" encoding="US-ASCII"?>\n<dblpperson name="${spec.name}" pid="${spec.pid}" n="${spec.entries.length}">\n<person key="homepages/${spec.pid}" mdate="2024-01-01">${author}</person>\n${records.join('\n')}\n</dblpperson>\n`;
}

function isoDay([year, month, day]: Day): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
