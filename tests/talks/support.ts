/**
 * What the talk end-to-end tests share: `herald run --once` at a fixed `--now` against a loopback
 * fixture server, the talk fixtures, and the delivery receipts read back from the SQLite store
 * the runs wrote (follow-ups leave no JSON line, but every delivery leaves a receipt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryReceipt } from '../../src/store/outbox-repository.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import type { FixtureServer } from '../support/fixture-server.js';
import { type CliResult, jsonLines, runCli } from '../support/run-cli.js';
import type { Workspace } from '../support/workspace.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** arXiv answers "nothing" to the search the watched people cause. */
export function serveEmptyArxiv(server: FixtureServer): void {
  server.route('/api/query', { body: fixtureText('arxiv_api/2026_empty_result_totalResults_0.xml') });
}

export function serveCalendar(server: FixtureServer, path: string, text: string, etag?: string): void {
  server.route(path, { body: text, contentType: 'text/calendar; charset=utf-8', ...(etag ? { etag } : {}) });
}

export function runHerald(
  server: FixtureServer,
  workspace: Workspace,
  now: string,
  output: 'jsonl' | 'console' = 'jsonl',
): Promise<CliResult> {
  return runCli(['run', '--once', '--output', output, '--config', workspace.configPath, '--now', now], {
    ARXIV_API_URL: server.url('/api/query'),
    ARXIV_AUTHOR_FEED_URL: server.url('/a/'),
    DATA_DIR: workspace.dataDir,
    LOG_LEVEL: 'info',
  });
}

/**
 * The talk announcements printed by a run, as [channel, title] pairs sorted: channels are
 * delivered in parallel, so their lines interleave in any order.
 */
export function announced(result: CliResult): [string, string][] {
  return talkLines(result)
    .map((line): [string, string] => [String(line.channel), String(line.title)])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

/** JSON lines announcing talks as new (follow-ups carry an `event`). */
export function talkLines(result: CliResult): Record<string, unknown>[] {
  return jsonLines(result.stdout).filter((line) => line.type === 'talk' && line.event === undefined);
}

/** JSON lines of follow-ups: [event, channel, title]. */
export function followUpLines(result: CliResult): [unknown, unknown, unknown][] {
  return jsonLines(result.stdout)
    .filter((line) => line.type === 'talk' && line.event !== undefined)
    .map((line) => [line.event, line.channel, line.title]);
}

/** Every delivery receipt in the store, oldest first. */
export async function receipts(workspace: Workspace): Promise<DeliveryReceipt[]> {
  const backend = await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite'));
  try {
    const found: DeliveryReceipt[] = [];
    for await (const [, receipt] of backend.collection<DeliveryReceipt>('delivered').entries()) {
      found.push(receipt);
    }
    return found.sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt) || a.key.localeCompare(b.key));
  } finally {
    await backend.close();
  }
}

/** Receipts of follow-ups (changed, cancelled, reminder) as `<channel> <event> <key suffix>`. */
export async function followUps(workspace: Workspace): Promise<string[]> {
  return (await receipts(workspace))
    .filter((receipt) => receipt.event !== 'new')
    .map((receipt) => `${receipt.channelId} ${receipt.event} ${receipt.key.split('#')[1] ?? ''}`);
}

/** A run that went well: exit 0 and no failing source. */
export function expectSucceeded(result: CliResult): void {
  if (result.code !== 0) throw new Error(`herald exited ${result.code}:\n${result.stderr}`);
}
