/**
 * A source that keeps failing backs off, is paused after `pauseAfterFailures` in a row, tells the
 * admin channel once, shows in `herald status`, and resumes with `herald feed resume` or when its
 * config changes; the other sources go on meanwhile. Each run is a real `herald run --once`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, blogRss, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const papers = seedPapers();
let server: FixtureServer;
let workspace: Workspace;
let env: Record<string, string>;

async function config(blogPath: string) {
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true, timeoutMs: 2000 }
sources: { pauseAfterFailures: 3 }
people: [{ id: favero, name: Alessandro Favero }]
feeds: [{ id: blog, url: ${server.url(blogPath)}, kind: paper }]
channels:
  - { id: lab, platform: console, target: stdout }
  - { id: admins, platform: console, target: stdout }
adminChannel: admins
`);
}

const runOnce = () => runCli(['run', '--once', '--output', 'jsonl', '--config', workspace.configPath], env);

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(papers) });
  server.route('/broken.xml', { status: 503, body: 'Service Unavailable', contentType: 'text/plain' });
  server.route('/blog.xml', { body: blogRss(papers), contentType: 'application/rss+xml' });
  workspace = await createWorkspace();
  env = {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
  };
  await config('/broken.xml');
});

afterAll(async () => {
  await server.close();
  await workspace.remove();
});

describe('a source that keeps failing', () => {
  it('is paused after three failures in a row, the admins told once, arXiv polled all along', async () => {
    const notices: unknown[] = [];
    for (let run = 0; run < 5; run++) {
      const result = await runOnce();
      notices.push(...jsonLines(result.stdout).filter((line) => line.type === 'notice'));
      expect(result.stderr).toContain('"source":"arxiv"');
    }
    // The first three runs tried the feed (backoff does not hold back the first poll of a run); then paused.
    expect(server.requestsTo('/broken.xml')).toHaveLength(3);
    expect(notices).toEqual([
      expect.objectContaining({
        channel: 'admins',
        text: expect.stringMatching(/feed:blog .* failed 3 times in a row and is paused.*503/),
      }),
    ]);
    const status = await runCli(['status', '--config', workspace.configPath], env);
    expect(status.stdout).toContain('1 paused');
    expect(status.stdout).toContain('503');
  });

  it('resumes with `herald feed resume`', async () => {
    const resumed = await runCli(['feed', 'resume', 'blog', '--config', workspace.configPath], env);
    expect(resumed.code).toBe(0);
    await runOnce();
    expect(server.requestsTo('/broken.xml')).toHaveLength(4);
  });

  it('resumes when its config changes, and then succeeds', async () => {
    for (let run = 0; run < 3; run++) await runOnce(); // paused again
    const tried = server.requestsTo('/broken.xml').length;
    await runOnce();
    expect(server.requestsTo('/broken.xml')).toHaveLength(tried);
    await config('/blog.xml');
    const result = await runOnce();
    expect(result.code).toBe(0);
    expect(server.requestsTo('/blog.xml')).toHaveLength(1);
    const status = await runCli(['status', '--config', workspace.configPath], env);
    expect(status.stdout).toContain('0 paused');
  });
});
