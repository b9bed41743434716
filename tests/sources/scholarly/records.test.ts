/**
 * Real responses of the scholarly APIs (tests/fixtures/, see PROVENANCE.md) through the mapping to
 * records: ids, authors with their ORCIDs, the published version, and what is not a paper.
 */
import { describe, expect, it } from 'vitest';
import { bibtexFor } from '../../../src/announce/bibtex.js';
import { citationOf } from '../../../src/records/publication.js';
import { titleKey } from '../../../src/records/title-key.js';
import { crossrefWork, isCrossrefPaper } from '../../../src/sources/scholarly/crossref-record.js';
import { dblpWork, parsePersonFile } from '../../../src/sources/scholarly/dblp-record.js';
import { inspireWork } from '../../../src/sources/scholarly/inspire-record.js';
import { type OpenAlexWork, openalexWork } from '../../../src/sources/scholarly/openalex-record.js';
import { parseArticles, parseSearch, pubmedWork } from '../../../src/sources/scholarly/pubmed-record.js';
import { jatsToText } from '../../../src/sources/scholarly/work-record.js';
import {
  crossrefArticle,
  crossrefWorkList,
  dblpPersonFile,
  fixtureJson,
  fixtureText,
  inspireHit,
  realCrossrefWork,
} from '../../fakes/scholarly/works.js';

describe('titles and abstracts from the scholarly APIs', () => {
  it('reads face and JATS markup as markup, and plain text with < and > as plain text', () => {
    expect(jatsToText('<scp>T</scp>reebase: an <i>R</i> package')).toBe('Treebase: an R package');
    expect(jatsToText('<jats:title>Abstract</jats:title><jats:p>We show <i>x</i>.</jats:p>')).toBe(
      'We show x.',
    );
    expect(jatsToText('Bounds for n<m and m>k, and for 0<x<1')).toBe('Bounds for n<m and m>k, and for 0<x<1');
  });
});

describe('Crossref works', () => {
  const works = crossrefWorkList();

  it('keeps the papers of a real work list and skips the dataset', () => {
    const mapped = works.map((work) => crossrefWork(work, 'crossref'));
    expect(mapped.filter(Boolean)).toHaveLength(19);
    const skipped = works.filter((work) => !isCrossrefPaper(work)).map((work) => `${work.DOI} ${work.type}`);
    expect(skipped).toEqual(['10.32614/cran.package.rfishbase dataset']);
  });

  it('skips journal issues and items without a title', () => {
    const page = fixtureJson<{ message: { items: Parameters<typeof crossrefWork>[0][] } }>(
      'crossref_json/members_98_works_cursor_first_page_items_without_authors_or_title.json',
    ).message.items;
    const kept = page.map((work) => crossrefWork(work, 'crossref')?.record.id);
    expect(kept).toEqual([
      'doi:10.4061/2010/505436',
      'doi:10.1155/2016/1353212',
      'doi:10.1111/j.1600-0404.1997.tb00218.x',
      'doi:10.1111/j.1755-0238.1997.tb00123.x',
      undefined,
    ]);
  });

  it('links the journal article to its bioRxiv preprint through relation.has-preprint', () => {
    const journal = crossrefWork(realCrossrefWork('10.1002/ece3.2314'), 'crossref')!.record;
    expect(journal.id).toBe('doi:10.1002/ece3.2314');
    expect(journal.ids).toEqual(['doi:10.1002/ece3.2314', 'doi:10.1101/014852']);
    expect(journal.publication).toEqual({
      type: 'journal',
      venue: 'Ecology and Evolution',
      doi: '10.1002/ece3.2314',
      volume: '6',
      issue: '18',
      pages: '6425-6434',
      year: '2016',
    });
    expect(journal.venue).toBe('Ecology and Evolution 6(18), 6425-6434 (2016)');
    expect(journal.published).toBe('2016-08-18T00:00:00Z');
    expect(journal.abstract).toMatch(/^Increased dispersal propensity/);
    expect(journal.authors).toEqual(['T. Alex Perkins', 'Carl Boettiger', 'Benjamin L. Phillips']);
    const preprint = crossrefWork(realCrossrefWork('10.1101/014852'), 'crossref')!.record;
    expect(preprint.id).toBe('doi:10.1101/014852');
    expect(preprint.publication).toBeUndefined();
    // The two spell "life-history" with different hyphens (U+2010 and U+002D): one title key.
    expect(titleKey(journal.title)).toBe(titleKey(preprint.title));
  });

  it('keeps each author ORCID for matching, and cleans markup out of titles', () => {
    const treebase = crossrefWork(realCrossrefWork('10.1111/j.2041-210x.2012.00247.x'), 'crossref')!.record;
    expect(treebase.title).not.toMatch(/<|>/);
    const forecast = crossrefWork(realCrossrefWork('10.1111/ele.14024'), 'crossref')!.record;
    const boettiger = forecast.authors.indexOf('Carl Boettiger');
    expect(forecast.authorIds?.[boettiger]).toEqual({ orcid: '0000-0002-1642-628X' });
  });

  it('dates a work by its earliest date, to the precision given (a year only here)', () => {
    const work = fixtureJson<{ message: Parameters<typeof crossrefWork>[0] }>(
      'crossref_json/work_10.1136_esmoopen-2020-000776_13_authors_2_orcids.json',
    ).message;
    const { record, datedUntil } = crossrefWork(work, 'crossref')!;
    expect(record.published).toBe('2020-01-01T00:00:00Z');
    expect(datedUntil.toISOString()).toBe('2020-12-31T23:59:59.000Z');
    expect(record.authors).toHaveLength(13);
    expect(record.authorIds?.filter(Boolean)).toHaveLength(2);
    expect(record.publication).toMatchObject({ venue: 'ESMO Open', volume: '5', issue: '4', year: '2020' });
  });

  it('does not take an erratum, a correction or a retraction for a paper', () => {
    const base = {
      doi: '10.1103/physrevx.99.000001',
      authors: [{ given: 'A', family: 'B' }],
      created: [2026, 5, 1] as [number, number, number],
    };
    const notices = [
      crossrefArticle({
        ...base,
        title: 'Erratum: Learning from your own latents',
        updateTo: [{ type: 'erratum', DOI: '10.1103/x' }],
      }),
      crossrefArticle({
        ...base,
        title: 'Scaling laws of kernels',
        updateTo: [{ type: 'retraction', DOI: '10.1103/y' }],
      }),
      crossrefArticle({ ...base, title: 'Publisher’s Note: Scaling laws of kernels' }),
      crossrefArticle({ ...base, title: 'Reviewer report', type: 'peer-review' }),
    ];
    for (const notice of notices) expect(crossrefWork(notice, 'crossref')).toBeUndefined();
    const updated = crossrefArticle({
      ...base,
      title: 'Scaling laws of kernels',
      updateTo: [{ type: 'new_version', DOI: '10.1103/z' }],
    });
    expect(crossrefWork(updated, 'crossref')?.record.id).toBe('doi:10.1103/physrevx.99.000001');
  });
});

describe('OpenAlex works', () => {
  it('maps the real work W2741809807 with every id, the venue and the abstract', () => {
    const work = fixtureJson<OpenAlexWork>('scholarly_json/openalex_work_W2741809807.json');
    const record = openalexWork(work, 'openalex')!.record;
    expect(record.id).toBe('doi:10.7717/peerj.4375');
    expect(record.ids).toEqual([
      'doi:10.7717/peerj.4375',
      'pmid:29456894',
      'pmcid:PMC5815332',
      'openalex:W2741809807',
    ]);
    expect(record.publication).toMatchObject({
      type: 'journal',
      venue: 'PeerJ',
      volume: '6',
      pages: 'e4375',
      year: '2018',
    });
    expect(record.abstract.split(' ').slice(0, 4).join(' ')).toBe('Despite growing interest in');
    expect(record.authors[0]).toBe('Heather Piwowar');
    expect(record.authorIds?.[0]).toEqual({ orcid: '0000-0003-1613-5981', openalexId: 'A5048491430' });
  });

  it('skips errata and retracted works', () => {
    const work = fixtureJson<OpenAlexWork>('scholarly_json/openalex_work_W2741809807.json');
    expect(openalexWork({ ...work, type: 'erratum' }, 'openalex')).toBeUndefined();
    expect(openalexWork({ ...work, is_retracted: true }, 'openalex')).toBeUndefined();
  });
});

describe('PubMed E-utilities', () => {
  it('reads esearch results, zero hits included, as no error', () => {
    const found = parseSearch(fixtureText('pubmed_eutils/esearch_usehistory_webenv_count_42249.xml'));
    expect(found).toMatchObject({ count: 42249 });
    expect('ids' in found && found.ids).toHaveLength(100);
    expect(parseSearch(fixtureText('pubmed_eutils/esearch_no_hits_phrasenotfound.xml'))).toEqual({
      count: 0,
      ids: [],
    });
    expect(parseSearch('<eSearchResult><ERROR>Invalid db name</ERROR></eSearchResult>')).toEqual({
      error: 'Invalid db name',
    });
  });

  it('maps the real article 29963580: ORCIDs, a collective author, MathML in the abstract', () => {
    const [article] = parseArticles(
      fixtureText('pubmed_eutils/efetch_pubmed_orcid_collectivename_mathml_abstract.xml'),
    )!;
    const { record, datedUntil } = pubmedWork(article!, 'pubmed')!;
    expect(record.id).toBe('doi:10.1117/1.jmi.5.2.026002');
    expect(record.ids).toEqual(['doi:10.1117/1.jmi.5.2.026002', 'pmid:29963580', 'pmcid:PMC6022861']);
    expect(record.authors).toContain('Canadian Respiratory Research Network');
    expect(record.authorIds?.[record.authors.indexOf('Dante Capaldi')]).toEqual({
      orcid: '0000-0002-4590-7461',
    });
    expect(record.abstract).toContain('inhaled He 3 / Xe 129 MRI ventilation');
    expect(record.abstract).not.toMatch(/[<>]/);
    expect(record.publication).toMatchObject({
      venue: 'Journal of medical imaging',
      volume: '5',
      issue: '2',
      pages: '026002',
      year: '2018',
    });
    expect(record.published).toBe('2018-06-28T00:00:00Z'); // the electronic ArticleDate
    expect(datedUntil.toISOString()).toBe('2018-07-03T23:59:59.000Z'); // news by its Entrez date
  });
});

describe('INSPIRE-HEP and DBLP', () => {
  it('maps an INSPIRE hit with its arXiv id, DOI and journal', () => {
    const hit = inspireHit({
      recid: 1384512,
      date: '2015-07-28',
      ids: { Castro: [{ schema: 'INSPIRE BAI', value: 'L.B.Castro.1' }] },
    });
    const { record } = inspireWork(hit, 'inspire')!;
    expect(record.id).toBe('arxiv:1507.07790');
    expect(record.ids).toEqual(['arxiv:1507.07790', 'doi:10.1088/1751-8121/aa9c53', 'inspire:1384512']);
    expect(record.authors).toEqual(['Luis B. Castro', 'Edilberto O. Silva']);
    expect(record.authorIds?.[0]).toEqual({ inspireIds: ['L.B.Castro.1'] });
    expect(record.venue).toBe('J.Phys.A 51, 035201 (2018)');
  });

  it('maps a person file: the CoRR entry is the arXiv preprint, the conference entry the publication', () => {
    const xml = dblpPersonFile({
      pid: '284/9516',
      name: 'Alessandro Favero 0001',
      entries: [
        {
          key: 'conf/nips/PetriniFGW21',
          type: 'inproceedings',
          title: 'Relative stability toward diffeomorphisms indicates performance in deep nets.',
          year: 2021,
          mdate: '2022-01-05',
          venue: 'NeurIPS',
          pages: '8727-8739',
          ee: [
            'https://proceedings.neurips.cc/paper/2021/hash/497476fe61816251905e8baafdf54c23-Abstract.html',
          ],
        },
        {
          key: 'journals/corr/abs-2105-02468',
          type: 'article',
          title: 'Relative stability toward diffeomorphisms indicates performance in deep nets.',
          year: 2021,
          mdate: '2021-05-07',
          venue: 'CoRR',
          volume: 'abs/2105.02468',
          ee: ['https://arxiv.org/abs/2105.02468'],
          informal: true,
        },
      ],
    });
    const [conference, corr] = parsePersonFile(xml)!.map((entry) => dblpWork(entry, 'dblp')!.record);
    expect(conference!.id).toBe('dblp:conf/nips/PetriniFGW21');
    expect(conference!.publication).toMatchObject({
      type: 'proceedings',
      venue: 'NeurIPS',
      pages: '8727-8739',
      year: '2021',
    });
    expect(conference!.authors).toEqual(['Alessandro Favero']);
    expect(conference!.authorIds).toEqual([{ dblpPid: '284/9516' }]);
    expect(corr!.id).toBe('arxiv:2105.02468');
    expect(corr!.publication).toBeUndefined();
    expect(corr!.published).toBe('2021-05-07T00:00:00Z');
  });
});

describe('BibTeX', () => {
  it('cites the published version when there is one', () => {
    const journal = crossrefWork(realCrossrefWork('10.1002/ece3.2314'), 'crossref')!.record;
    const bibtex = bibtexFor({ ...journal, arxivId: '1501.00001', primaryCategory: 'q-bio.PE' });
    expect(bibtex).toMatch(/^@article\{perkins2016after,/);
    expect(bibtex).toContain('journal = {Ecology and Evolution}');
    expect(bibtex).toContain('volume = {6}');
    expect(bibtex).toContain('number = {18}');
    expect(bibtex).toContain('pages = {6425--6434}');
    expect(bibtex).toContain('doi = {10.1002/ece3.2314}');
    expect(bibtex).toContain('eprint = {1501.00001}');
    expect(citationOf(journal.publication!)).toBe('Ecology and Evolution 6(18), 6425-6434 (2016)');
  });

  it('writes a conference paper as @inproceedings', () => {
    const journal = crossrefWork(realCrossrefWork('10.1002/ece3.2314'), 'crossref')!.record;
    const bibtex = bibtexFor({
      ...journal,
      publication: { ...journal.publication!, type: 'proceedings', venue: 'NeurIPS' },
    });
    expect(bibtex).toMatch(/^@inproceedings\{/);
    expect(bibtex).toContain('booktitle = {NeurIPS}');
  });
});
