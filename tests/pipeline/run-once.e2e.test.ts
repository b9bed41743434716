/**
 * End to end, as a user runs it: `herald run --once --output jsonl` as a child process against a
 * loopback arXiv API and a loopback blog feed, with the real SQLite store in a temp dir. Each run
 * is a new process, so state that survives is state that was stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, blogRss, madePaper, type SeedPaper, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const papers = seedPapers();
const newest = papers[0]!; // 2605.27734, Korchinski, Favero, Wyart
const older = papers.slice(1);

let server: FixtureServer;
let workspace: Workspace;

function config(): string {
  return `
timezone: Europe/London
backfill: 0
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
people:
  - id: favero
    name: Alessandro Favero
    aliases: ["A. Favero"]
  - id: wyart
    name: Matthieu Wyart
feeds:
  - id: blog
    url: ${server.url('/feeds/blog.xml')}
    kind: paper
channels:
  - id: all-papers
    platform: console
    target: stdout
  - id: wyart-only
    platform: console
    target: stdout
    people: [wyart]
  - id: talks-only
    platform: console
    target: stdout
    kinds: [talk]
`;
}

function serveArxiv(list: readonly SeedPaper[], versions: Record<string, number> = {}) {
  server.route('/api/query', { body: arxivAtom(list, { versions }) });
}

function serveBlog(list: readonly SeedPaper[], etag: string) {
  server.route('/feeds/blog.xml', { body: blogRss(list), etag, contentType: 'application/rss+xml' });
}

function runOnce() {
  return runCli(['run', '--once', '--output', 'jsonl', '--config', workspace.configPath], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
    LOG_LEVEL: 'info',
  });
}

const paper = madePaper;

beforeAll(async () => {
  server = await startFixtureServer();
  workspace = await createWorkspace();
  await workspace.writeConfig(config());
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('herald run --once', () => {
  it('records everything silently on first sight', async () => {
    serveArxiv(older);
    serveBlog(older, '"v1"');
    const result = await runOnce();
    expect(result.stderr).toContain('No DISCORD_TOKEN or SLACK_BOT_TOKEN set');
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([]);
    expect(server.requestsTo('/api/query')[0]!.query.get('search_query')).toBe('au:favero_a OR au:wyart_m');
  });

  it('announces a new paper once to each matching channel and to no other', async () => {
    serveArxiv(papers);
    const result = await runOnce();
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((line) => line.channel).sort()).toEqual(['all-papers', 'wyart-only']);
    expect(lines[0]).toMatchObject({
      type: 'paper',
      id: 'arxiv:2605.27734',
      title: newest.title,
      authors: newest.authors,
      people: ['favero', 'wyart'],
      url: 'https://arxiv.org/abs/2605.27734',
      published: newest.published,
      categories: ['cs.LG'],
    });
    expect(String(lines[0]!.abstract)).toContain('exponential in L'); // \emph{...} and $L$ cleaned
    // The unchanged blog cost one conditional GET answered 304.
    expect(server.requestsTo('/feeds/blog.xml').at(-1)!.headers['if-none-match']).toBe('"v1"');
  });

  it('does not announce v2, nor the same paper again from the blog', async () => {
    serveArxiv(papers, { [newest.arxivId]: 2 });
    serveBlog(papers, '"v2"');
    const result = await runOnce();
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([]);
  });

  it('announces a paper first seen on the blog once, and not again when arXiv lists it', async () => {
    const fresh = paper(
      'Diffusion models learn hierarchies of latent features',
      ['Alessandro Favero', 'Jane Doe'],
      '2606.01234',
    );
    serveBlog([fresh, ...papers], '"v3"');
    const first = await runOnce();
    expect(jsonLines(first.stdout).map((line) => [line.channel, line.id])).toEqual([
      ['all-papers', 'arxiv:2606.01234'],
    ]);
    serveArxiv([fresh, ...papers]);
    const second = await runOnce();
    expect(jsonLines(second.stdout)).toEqual([]);
  });

  it('does not take a namesake or a longer surname for a watched person', async () => {
    const namesake = paper('Cold atoms in optical lattices', ['Andrea Favero', 'Marco Rossi'], '2606.02000');
    const longer = paper('Soil moisture dynamics', ['Alessandro Faverotti'], '2606.02001');
    const initials = paper('Scaling laws of kernels', ['M. Wyart'], '2606.02002');
    serveArxiv([namesake, longer, initials, ...papers]);
    const result = await runOnce();
    expect(
      jsonLines(result.stdout)
        .map((line) => `${line.channel} ${line.id}`)
        .sort(),
    ).toEqual(['all-papers arxiv:2606.02002', 'wyart-only arxiv:2606.02002']);
  });

  it('isolates a failing source: the others still announce, the exit code says one failed', async () => {
    const another = paper('Renormalisation group flows of deep networks', ['Matthieu Wyart'], '2606.03000');
    serveArxiv([another, ...papers]);
    server.route('/feeds/blog.xml', {
      status: 200,
      body: '<rss><channel><item><title>broken',
      contentType: 'text/xml',
    });
    const result = await runOnce();
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout).map((line) => line.id)).toEqual(['arxiv:2606.03000', 'arxiv:2606.03000']);
    expect(result.stderr).toContain('feed:blog');
    expect(result.stderr).toContain(server.url('/feeds/blog.xml'));
  });

  it('keeps state across processes: a rerun with nothing new announces nothing', async () => {
    serveBlog(papers, '"v4"');
    const result = await runOnce();
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([]);
  });
});
