/**
 * Resident memory of `herald run` at rest: a Discord and a Slack channel connected to the
 * loopback fakes (gateway, Socket Mode), one cycle done (the newest paper posted to both), read
 * 60 s after start. The compiled bot (bin/herald.js, as `npm start` runs it) beside the same bot
 * run from the sources through tsx (how `npm start` ran before), both in the same run.
 * Run alone: npx tsx bench/idle-rss-bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../bin/entry.js';
import { FakeDiscord } from '../tests/fakes/discord/fake-discord.js';
import { FakeSlack } from '../tests/fakes/slack/fake-slack.js';
import { type FixtureServer, startFixtureServer } from '../tests/support/fixture-server.js';
import { HeraldProcess } from '../tests/support/herald-process.js';
import { arxivAtom, seedPapers } from '../tests/support/seed-corpus.js';
import { createWorkspace } from '../tests/support/workspace.js';
import { ensureCompiled } from './cli-start-bench.js';
import type { Metric } from './metric.js';

const IDLE_AFTER_MS = 60_000;
/** Login, the first cycle and its deliveries take seconds; anything near a minute is a failure. */
const READY_WITHIN_MS = 50_000;

export async function benchIdleRss(): Promise<Record<string, Metric>> {
  ensureCompiled();
  const [compiled, sources] = await Promise.all([
    idleRssMb([join(PROJECT_ROOT, 'bin/herald.js')]),
    idleRssMb(undefined),
  ]);
  return { idleRssMb: { value: Math.round(compiled), unit: 'MB', baseline: Math.round(sources) } };
}

/** RSS in MB of one bot, 60 s after it started and after its first cycle was delivered. */
async function idleRssMb(entry: string[] | undefined): Promise<number> {
  const discord = await FakeDiscord.start();
  const slack = await FakeSlack.start();
  const arxiv: FixtureServer = await startFixtureServer();
  const workspace = await createWorkspace();
  let herald: HeraldProcess | undefined;
  try {
    arxiv.route('/api/query', { body: arxivAtom(seedPapers()) });
    await workspace.writeConfig(`
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 1
people: [{ id: favero, name: Alessandro Favero }]
channels:
  - { id: lab-discord, platform: discord, target: "${discord.textChannelId}", kinds: [paper] }
  - { id: lab-slack, platform: slack, target: C_LAB, kinds: [paper] }
`);
    const started = Date.now();
    herald = new HeraldProcess(
      ['run', '--config', workspace.configPath],
      {
        ARXIV_API_URL: arxiv.url('/api/query'),
        ARXIV_AUTHOR_FEED_URL: arxiv.url('/a/'),
        DATA_DIR: workspace.dataDir,
        DISCORD_TOKEN: 'bench-token',
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_GUILD_ID: discord.state.guildId,
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_APP_TOKEN: 'xapp-bench',
        SLACK_API_URL: slack.apiUrl,
      },
      { entry },
    );
    const running = herald;
    await within(READY_WITHIN_MS, 'the gateway, Socket Mode and one cycle posted to both channels', () =>
      Promise.all([
        discord.gatewayReady,
        running.waitFor(/"mode":"socket"/),
        running.waitFor(/"msg":"source polled"/),
        discord.waitForRequest(
          (r) => r.method === 'POST' && r.path === `/channels/${discord.textChannelId}/messages`,
        ),
        slack.waitForMessages('C_LAB', 1),
      ]),
    );
    // The measure is defined at a minute after start: waiting for it is the point, not a sync.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + IDLE_AFTER_MS - Date.now())));
    return residentMb(running.pid);
  } finally {
    herald?.signal('SIGTERM');
    await herald?.exited;
    await Promise.all([discord.close(), slack.close(), arxiv.close()]);
    await workspace.remove();
  }
}

/** VmRSS from /proc (Linux): what the process holds in RAM now. */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb / 1024;
}

async function within<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`idle RSS: no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchIdleRss(), null, 2)}\n`);
}
