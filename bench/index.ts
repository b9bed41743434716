/**
 * `npm run bench [-- --json]`: every benchmark, each measured beside its naive baseline in the
 * same run. Human-readable by default; `--json` prints one JSON object, one key per metric.
 */
import { benchArxivCalls } from './arxiv-calls-bench.js';
import { benchCliStart } from './cli-start-bench.js';
import { benchDiff } from './diff-bench.js';
import { benchDigest } from './digest-bench.js';
import { benchFailover } from './failover-bench.js';
import { benchFeedParse } from './feed-parse-bench.js';
import { benchIdleRss } from './idle-rss-bench.js';
import type { Metric } from './metric.js';
import { benchMiniSearch } from './minisearch-bench.js';
import { benchRedisDiff } from './redis-bench.js';
import { benchScholarlyCalls, benchScholarlyJoin } from './scholarly-bench.js';
import { benchSearch } from './search-bench.js';

const json = process.argv.includes('--json');
const log = (text: string) => process.stderr.write(`${text}\n`);

const steps: [string, () => Promise<Record<string, Metric>>][] = [
  ['arXiv calls per cycle (100 people)', benchArxivCalls],
  ['normalise + diff (50,000 items, SQLite)', benchDiff],
  ['search (50,000 papers)', () => benchSearch({ json })],
  ['feed parse (the real feeds of tests/fixtures)', benchFeedParse],
  ['search with MiniSearch, default options (the same 50,000 papers)', () => benchMiniSearch()],
  ['normalise + diff (50,000 items, Redis)', benchRedisDiff],
  ['failover between two instances over Redis', benchFailover],
  [
    'scholarly sources: calls per cycle (100 people), joining 10,000 records to 100,000',
    async () => ({ ...(await benchScholarlyCalls()), ...(await benchScholarlyJoin()) }),
  ],
  ['herald --version and herald papers (1,000 papers)', benchCliStart],
  ['a weekly digest of 500 papers, beside 500 single announcements', benchDigest],
  ['herald run at rest, Discord and Slack connected (60 s)', benchIdleRss],
];

const results: Record<string, Metric> = {};
for (const [name, run] of steps) {
  log(`running: ${name}`);
  Object.assign(results, await run());
}

if (json) {
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else {
  for (const [key, metric] of Object.entries(results)) {
    const baseline = metric.baseline === undefined ? '' : `   (naive: ${metric.baseline} ${metric.unit})`;
    process.stdout.write(
      `${key.padEnd(26)} ${String(metric.value).padStart(10)} ${metric.unit}${baseline}\n`,
    );
  }
}
