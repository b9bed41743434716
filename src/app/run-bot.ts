/**
 * `herald run`: one cycle and exit (`--once`), or the long-running bot with its scheduler and
 * chat platforms, stopped cleanly by SIGTERM or SIGINT.
 */
import type { SourceOutcome } from '../pipeline/poll-cycle.js';
import { type Scheduler, startScheduler } from '../scheduler/scheduler.js';
import { connectPosters } from './chat-platforms.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export interface RunOptions extends RuntimeOptions {
  once?: boolean;
}

/** How long shutdown waits for in-flight work before closing anyway. */
const SHUTDOWN_GRACE_MS = 8_000;

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
    const outcomes = await runtime.cycle.run({ ignoreBackoff: true });
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
  const track = (options: Parameters<Runtime['cycle']['run']>[0]) => () => {
    const run = cycleThenDeliver(runtime, options).finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  };
  const work = {
    papers: track({ schedule: 'papers' }),
    feeds: track({ schedule: 'feeds' }),
    minutely: track({ retriesOnly: true }),
  };
  track({ ignoreBackoff: true })().catch((error) =>
    runtime.logger.error({ err: error }, 'first cycle failed'),
  );
  const scheduler = startScheduler(runtime.config, work, runtime.logger);
  const signal = await waitForSignal();
  runtime.logger.info({ signal }, 'stopping');
  await shutdown(runtime, scheduler, inFlight);
  return 0;
}

async function cycleThenDeliver(
  runtime: Runtime,
  options: Parameters<Runtime['cycle']['run']>[0],
): Promise<void> {
  const outcomes = await runtime.cycle.run(options);
  if (outcomes.length > 0) logCycle(runtime, outcomes);
  await runtime.worker.run();
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

/** Stop scheduling, let in-flight work finish (bounded), close platforms and the store. */
async function shutdown(
  runtime: Runtime,
  scheduler: Scheduler,
  inFlight: ReadonlySet<Promise<void>>,
): Promise<void> {
  await scheduler.stop();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
  });
  await Promise.race([Promise.allSettled([...inFlight]), grace]);
  clearTimeout(timer);
  await runtime.close();
}
