/**
 * The commands over the scholarly sources: `/watch add` with DBLP, OpenAlex and INSPIRE ids (text,
 * Discord options, the service's checks), `/papers` finding a paper by any of its ids with its
 * venue, `/status` listing the sources (and why OpenAlex is off), `/feed resume crossref`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/commands/parse-text.js';
import { toCommandRequest } from '../../src/platforms/discord/command-request.js';
import type { PaperRecord } from '../../src/records/record.js';
import { seedPapers } from '../search/seed-papers.js';
import { type ServiceFixture, serviceFixture, testConfig } from './service-fixture.js';

let fixture: ServiceFixture;
afterEach(() => fixture?.close());

describe('/watch add with author ids', () => {
  it('reads dblp:, openalex: and inspire: from the text, in any order among the name words', () => {
    expect(
      parseCommandText(
        'watch',
        'add Ada dblp:https://dblp.org/pid/34/7659.html Lovelace openalex:A5023888391 inspire:A.Lovelace.1',
      ),
    ).toEqual({
      name: 'watch',
      action: 'add',
      personName: 'Ada Lovelace',
      dblpPid: 'https://dblp.org/pid/34/7659.html',
      openalexId: 'A5023888391',
      inspireId: 'A.Lovelace.1',
    });
  });

  it('reads them from Discord options', () => {
    const values: Record<string, string> = {
      name: 'Ada Lovelace',
      'dblp-pid': '34/7659',
      'openalex-id': 'A5023888391',
    };
    const options = {
      getSubcommand: () => 'add',
      getString: (name: string) => values[name] ?? null,
      getInteger: () => null,
    };
    expect(toCommandRequest('watch', options)).toEqual({
      name: 'watch',
      action: 'add',
      personName: 'Ada Lovelace',
      dblpPid: '34/7659',
      openalexId: 'A5023888391',
    });
  });

  it('stores the ids in their bare form, shows them, and refuses a bad one or one already watched', async () => {
    fixture = await serviceFixture();
    const added = await fixture.run({
      name: 'watch',
      action: 'add',
      personName: 'Ada Lovelace',
      dblpPid: 'https://dblp.org/pid/34/7659.html',
      openalexId: 'https://openalex.org/A5023888391',
      inspireId: 'INSPIRE-00140145',
    });
    expect(added.status).toBe('ok');
    expect(added.items?.[0]?.fields).toContainEqual({
      name: 'Also by',
      value: 'DBLP person id 34/7659; OpenAlex author id A5023888391; INSPIRE author id INSPIRE-00140145',
    });
    const { people } = await fixture.store.watchlist.apply(fixture.config.people, fixture.config.feeds);
    expect(people.find((person) => person.id === 'lovelace')).toMatchObject({
      dblpPid: '34/7659',
      openalexId: 'A5023888391',
      inspireId: 'INSPIRE-00140145',
    });
    const bad = await fixture.run({
      name: 'watch',
      action: 'add',
      personName: 'Grace Hopper',
      dblpPid: 'hopper',
    });
    expect(bad).toMatchObject({ status: 'invalid' });
    expect(bad.text).toMatch(/^"hopper" is not a DBLP person id such as 34\/7659\. Usage: \/watch add/);
    const twice = await fixture.run({
      name: 'watch',
      action: 'add',
      personName: 'Augusta King',
      dblpPid: '34/7659',
    });
    expect(twice.text).toMatch(/^Ada Lovelace is already watched \(id lovelace\)/);
  });
});

describe('/papers by any id', () => {
  const journal: PaperRecord = {
    ...(seedPapers()[0] as PaperRecord),
    id: 'doi:10.1117/1.jmi.5.2.026002',
    ids: [
      'doi:10.1117/1.jmi.5.2.026002',
      'pmid:29963580',
      'pmcid:PMC6022861',
      'openalex:W2741809807',
      'dblp:journals/jmi/GuoCKSSMFP18',
      'inspire:1384512',
    ],
    arxivId: undefined,
    venue: 'Journal of medical imaging 5(2), 026002 (2018)',
    publication: {
      type: 'journal',
      venue: 'Journal of medical imaging',
      doi: '10.1117/1.jmi.5.2.026002',
      volume: '5',
      issue: '2',
      pages: '026002',
      year: '2018',
    },
  };

  it('finds the paper by its PMID, PMCID, OpenAlex, DBLP or INSPIRE id and shows its venue', async () => {
    fixture = await serviceFixture({ records: [journal] });
    await fixture.store.records.save(
      [],
      journal.ids!.slice(1).map((id) => [id, journal.id] as [string, string]),
    );
    const queries = [
      'pmid:29963580',
      'PMC6022861',
      'https://openalex.org/W2741809807',
      'dblp:journals/jmi/GuoCKSSMFP18',
      'https://inspirehep.net/literature/1384512',
      'https://doi.org/10.1117/1.JMI.5.2.026002',
    ];
    for (const query of queries) {
      const reply = await fixture.run({ name: 'papers', query });
      expect(reply.status, query).toBe('ok');
      expect(reply.items?.[0]?.fields, query).toEqual([
        { name: 'Venue', value: 'Journal of medical imaging 5(2), 026002 (2018)' },
        { name: 'DOI', value: '10.1117/1.jmi.5.2.026002' },
      ]);
    }
    expect((await fixture.run({ name: 'papers', query: 'pmid:1' })).text).toBe(
      'pmid:1 is not among the papers and talks I know.',
    );
  });
});

describe('/status and /feed resume with scholarly sources', () => {
  it('lists each source switched on by its id, says why OpenAlex is off, and resumes a paused one', async () => {
    const config = testConfig({
      people: [
        { id: 'favero', name: 'Alessandro Favero', orcid: '0000-0002-1825-0097', dblpPid: '284/9516' },
      ],
      crossref: { enabled: true },
      openalex: { enabled: true },
      dblp: { enabled: true },
      inspire: { enabled: false },
    });
    fixture = await serviceFixture({ config, sourcesOff: { openalex: 'off: OPENALEX_API_KEY is not set' } });
    await fixture.store.sources.update('crossref', {
      failures: 10,
      pausedAt: '2026-11-20T00:00:00Z',
      lastError: 'crossref: HTTP 429',
    });
    const status = await fixture.run({ name: 'status' });
    const byId = new Map(status.items!.map((item) => [item.fields![0]!.value, item]));
    expect([...byId.keys()].filter((id) => !id.startsWith('arxiv') && !id.startsWith('feed:'))).toEqual([
      'crossref',
      'openalex',
      'dblp',
    ]);
    expect(byId.get('openalex')!.fields).toContainEqual({
      name: 'State',
      value: 'off: OPENALEX_API_KEY is not set',
    });
    expect(byId.get('crossref')!.fields).toContainEqual({
      name: 'Paused',
      value: 'since 2026-11-20 01:00 Europe/Zurich: /source resume crossref (herald source resume crossref)',
    });
    const resumed = await fixture.run({ name: 'feed', action: 'resume', id: 'crossref' });
    expect(resumed.text).toBe(
      'Source "crossref" resumed (it was paused since 2026-11-20T00:00:00Z); it is read again at its next run.',
    );
    expect((await fixture.store.sources.get('crossref')).pausedAt).toBeUndefined();
    const off = await fixture.run({ name: 'feed', action: 'resume', id: 'inspire' });
    expect(off).toMatchObject({ status: 'invalid' });
  });
});
