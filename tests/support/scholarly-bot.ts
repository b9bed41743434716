/**
 * The bot's runtime in this process, as `herald run --once --output jsonl` builds it, against a
 * loopback arXiv and the fake scholarly APIs, with a real SQLite store in a temp dir. Each cycle
 * is a fresh runtime over the same store, so what carries over is what was stored.
 */
import { Writable } from 'node:stream';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { readEnv } from '../../src/config/env.js';
import { silentLogger } from '../../src/log.js';
import type { CycleOptions, SourceOutcome } from '../../src/pipeline/poll-cycle.js';
import { type FakeScholarly, startFakeScholarly } from '../fakes/scholarly/fake-scholarly.js';
import { type FixtureServer, startFixtureServer } from './fixture-server.js';
import { type AtomOptions, arxivAtom, type SeedPaper } from './seed-corpus.js';
import { createWorkspace, type Workspace } from './workspace.js';

export interface CycleRun {
  /** The JSON lines printed (`--output jsonl`). */
  lines: Record<string, unknown>[];
  outcomes: SourceOutcome[];
}

export interface ScholarlyBot {
  fake: FakeScholarly;
  arxiv: FixtureServer;
  workspace: Workspace;
  serveArxiv(papers: readonly SeedPaper[], options?: AtomOptions): void;
  /** One cycle (all sources, backoff ignored, unless told otherwise) and the deliveries after it. */
  cycle(now: Date, options?: CycleOptions): Promise<CycleRun>;
  /** A runtime over the same store, to look at what is stored or ask a command. */
  inspect<T>(now: Date, look: (runtime: Runtime) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `authorFeeds`: arXiv author ids or ORCIDs, each with the surname of its owner: their arxiv.org/a/
 * feeds serve that person's papers among those served, as arXiv's do (every paper in such a feed
 * is the owner's, whoever else wrote it).
 */
export async function startScholarlyBot(
  config: string,
  authorFeeds: Readonly<Record<string, string>> = {},
): Promise<ScholarlyBot> {
  const fake = await startFakeScholarly();
  const arxiv = await startFixtureServer();
  const workspace = await createWorkspace();
  await workspace.writeConfig(config);
  const serveArxiv = (papers: readonly SeedPaper[], options?: AtomOptions) => {
    arxiv.route('/api/query', { body: arxivAtom(papers, options) });
    for (const [id, surname] of Object.entries(authorFeeds)) {
      const own = papers.filter((paper) => paper.authors.some((author) => author.includes(surname)));
      arxiv.route(`/a/${id}.atom`, { body: arxivAtom(own, options) });
    }
  };
  serveArxiv([]);
  const env = readEnv({
    DATA_DIR: workspace.dataDir,
    ARXIV_API_URL: arxiv.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
    ...fake.env,
  });
  const open = (now: Date, stdout: Writable) =>
    createRuntime({
      configPath: workspace.configPath,
      env,
      now,
      output: 'jsonl',
      stdout,
      logger: silentLogger,
    });
  const lines: string[] = [];
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line.startsWith('{')),
      );
      done();
    },
  });
  return {
    fake,
    arxiv,
    workspace,
    serveArxiv,
    async cycle(now, options = { ignoreBackoff: true }) {
      lines.length = 0;
      const runtime = await open(now, stdout);
      try {
        const outcomes = await runtime.cycle.run(options);
        await runtime.worker.run();
        return { outcomes, lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
      } finally {
        await runtime.close();
      }
    },
    async inspect(now, look) {
      const runtime = await open(now, stdout);
      try {
        return await look(runtime);
      } finally {
        await runtime.close();
      }
    },
    async close() {
      await fake.close();
      await arxiv.close();
      await workspace.remove();
    },
  };
}
