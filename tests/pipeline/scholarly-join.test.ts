/**
 * One record per paper across arXiv and the scholarly sources, through the bot's real runtime
 * (fresh each cycle, one SQLite store) against a loopback arXiv and the fake scholarly APIs:
 * a preprint then its journal version is one announcement and a `published` follow-up in its
 * thread; the journal version first, then the preprint, is one record; ORCIDs beat names; an
 * erratum is no paper; a bioRxiv window is matched locally; a 429 backs one source off alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../src/records/record.js';
import { deliveryKey } from '../../src/store/outbox-repository.js';
import {
  biorxivPreprint,
  crossrefArticle,
  openalexWork,
  realCrossrefWork,
} from '../fakes/scholarly/works.js';
import { type ScholarlyBot, startScholarlyBot } from '../support/scholarly-bot.js';
import { arxivAtom, type SeedPaper, seedPapers } from '../support/seed-corpus.js';

const FAVERO = '0000-0002-1825-0097';
const NAMESAKE = '0000-0003-1613-5981';
const DAY = 24 * 60 * 60_000;
const start = new Date('2026-06-10T08:00:00Z');
const day = (n: number) => new Date(start.getTime() + n * DAY);

const CONFIG = `
timezone: Europe/London
backfill: 0
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
crossref: { enabled: true, mailto: lab@example.org, requestIntervalMs: 5 }
openalex: { enabled: true, requestIntervalMs: 5 }
biorxiv: { enabled: true, servers: [biorxiv], requestIntervalMs: 5 }
people:
  - { id: favero, name: Alessandro Favero, orcid: "${FAVERO}" }
  - { id: wyart, name: Matthieu Wyart }
  - { id: boettiger, name: Carl Boettiger }
channels:
  - { id: lab, platform: console, target: stdout }
`;

function preprint(
  arxivId: string,
  title: string,
  authors = ['Alessandro Favero', 'Matthieu Wyart'],
): SeedPaper {
  return {
    arxivId,
    title,
    authors,
    abstract: `On ${title}.`,
    category: 'LG',
    published: '2026-06-09T17:00:00Z',
  };
}

const favero = { given: 'Alessandro', family: 'Favero', orcid: FAVERO };
const wyart = { given: 'Matthieu', family: 'Wyart' };

let bot: ScholarlyBot;
const older = seedPapers().slice(1);

beforeAll(async () => {
  bot = await startScholarlyBot(CONFIG, { [FAVERO]: 'Favero' });
  // First sight of every source: everything there is recorded silently.
  bot.serveArxiv(older);
  const first = await bot.cycle(day(0));
  expect(first.lines).toEqual([]);
  expect(first.outcomes.map((outcome) => [outcome.sourceId, outcome.ok]).sort()).toEqual([
    ['arxiv', true],
    ['arxiv-author:favero', true],
    ['biorxiv', true],
    ['crossref', true],
    ['openalex', true],
  ]);
});

afterAll(async () => {
  await bot.close();
});

async function stored(id: string, now: Date): Promise<PaperRecord> {
  return bot.inspect(now, async (runtime) => {
    const canonical = (await runtime.store.records.resolveAliases([id])).get(id) ?? id;
    return (await runtime.store.records.get(canonical)) as PaperRecord;
  });
}

describe('a preprint, then its journal version', () => {
  const paper = preprint('2606.01234', 'Diffusion models learn hierarchies of latent features');

  it('announces the preprint once, then posts the publication into its thread', async () => {
    bot.serveArxiv([paper, ...older]);
    const announced = await bot.cycle(day(1));
    expect(announced.lines).toHaveLength(1);
    expect(announced.lines[0]).toMatchObject({
      type: 'paper',
      id: 'arxiv:2606.01234',
      ids: ['arxiv:2606.01234'],
    });

    bot.fake.crossref.works = [
      crossrefArticle({
        doi: '10.1103/physrevx.16.011001',
        title: paper.title,
        authors: [favero, wyart],
        created: [2026, 6, 12],
        volume: '16',
        issue: '1',
        page: '011001',
        relation: { 'has-preprint': [{ 'id-type': 'doi', id: '10.48550/arXiv.2606.01234' }] },
      }),
    ];
    const published = await bot.cycle(day(3));
    expect(published.lines).toEqual([
      expect.objectContaining({
        channel: 'lab',
        type: 'paper',
        event: 'published',
        id: 'arxiv:2606.01234',
        venue: 'Physical Review X 16(1), 011001 (2026)',
        doi: '10.1103/physrevx.16.011001',
      }),
    ]);
    const receipt = await bot.inspect(day(3), (runtime) =>
      runtime.store.outbox.receipt(deliveryKey('lab', 'arxiv:2606.01234#published')),
    );
    expect(receipt).toMatchObject({ event: 'published', recordId: 'arxiv:2606.01234' });
    const record = await stored('doi:10.1103/physrevx.16.011001', day(3));
    expect(record.id).toBe('arxiv:2606.01234');
    expect(record.ids).toContain('doi:10.1103/physrevx.16.011001');

    // Seen again, from both sides: nothing more to say.
    expect((await bot.cycle(day(4))).lines).toEqual([]);
  });

  it('does the same when a new arXiv version adds a journal reference', async () => {
    const other = preprint('2606.02222', 'Scaling laws of kernel regression on hierarchical data');
    bot.serveArxiv([other, paper, ...older]);
    expect((await bot.cycle(day(5))).lines.map((line) => line.id)).toEqual(['arxiv:2606.02222']);
    bot.serveArxiv([other, paper, ...older], {
      versions: { '2606.02222': 2 },
      published: { '2606.02222': { journalRef: 'Phys. Rev. Lett. 137, 010601 (2026)' } },
    });
    const { lines } = await bot.cycle(day(6));
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'published',
        id: 'arxiv:2606.02222',
        venue: 'Phys. Rev. Lett. 137, 010601 (2026)',
      }),
    ]);
  });
});

describe('the journal version first, then the preprint', () => {
  it('is one record, announced once, with the preprint joined by title or by arXiv DOI field', async () => {
    const byTitle = 'Renormalisation group flows of deep networks and their fixed points';
    const byDoi = 'Sample complexity of diffusion models on hierarchical grammars';
    bot.fake.crossref.works = [
      crossrefArticle({
        doi: '10.1088/1742-5468/ad0001',
        title: byTitle,
        authors: [favero],
        created: [2026, 6, 16],
        container: 'Journal of Statistical Mechanics: Theory and Experiment',
        volume: '2026',
        issue: '6',
        page: '063401',
      }),
      crossrefArticle({
        doi: '10.1073/pnas.2600000001',
        title: byDoi,
        authors: [favero, wyart],
        created: [2026, 6, 16],
        container: 'Proceedings of the National Academy of Sciences',
        volume: '123',
        issue: '25',
      }),
    ];
    const journals = await bot.cycle(day(7));
    expect(journals.lines.map((line) => [line.id, line.venue]).sort()).toEqual([
      [
        'doi:10.1073/pnas.2600000001',
        'Proceedings of the National Academy of Sciences 123(25), 031001 (2026)',
      ],
      [
        'doi:10.1088/1742-5468/ad0001',
        'Journal of Statistical Mechanics: Theory and Experiment 2026(6), 063401 (2026)',
      ],
    ]);
    expect(journals.lines.find((line) => line.id === 'doi:10.1088/1742-5468/ad0001')).toMatchObject({
      doi: '10.1088/1742-5468/ad0001',
      ids: ['doi:10.1088/1742-5468/ad0001'],
    });

    bot.serveArxiv(
      [preprint('2606.03333', byTitle.toUpperCase(), ['A. Favero']), preprint('2606.04444', byDoi), ...older],
      { published: { '2606.04444': { doi: '10.1073/pnas.2600000001' } } },
    );
    expect((await bot.cycle(day(8))).lines).toEqual([]);
    const joined = await stored('arxiv:2606.03333', day(8));
    expect(joined).toMatchObject({ id: 'doi:10.1088/1742-5468/ad0001', arxivId: '2606.03333' });
    const reply = await bot.inspect(day(8), (runtime) =>
      runtime.commands.execute(
        { name: 'papers', query: 'arXiv:2606.04444' },
        { platform: 'console', userId: 't', isAdmin: false },
      ),
    );
    expect(reply.items?.[0]?.fields).toEqual([
      { name: 'Venue', value: 'Proceedings of the National Academy of Sciences 123(25), 031001 (2026)' },
      { name: 'DOI', value: '10.1073/pnas.2600000001' },
    ]);
  });

  it('does not join a same-titled paper without a watched author in common', async () => {
    const title = 'A theory of representation learning in wide neural networks';
    bot.fake.crossref.works = [
      crossrefArticle({
        doi: '10.1103/physreve.113.000001',
        title,
        authors: [favero],
        created: [2026, 6, 18],
      }),
    ];
    bot.serveArxiv([preprint('2606.05555', title, ['Matthieu Wyart', 'Jane Roe']), ...older]);
    // Not Favero's paper: his own author feed does not list it (served the same list, it would
    // make him an author, and the join's outcome would depend on which source is processed first).
    bot.arxiv.route(`/a/${FAVERO}.atom`, { body: arxivAtom(older) });
    const { lines } = await bot.cycle(day(9));
    expect(lines.map((line) => line.id).sort()).toEqual([
      'arxiv:2606.05555',
      'doi:10.1103/physreve.113.000001',
    ]);
  });
});

describe('who a work belongs to', () => {
  it('trusts ORCIDs over names: a namesake with another ORCID is not the watched person', async () => {
    bot.fake.crossref.works = [];
    bot.fake.openalex.works = [
      openalexWork({
        id: 'W5000000001',
        doi: '10.1038/s41586-026-00001-1',
        title: 'Cold atoms in optical lattices at finite temperature',
        date: '2026-06-19',
        venue: 'Nature',
        authors: [
          { name: 'Alessandro Favero', orcid: NAMESAKE },
          { name: 'Marco Rossi', orcid: FAVERO.replace('0097', '0098') },
        ],
      }),
      openalexWork({
        id: 'W5000000002',
        doi: '10.1038/s41586-026-00002-2',
        title: 'Hierarchical structure in natural images and its learning',
        date: '2026-06-19',
        venue: 'Nature',
        authors: [{ name: 'Sandro Favero-Bianchi', orcid: FAVERO }, { name: 'Jane Roe' }],
      }),
    ];
    const { lines } = await bot.cycle(day(10));
    expect(lines.map((line) => [line.id, line.people])).toEqual([
      ['doi:10.1038/s41586-026-00002-2', ['favero']],
    ]);
  });

  it('does not announce a Crossref erratum', async () => {
    bot.fake.openalex.works = [];
    bot.fake.crossref.works = [
      crossrefArticle({
        doi: '10.1103/physrevx.16.019901',
        title:
          'Erratum: Diffusion models learn hierarchies of latent features [Phys. Rev. X 16, 011001 (2026)]',
        authors: [favero, wyart],
        created: [2026, 6, 21],
        updateTo: [{ type: 'erratum', DOI: '10.1103/physrevx.16.011001' }],
      }),
    ];
    const { lines, outcomes } = await bot.cycle(day(11));
    expect(lines).toEqual([]);
    expect(outcomes.find((outcome) => outcome.sourceId === 'crossref')).toMatchObject({ ok: true, items: 1 });
    expect(
      await bot.inspect(day(11), (runtime) => runtime.store.records.get('doi:10.1103/physrevx.16.019901')),
    ).toBeUndefined();
  });

  it('matches a bioRxiv window locally, announces version 1 only, and follows it into its journal version', async () => {
    bot.fake.crossref.works = [];
    bot.fake.biorxiv.items.biorxiv = [
      biorxivPreprint({ date: '2026-06-21' }),
      biorxivPreprint({
        date: '2026-06-21',
        doi: '10.1101/2026.06.20.000001',
        title: 'Gut microbiome of wild mice across seasons',
        authors: 'Doe, J.; Roe, R.',
      }),
      biorxivPreprint({
        date: '2026-06-21',
        version: 3,
        doi: '10.1101/2025.01.01.000002',
        title: 'An old preprint revised again by its authors',
        authors: 'Boettiger, C.; Roe, R.',
      }),
    ];
    const { lines } = await bot.cycle(day(11.5));
    expect(lines.map((line) => [line.id, line.people])).toEqual([['doi:10.1101/014852', ['boettiger']]]);
    expect(lines[0]!.url).toBe('https://www.biorxiv.org/content/10.1101/014852v1');

    // The real journal record of the same paper, which names its preprint (relation has-preprint).
    const journal = realCrossrefWork('10.1002/ece3.2314');
    journal.author = journal.author!.map((author) =>
      author.family === 'Boettiger' ? { ...author, ORCID: `https://orcid.org/${FAVERO}` } : author,
    );
    journal.created = { 'date-parts': [[2026, 6, 23]] };
    journal['published-online'] = { 'date-parts': [[2026, 6, 22]] };
    bot.fake.crossref.works = [journal];
    const followUp = await bot.cycle(day(13));
    expect(followUp.lines).toEqual([
      expect.objectContaining({
        event: 'published',
        id: 'doi:10.1101/014852',
        venue: 'Ecology and Evolution 6(18), 6425-6434 (2016)',
        doi: '10.1002/ece3.2314',
      }),
    ]);
  });
});

describe('a source that is told to slow down', () => {
  it('backs off alone: a 429 pauses Crossref for its Retry-After while OpenAlex announces', async () => {
    bot.fake.crossref.works = [];
    bot.fake.biorxiv.items.biorxiv = [];
    bot.fake.interrupt('crossref', {
      status: 429,
      body: 'Too Many Requests',
      contentType: 'text/plain',
      headers: { 'retry-after': '3600' },
    });
    bot.fake.openalex.works = [
      openalexWork({
        id: 'W5000000003',
        title: 'Kernels, features and the curse of dimensionality',
        date: '2026-06-24',
        venue: 'ICML',
        authors: [{ name: 'Alessandro Favero', orcid: FAVERO }],
      }),
    ];
    const now = day(14);
    const { lines, outcomes } = await bot.cycle(now);
    expect(lines.map((line) => line.id)).toEqual(['openalex:W5000000003']);
    expect(outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.sourceId)).toEqual([
      'crossref',
    ]);
    const state = await bot.inspect(now, (runtime) => runtime.store.sources.get('crossref'));
    expect(state).toMatchObject({
      failures: 1,
      retryAfter: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    expect(state.lastError).toContain('HTTP 429');

    // Ten minutes later, the scholarly schedule runs: Crossref is left alone, the others are asked.
    const before = bot.fake.requestsTo('crossref').length;
    const later = await bot.cycle(new Date(now.getTime() + 10 * 60_000), { schedule: 'scholarly' });
    expect(later.outcomes.map((outcome) => outcome.sourceId).sort()).toEqual(['biorxiv', 'openalex']);
    expect(bot.fake.requestsTo('crossref')).toHaveLength(before);
  });

  it('backs off exponentially after a 429 without Retry-After', async () => {
    bot.fake.interrupt('openalex', { status: 429, body: '{"error":"Rate limit exceeded"}' });
    const now = day(15);
    const { outcomes } = await bot.cycle(now);
    expect(outcomes.find((outcome) => outcome.sourceId === 'openalex')).toMatchObject({ ok: false });
    const state = await bot.inspect(now, (runtime) => runtime.store.sources.get('openalex'));
    expect(state).toMatchObject({ failures: 1, retryAfter: new Date(now.getTime() + 60_000).toISOString() });
  });
});
