/**
 * End to end, as a user runs it: `herald run --once --output jsonl` as a child process against a
 * loopback arXiv and the fake scholarly APIs. A new paper's line carries its DOI, venue and every
 * id; the journal version of an announced preprint is a `"event": "published"` line with the
 * preprint's id; `herald status` lists the scholarly sources by their ids; the OpenAlex key is
 * never printed, whatever fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeScholarly, startFakeScholarly } from '../fakes/scholarly/fake-scholarly.js';
import { crossrefArticle } from '../fakes/scholarly/works.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, type SeedPaper, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const FAVERO = '0000-0002-1825-0097';
let fake: FakeScholarly;
let arxiv: FixtureServer;
let workspace: Workspace;

const preprint: SeedPaper = {
  arxivId: '2606.01234',
  title: 'Diffusion models learn hierarchies of latent features',
  authors: ['Alessandro Favero', 'Matthieu Wyart'],
  abstract: 'We study how diffusion models learn hierarchies.',
  category: 'LG',
  published: '2026-06-10T17:00:00Z',
};
const favero = { given: 'Alessandro', family: 'Favero', orcid: FAVERO };

beforeAll(async () => {
  fake = await startFakeScholarly();
  arxiv = await startFixtureServer();
  workspace = await createWorkspace();
  await workspace.writeConfig(`
backfill: 0
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
crossref: { enabled: true, mailto: lab@example.org, requestIntervalMs: 5 }
openalex: { enabled: true, requestIntervalMs: 5 }
people:
  - { id: favero, name: Alessandro Favero, orcid: "${FAVERO}" }
  - { id: wyart, name: Matthieu Wyart }
channels:
  - { id: lab, platform: console, target: stdout }
`);
});

afterAll(async () => {
  await fake.close();
  await arxiv.close();
  await workspace.remove();
});

function serveArxiv(papers: readonly SeedPaper[]) {
  for (const path of ['/api/query', `/a/${FAVERO}.atom`]) arxiv.route(path, { body: arxivAtom(papers) });
}

function herald(args: string[]) {
  return runCli([...args, '--config', workspace.configPath], {
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    DATA_DIR: workspace.dataDir,
    LOG_LEVEL: 'info',
    ...fake.env,
  });
}

const runOnce = (now: string) => herald(['run', '--once', '--output', 'jsonl', '--now', now]);

describe('herald run --once with scholarly sources', () => {
  it('records what is there silently on first sight', async () => {
    serveArxiv(seedPapers().slice(1));
    const result = await runOnce('2026-06-10T08:00:00Z');
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([]);
    expect(fake.requestsTo('crossref')[0]!.query.get('filter')).toBe(
      `orcid:${FAVERO},from-created-date:2025-12-12`,
    );
  });

  it('announces a new preprint and a journal paper with no preprint, with their DOI, venue and ids', async () => {
    serveArxiv([preprint, ...seedPapers().slice(1)]);
    fake.crossref.works = [
      crossrefArticle({
        doi: '10.1073/pnas.2600000001',
        title: 'Sample complexity of diffusion models on hierarchical grammars',
        authors: [favero],
        created: [2026, 6, 11],
        container: 'Proceedings of the National Academy of Sciences',
        volume: '123',
        issue: '25',
        page: 'e2600000001',
      }),
    ];
    const result = await runOnce('2026-06-11T08:00:00Z');
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'arxiv:2606.01234',
        ids: ['arxiv:2606.01234'],
        url: 'https://arxiv.org/abs/2606.01234',
      }),
      expect.objectContaining({
        id: 'doi:10.1073/pnas.2600000001',
        doi: '10.1073/pnas.2600000001',
        venue: 'Proceedings of the National Academy of Sciences 123(25), e2600000001 (2026)',
        ids: ['doi:10.1073/pnas.2600000001'],
        people: ['favero'],
        url: 'https://doi.org/10.1073/pnas.2600000001',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('event');
  });

  it('posts the journal version of the preprint as a published follow-up, with the preprint id', async () => {
    fake.crossref.works = [
      crossrefArticle({
        doi: '10.1103/physrevx.16.011001',
        title: preprint.title,
        authors: [favero, { given: 'Matthieu', family: 'Wyart' }],
        created: [2026, 6, 13],
        volume: '16',
        issue: '1',
        page: '011001',
        relation: { 'has-preprint': [{ 'id-type': 'doi', id: '10.48550/arXiv.2606.01234' }] },
      }),
    ];
    const result = await runOnce('2026-06-14T08:00:00Z');
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      expect.objectContaining({
        channel: 'lab',
        event: 'published',
        id: 'arxiv:2606.01234',
        venue: 'Physical Review X 16(1), 011001 (2026)',
        doi: '10.1103/physrevx.16.011001',
        ids: ['arxiv:2606.01234', 'doi:10.1103/physrevx.16.011001'],
      }),
    ]);
  });

  it('lists the scholarly sources in herald status, and keeps the OpenAlex key out of every line', async () => {
    fake.interrupt('openalex', { status: 403, body: '{"error":"Forbidden","message":"invalid api_key"}' });
    const failed = await runOnce('2026-06-15T08:00:00Z');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('openalex');
    expect(failed.stderr).toContain('HTTP 403');
    const status = await herald(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/crossref/);
    expect(status.stdout).toMatch(/openalex/);
    for (const output of [failed.stdout, failed.stderr, status.stdout, status.stderr])
      expect(output).not.toContain(fake.env.OPENALEX_API_KEY!);
  }, 30_000);
});
