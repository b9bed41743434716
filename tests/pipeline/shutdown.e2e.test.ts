/**
 * The long-running bot stops cleanly on SIGTERM and SIGINT: scheduling stops, the store is
 * closed, exit code 0, well within 10 s.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../support/fixture-server.js';
import { HeraldProcess } from '../support/herald-process.js';
import { arxivAtom, seedPapers } from '../support/seed-corpus.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let server: FixtureServer;
let workspace: Workspace;

beforeEach(async () => {
  server = await startFixtureServer();
  server.route('/api/query', { body: arxivAtom(seedPapers()) });
  workspace = await createWorkspace();
  await workspace.writeConfig(`
arxiv: { requestIntervalMs: 10 }
fetch: { allowPrivateAddresses: true }
backfill: 2
people: [{ id: favero, name: Alessandro Favero }]
channels: [{ id: lab, platform: console, target: stdout }]
`);
});

afterEach(async () => {
  await server.close();
  await workspace.remove();
});

describe('herald run', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s with exit code 0, after announcing what the first cycle found',
    async (signal) => {
      const herald = new HeraldProcess(['run', '--config', workspace.configPath], {
        ARXIV_API_URL: server.url('/api/query'),
        ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
        DATA_DIR: workspace.dataDir,
      });
      await herald.waitFor(/"source":"arxiv".*"news":2/);
      await herald.waitFor(/\[lab\] New paper: Learn from your own latents/, 'stdout');
      const stoppedAt = performance.now();
      herald.signal(signal);
      const { code } = await herald.exited;
      expect(code).toBe(0);
      expect(performance.now() - stoppedAt).toBeLessThan(10_000);
      expect(herald.stderr).toContain('"msg":"stopping"');
    },
  );
});
