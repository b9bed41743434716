/**
 * `herald run`: one cycle and exit (`--once`), or the long-running bot with its scheduler and
 * chat platforms, stopped cleanly by SIGTERM or SIGINT. Over Redis only the leader polls and
 * delivers; every instance answers slash commands.
 */
import type { CycleOptions, SourceOutcome } from '../pipeline/poll-cycle.js';
import { type Scheduler, startScheduler } from '../scheduler/scheduler.js';
import { claimsFor } from '../store/claims.js';
import { type ChatConnection, connectBots, connectPosters } from './chat-platforms.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface RunOptions extends RuntimeOptions {
  once?: boolean;
}

/** How long shutdown waits for in-flight work before closing anyway (the whole stop stays under 10 s). */
const SHUTDOWN_GRACE_MS = 7_000;

export async function runBot(options: RunOptions): Promise<number> {
  const runtime = await createRuntime(options);
  announceMode(runtime, options);
  if (options.once) return runOnce(runtime);
  return runForever(runtime);
}

function announceMode(runtime: Runtime, options: RunOptions): void {
  const { env, logger, store } = runtime;
  if (!env.discordToken && !env.slackBotToken) {
    logger.info('No DISCORD_TOKEN or SLACK_BOT_TOKEN set: announcements are printed to the console.');
  }
  logger.info(
    {
      config: runtime.configFile,
      store: store.backend.location,
      once: !!options.once,
      dryRun: !!options.dryRun,
    },
    'paper-herald starting',
  );
}

async function runOnce(runtime: Runtime): Promise<number> {
  try {
    connectPosters(runtime);
    if (!(await runtime.leadership.campaignNow())) {
      runtime.logger.info('another instance leads: nothing to poll or deliver here');
      return 0;
    }
    const outcomes = await runtime.cycle.run({ ignoreBackoff: true });
    await tickTalks(runtime);
    const deliveries = await runtime.worker.run();
    logCycle(runtime, outcomes);
    if (deliveries.deferred > 0)
      runtime.logger.warn({ ...deliveries }, 'some deliveries will be retried at the next run');
    return outcomes.every((outcome) => outcome.ok) ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

async function runForever(runtime: Runtime): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const leaderWork = (options: CycleOptions) => () => {
    if (!runtime.leadership.isLeader()) return Promise.resolve();
    const run = cycleThenDeliver(runtime, options).finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  };
  let connections: ChatConnection[] = [];
  let scheduler: Scheduler | undefined;
  // Listening from the start: a signal during login must stop the bot cleanly, not kill it.
  const signalled = waitForSignal();
  try {
    connections = await connectBots(runtime, runtime.commands, claimsFor(runtime.store.backend));
    // Newly elected (at start, or taking over from a leader that died): catch up at once.
    runtime.leadership.on('elected', () => {
      leaderWork({ ignoreBackoff: true })().catch((error) =>
        runtime.logger.error({ err: error }, 'catch-up cycle failed'),
      );
    });
    runtime.leadership.on('deposed', (reason) => {
      if (!runtime.cycle.stopping) runtime.logger.warn({ reason }, 'no longer polling or delivering');
    });
    runtime.leadership.start();
    scheduler = startScheduler(
      runtime.config,
      {
        papers: leaderWork({ schedule: 'papers' }),
        feeds: leaderWork({ schedule: 'feeds' }),
        scholarly: leaderWork({ schedule: 'scholarly' }),
        minutely: leaderWork({ retriesOnly: true }),
      },
      runtime.logger,
    );
    runtime.setStatusProvider(scheduler);
    void syncSearch(runtime);
    const signal = await signalled;
    runtime.logger.info({ signal }, 'stopping');
  } finally {
    await shutdown(runtime, scheduler, inFlight, connections);
  }
  return 0;
}

async function cycleThenDeliver(runtime: Runtime, options: CycleOptions): Promise<void> {
  const outcomes = await runtime.cycle.run(options);
  // Stopping: a poll cut short is no news; start nothing new after it.
  if (runtime.cycle.stopping) return;
  if (outcomes.length > 0) logCycle(runtime, outcomes);
  await tickTalks(runtime);
  await runtime.worker.run();
  if (outcomes.length > 0) await syncSearch(runtime);
}

/** Talks that came due and reminders; a failure here holds up no delivery. */
async function tickTalks(runtime: Runtime): Promise<void> {
  try {
    await runtime.talks.tick();
  } catch (error) {
    runtime.logger.error({ err: error }, 'talk tick failed');
  }
}

/** Keeps the search index current, so a `/papers` never waits for a catch-up. */
async function syncSearch(runtime: Runtime): Promise<void> {
  try {
    await runtime.search.sync();
  } catch (error) {
    runtime.logger.warn({ err: error }, 'search index sync failed; it is retried at the next query');
  }
}

function logCycle(runtime: Runtime, outcomes: SourceOutcome[]): void {
  for (const outcome of outcomes) {
    const { sourceId, ok, items, news, silent, notModified } = outcome;
    if (ok) runtime.logger.info({ source: sourceId, items, news, silent, notModified }, 'source polled');
  }
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

/** Stop scheduling, let in-flight work finish (bounded), disconnect, close the store. */
async function shutdown(
  runtime: Runtime,
  scheduler: Scheduler | undefined,
  inFlight: ReadonlySet<Promise<void>>,
  connections: ChatConnection[],
): Promise<void> {
  await scheduler?.stop();
  // Polls are abandoned (nothing of theirs is stored yet); deliveries in flight may finish.
  runtime.cycle.stop();
  await runtime.arxiv.stop();
  await runtime.scholarly.stop();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
  });
  await Promise.race([Promise.allSettled([...inFlight]), grace]);
  clearTimeout(timer);
  await Promise.allSettled(connections.map((connection) => connection.stop()));
  await runtime.close();
}
