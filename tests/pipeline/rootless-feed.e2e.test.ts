/**
 * A feed with no root element (only an XML declaration, or only a comment) polled beside normal
 * feeds, in every order, against a loopback server: the normal feeds announce their own papers
 * (none credited to another feed), the root-less one fails with a clear error, and the cycle ends.
 * Through `herald run --once`, and in one process over two cycles (the long-running bot), with the
 * real sources, HTTP client and SQLite store. One shared parser used to hang the cycle here.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { HttpClient } from '../../src/net/http-client.js';
import { PollCycle } from '../../src/pipeline/poll-cycle.js';
import { PaperFeedSource } from '../../src/sources/feeds/paper-feed-source.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore } from '../../src/store/store.js';
import { within } from '../support/deadline.js';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { jsonLines, runCli } from '../support/run-cli.js';
import { arxivAtom, blogRss, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const papers = seedPapers();
const FEEDS = {
  a: { path: '/feeds/a.xml', papers: papers.slice(0, 2) },
  b: { path: '/feeds/b.xml', papers: papers.slice(2, 4) },
};
const ROOTLESS = ['<?xml version="1.0" encoding="UTF-8"?>\n', '<!-- the feed moved -->\n'];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom([]) });
  for (const [name, feed] of Object.entries(FEEDS)) {
    server.route(feed.path, { body: blogRss(feed.papers, `https://${name}.example/posts/`) });
  }
  ROOTLESS.forEach((body, index) => {
    server.route(`/feeds/rootless-${index}.xml`, { body });
  });
});

afterAll(async () => {
  await server.close();
});

function feedUrl(name: string, rootless: string): string {
  return server.url(name === 'rootless' ? rootless : FEEDS[name as keyof typeof FEEDS].path);
}

function config(order: readonly string[], rootless: string): string {
  const feeds = order.map((name) => `  - { id: ${name}, url: "${feedUrl(name, rootless)}", kind: paper }`);
  return `
timezone: Europe/London
backfill: 5
arxiv: { requestIntervalMs: 20 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
people:
  - { id: favero, name: Alessandro Favero }
feeds:
${feeds.join('\n')}
channels:
  - { id: papers, platform: console, target: stdout }
`;
}

function runOnce(workspace: Workspace) {
  const run = runCli(['run', '--once', '--output', 'jsonl', '--config', workspace.configPath], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
    LOG_LEVEL: 'info',
  });
  return within(run, 60_000, '`herald run --once`');
}

const ORDERS = permutations(['a', 'rootless', 'b']);

const NEWS = { a: FEEDS.a.papers.length, b: FEEDS.b.papers.length };

describe('a root-less feed among normal ones', () => {
  it.each(ORDERS.map((order, index) => [order.join(', '), order, index] as const))(
    'herald run --once, in the order %s: the others announce, the run ends',
    async (_name, order, index) => {
      const workspace = await createWorkspace();
      try {
        await workspace.writeConfig(config(order, `/feeds/rootless-${index % ROOTLESS.length}.xml`));
        const run = await runOnce(workspace);
        expect(run.code).toBe(1);
        const announced = jsonLines(run.stdout).map((line) => line.id);
        const expected = [...FEEDS.a.papers, ...FEEDS.b.papers].map((paper) => `arxiv:${paper.arxivId}`);
        expect([...announced].sort()).toEqual([...expected].sort());
        expect(run.stderr).toMatch(/feed:rootless .*no root element/);
      } finally {
        await workspace.remove();
      }
    },
  );

  it.each(ORDERS.map((order, index) => [order.join(', '), order, index] as const))(
    'one process, in the order %s: each feed is credited its own papers, and the next cycle runs',
    async (_name, order, index) => {
      const workspace = await createWorkspace();
      const store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
      try {
        const rootless = `/feeds/rootless-${index % ROOTLESS.length}.xml`;
        const herald = configSchema.parse({
          backfill: 5,
          people: [{ id: 'favero', name: 'Alessandro Favero' }],
          feeds: order.map((id) => ({ id, url: feedUrl(id, rootless), kind: 'paper' })),
          channels: [{ id: 'papers', platform: 'console', target: 'stdout' }],
        });
        const http = new HttpClient({
          timeoutMs: 5_000,
          maxBytes: 1_000_000,
          allowPrivateAddresses: true,
          userAgent: 'test',
        });
        const cycle = new PollCycle({
          config: herald,
          store,
          clock: () => new Date(),
          logger: silentLogger,
          notifyAdmins: async () => undefined,
          buildSources: (_people, feeds) => feeds.map((feed) => new PaperFeedSource(feed, http, 5_000)),
        });
        const outcomes = async (what: string) =>
          Object.fromEntries(
            (await within(cycle.run({ ignoreBackoff: true }), 30_000, what)).map((outcome) => [
              outcome.sourceId,
              outcome.ok ? outcome.news : (outcome.error ?? 'failed'),
            ]),
          );
        const first = await outcomes('the first cycle');
        expect(first).toEqual({
          'feed:a': NEWS.a,
          'feed:b': NEWS.b,
          'feed:rootless': expect.stringMatching(/no root element/),
        });
        const next = await outcomes('the next cycle');
        expect(next).toEqual({
          'feed:a': 0,
          'feed:b': 0,
          'feed:rootless': expect.stringMatching(/no root element/),
        });
      } finally {
        await store.close();
        await workspace.remove();
      }
    },
  );
});
