/**
 * Who an author is when a source gives ids, and when two reports are one paper: ORCID over names,
 * the conservative title join, and what a stored paper learns from another sighting of it.
 */
import { describe, expect, it } from 'vitest';
import { sameWorkByTitle } from '../../src/announce/paper-join.js';
import { mergeSighting } from '../../src/announce/paper-merge.js';
import { AuthorIdentities, matchIdentifiedAuthors } from '../../src/records/author-identity.js';
import { parsePaperId } from '../../src/records/paper-ids.js';
import { NameIndex, personMatcher } from '../../src/records/person-names.js';
import type { PaperRecord } from '../../src/records/record.js';
import { titleKey } from '../../src/records/title-key.js';

const people = [
  { id: 'favero', name: 'Alessandro Favero', orcid: '0000-0002-1825-0097', inspireId: 'A.Favero.1' },
  { id: 'wyart', name: 'Matthieu Wyart' },
];
const identities = new AuthorIdentities(people);
const names = new NameIndex(people.map((person) => personMatcher(person)));
const match = (authors: string[], ids: Parameters<typeof matchIdentifiedAuthors>[1]) =>
  matchIdentifiedAuthors(authors, ids, identities, names).sort();

describe('authors with ids', () => {
  it('takes an ORCID over the printed name, both ways', () => {
    expect(match(['Sandro Favero-Bianchi'], [{ orcid: 'https://orcid.org/0000-0002-1825-0097' }])).toEqual([
      'favero',
    ]);
    expect(match(['Alessandro Favero'], [{ orcid: '0000-0003-1613-5981' }])).toEqual([]);
    expect(match(['Alessandro Favero'], [null])).toEqual(['favero']);
  });

  it('falls back to the name for people without an id of that kind', () => {
    expect(match(['Matthieu Wyart'], [{ orcid: '0000-0003-1613-5981' }])).toEqual(['wyart']);
    expect(match(['Alessandro Favero'], [{ dblpPid: '12/3456' }])).toEqual(['favero']);
  });

  it('compares INSPIRE ids of one style only (a BAI is no INSPIRE-... id)', () => {
    expect(match(['A. Favero'], [{ inspireIds: ['INSPIRE-00140145'] }])).toEqual(['favero']);
    expect(match(['A. Favero'], [{ inspireIds: ['A.Favero.2', 'INSPIRE-00140145'] }])).toEqual([]);
    expect(match(['Favero, A.'], [{ inspireIds: ['A.Favero.1'] }])).toEqual(['favero']);
  });
});

const base: PaperRecord = {
  kind: 'paper',
  id: 'arxiv:2606.01234',
  arxivId: '2606.01234',
  version: 1,
  title: 'Diffusion models learn hierarchies of latent features',
  abstract: 'We study...',
  authors: ['Alessandro Favero'],
  categories: ['cs.LG'],
  url: 'https://arxiv.org/abs/2606.01234',
  links: { abs: 'https://arxiv.org/abs/2606.01234' },
  people: ['favero'],
  source: 'arxiv',
  published: '2026-06-09T17:00:00Z',
};
const journal: PaperRecord = {
  ...base,
  id: 'doi:10.1103/physrevx.16.011001',
  arxivId: undefined,
  title: 'Diffusion Models Learn Hierarchies of Latent Features.',
  abstract: '',
  url: 'https://doi.org/10.1103/physrevx.16.011001',
  published: '2027-02-01T00:00:00Z',
  publication: {
    type: 'journal',
    venue: 'Physical Review X',
    doi: '10.1103/physrevx.16.011001',
    year: '2027',
  },
  source: 'crossref',
};

describe('the title join', () => {
  it('joins the same title with a watched author in common within two years', () => {
    expect(titleKey(journal.title)).toBe(titleKey(base.title));
    expect(sameWorkByTitle(base, journal)).toBe(true);
  });

  it('does not join what it cannot be sure of', () => {
    expect(sameWorkByTitle(base, { ...journal, people: ['wyart'] })).toBe(false);
    expect(sameWorkByTitle(base, { ...journal, published: '2029-01-01T00:00:00Z' })).toBe(false);
    expect(sameWorkByTitle(base, { ...journal, arxivId: '2606.09999' })).toBe(false);
    expect(sameWorkByTitle({ ...base, publication: { type: 'journal', doi: '10.1/other' } }, journal)).toBe(
      false,
    );
    expect(titleKey('Erratum: Diffusion models learn hierarchies of latent features')).toBeUndefined();
    expect(titleKey('Introduction')).toBeUndefined();
  });
});

describe('what a stored paper learns', () => {
  it('learns its publication once (news), then only details', () => {
    const first = mergeSighting(base, journal)!;
    expect(first.published).toBe(true);
    expect(first.record).toMatchObject({
      id: 'arxiv:2606.01234',
      url: 'https://arxiv.org/abs/2606.01234',
      doi: '10.1103/physrevx.16.011001',
      venue: 'Physical Review X (2027)',
      ids: ['arxiv:2606.01234', 'doi:10.1103/physrevx.16.011001'],
    });
    const again = mergeSighting(first.record, {
      ...journal,
      publication: { ...journal.publication!, volume: '16', pages: '011001' },
    })!;
    expect(again.published).toBe(false);
    expect((again.record as PaperRecord).publication).toMatchObject({ volume: '16', pages: '011001' });
    expect(mergeSighting(again.record, journal)).toBeUndefined();
  });

  it('takes an old record with a journal reference as published already: no news on upgrade', () => {
    const legacy = { ...base, venue: 'Phys. Rev. X 16, 011001 (2027)' };
    const merge = mergeSighting(legacy, {
      ...base,
      publication: { type: 'journal', citation: 'Phys. Rev. X 16, 011001 (2027)' },
    })!;
    expect(merge.published).toBe(false);
  });

  it('gives a journal-first record the preprint’s arXiv id and abstract', () => {
    const merge = mergeSighting(journal, { ...base, abstract: 'From the preprint.' })!;
    expect(merge.published).toBe(false);
    expect(merge.record).toMatchObject({
      id: journal.id,
      arxivId: '2606.01234',
      abstract: 'From the preprint.',
    });
  });
});

describe('ids a user pastes', () => {
  it('reads every kind', () => {
    expect(
      [
        'arXiv:2606.01234v2',
        'https://doi.org/10.1103/PhysRevX.16.011001',
        'PMID:29963580',
        'pmcid:6022861',
        'PMC6022861',
        'W2741809807',
        'https://dblp.org/rec/conf/nips/PetriniFGW21.html',
        'inspire:1384512',
        'hello',
      ].map(parsePaperId),
    ).toEqual([
      'arxiv:2606.01234',
      'doi:10.1103/physrevx.16.011001',
      'pmid:29963580',
      'pmcid:PMC6022861',
      'pmcid:PMC6022861',
      'openalex:W2741809807',
      'dblp:conf/nips/PetriniFGW21',
      'inspire:1384512',
      undefined,
    ]);
  });
});
