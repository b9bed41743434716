/**
 * A source whose poll never answers cannot hold up the cycle: past its deadline it is recorded as
 * failed, the other sources' results are processed, the cycle ends and the next one runs. What it
 * returns late is ignored. Over the real SQLite store.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { PollCycle } from '../../src/pipeline/poll-cycle.js';
import type { PaperRecord } from '../../src/records/record.js';
import type { PollResult, Source } from '../../src/sources/source.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { within } from '../support/deadline.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const config = configSchema.parse({ people: [{ id: 'favero', name: 'Alessandro Favero' }] });
const NOW = new Date('2026-06-01T12:00:00Z');

let workspace: Workspace;
let store: Store;

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

function paper(id: string): PaperRecord {
  return {
    kind: 'paper',
    id,
    title: `Paper ${id}`,
    abstract: '',
    authors: ['Alessandro Favero'],
    categories: [],
    url: 'https://lab.example/p',
    links: {},
    people: [],
    source: 'feed:x',
    published: NOW.toISOString(),
  };
}

function feedSource(id: string, poll: () => Promise<PollResult>, deadlineMs?: number): Source {
  return {
    id,
    kind: 'paper',
    label: `https://${id.slice(5)}.example/feed.xml`,
    schedule: 'feeds',
    personIds: [],
    announceAll: true,
    fingerprint: id,
    ...(deadlineMs ? { deadlineMs } : {}),
    poll,
  };
}

describe('the per-source deadline', () => {
  it('fails a poll that never answers, processes the others, ends the cycle, and runs the next', async () => {
    let answerLate: (result: PollResult) => void = () => undefined;
    const stuck = feedSource(
      'feed:stuck',
      () =>
        new Promise<PollResult>((resolve) => {
          answerLate = resolve;
        }),
      200,
    );
    const fine = feedSource('feed:fine', async () => ({ records: [paper('item:fine')], itemCount: 1 }));
    const cycle = new PollCycle({
      config,
      store,
      clock: () => NOW,
      logger: silentLogger,
      notifyAdmins: async () => undefined,
      buildSources: () => [stuck, fine],
    });

    const first = await within(cycle.run({ ignoreBackoff: true }), 10_000, 'the first cycle');
    expect(first.map((outcome) => [outcome.sourceId, outcome.ok])).toEqual([
      ['feed:stuck', false],
      ['feed:fine', true],
    ]);
    expect(first[0]!.error).toMatch(/feed:stuck .*no answer within 0\.2 s \(fetch and parse\)/);
    expect(await store.records.get('item:fine')).toBeDefined();
    expect((await store.sources.get('feed:stuck')).failures).toBe(1);

    // What the abandoned poll returns late changes nothing.
    answerLate({ records: [paper('item:late')], itemCount: 1 });
    const second = await within(cycle.run({ ignoreBackoff: true }), 10_000, 'the second cycle');
    expect(second.map((outcome) => [outcome.sourceId, outcome.ok])).toEqual([
      ['feed:stuck', false],
      ['feed:fine', true],
    ]);
    expect(await store.records.get('item:late')).toBeUndefined();
    expect((await store.sources.get('feed:stuck')).failures).toBe(2);
  });
});
