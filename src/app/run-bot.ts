/**
 * `herald run`: one cycle and exit (`--once`), or the long-running bot with its scheduler and
 * chat platforms; either is stopped cleanly by SIGTERM or SIGINT. Over Redis only the leader
 * polls and delivers; every instance answers slash commands.
 */
import type { DeliveryReport } from '../announce/delivery-worker.js';
import { isConsoleMode, missingTokenWarnings } from '../config/chat-tokens.js';
import type { CycleOptions, SourceOutcome } from '../pipeline/poll-cycle.js';
import type { KeptConnection } from '../platforms/kept-connection.js';
import { type Scheduler, startScheduler } from '../scheduler/scheduler.js';
import { claimsFor } from '../store/claims.js';
import { connectPosters, startChatConnections } from './chat-platforms.js';
import { reloadConfig } from './config-reload.js';
import { ConnectionReporter } from './connection-reporter.js';
import { listenForReload, type ReloadRequests } from './reload-signal.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { exitAfter, interruptedExitCode, listenForStop, type StopRequest } from './stop-signal.js';

export interface RunOptions extends RuntimeOptions {
  once?: boolean;
}

/** A stop never takes longer than this from the signal (the README promises 10 s). */
const STOP_DEADLINE_MS = 9_000;
/** How long shutdown waits for in-flight work (a delivery) before closing anyway. */
const SHUTDOWN_GRACE_MS = 6_000;
/** How long the chat connections get to close, in parallel with that wait. */
const CONNECTIONS_CLOSE_MS = 5_000;

export async function runBot(options: RunOptions): Promise<number> {
  // Listening from the start, `--once` too: a signal while the store opens, a platform logs in or
  // a cycle runs stops the run cleanly, not kill it; a SIGHUP reloads the config of a bot that stays.
  const stop = listenForStop();
  const reloads = options.once ? undefined : listenForReload();
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ ...options, signal: stop.signal });
  } catch (error) {
    reloads?.stop();
    // Stopped while the store was opening (Redis not answering): nothing else was started.
    if (stop.signal.aborted) return stoppedExitCode(options, await stop.received);
    throw error;
  }
  announceMode(runtime, options);
  if (!reloads) return runOnce(runtime, stop, options);
  return runForever(runtime, stop, reloads, options);
}

/** The long-running bot was asked to stop: that is its normal end. A `--once` run was cut short. */
function stoppedExitCode(options: RunOptions, signal: NodeJS.Signals): number {
  return options.once ? interruptedExitCode(signal) : 0;
}

function announceMode(runtime: Runtime, options: RunOptions): void {
  const { env, logger, store } = runtime;
  if (options.dryRun) {
    logger.info(
      'Dry run: nothing is stored and nothing is posted; every announcement is printed to the console.',
    );
  } else if (isConsoleMode(env)) {
    logger.info(
      'No DISCORD_TOKEN or SLACK_BOT_TOKEN set: announcements are printed to the console (and stay queued for their Discord and Slack channels).',
    );
  }
  for (const warning of missingTokenWarnings(runtime.config, env)) logger.warn(warning);
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

/**
 * One cycle, then exit. A SIGTERM or SIGINT during it stops it as it stops the long-running bot
 * (shutdown below), within 10 s, and exits 128 + the signal's number: what was posted is recorded,
 * the rest stays queued for the next run.
 */
async function runOnce(runtime: Runtime, stop: StopRequest, options: RunOptions): Promise<number> {
  const cycle = onceCycle(runtime, stop.signal, options);
  const ended = await Promise.race([
    cycle.then(
      (code) => ({ code }),
      (error: unknown) => ({ error }),
    ),
    stop.received.then((signal) => ({ signal })),
  ]);
  if ('signal' in ended) {
    const code = interruptedExitCode(ended.signal);
    runtime.logger.warn(
      { signal: ended.signal, exitCode: code },
      'interrupted: the cycle is stopped; what it did not post stays queued for the next run',
    );
    exitAfter(STOP_DEADLINE_MS, runtime.logger, code);
    // Cut short under it, the cycle's own end (a closed client, a closed store) is no news.
    const abandoned = cycle.catch((error: unknown) =>
      runtime.logger.debug({ err: error }, 'interrupted cycle ended with an error'),
    );
    await shutdown(runtime, { inFlight: [abandoned] });
    return code;
  }
  await runtime.close();
  if ('error' in ended) throw ended.error;
  return ended.code;
}

/** The steps of `--once`; none starts once a stop was asked for. */
async function onceCycle(runtime: Runtime, stopped: AbortSignal, options: RunOptions): Promise<number> {
  await postersUnlessDryRun(runtime, options);
  if (stopped.aborted) return 0;
  if (!(await runtime.leadership.campaignNow())) {
    runtime.logger.info('another instance leads: nothing to poll or deliver here');
    return 0;
  }
  const outcomes = await runtime.cycle.run({ ignoreBackoff: true });
  // Stopping: a poll cut short is no news; start nothing new after it.
  if (stopped.aborted) return 0;
  logCycle(runtime, outcomes);
  await tickTalks(runtime);
  await tickDigests(runtime);
  if (stopped.aborted) return 0;
  const deliveries = await runtime.worker.run();
  // A dry run prints what Discord and Slack would get; those deliveries "wait" by design.
  const deliveryTrouble = reportDeliveries(
    runtime,
    options.dryRun ? { ...deliveries, waiting: 0 } : deliveries,
  );
  return outcomes.every((outcome) => outcome.ok) && !deliveryTrouble ? 0 : 1;
}

/** A dry run posts nowhere: Discord's and Slack's deliveries are printed instead (runtime.ts). */
async function postersUnlessDryRun(runtime: Runtime, options: RunOptions): Promise<void> {
  if (!options.dryRun) await connectPosters(runtime);
}

/** Logs what did not go out; true when a delivery failed, was held or waits for a token. */
function reportDeliveries(runtime: Runtime, report: DeliveryReport): boolean {
  const { logger } = runtime;
  if (report.failed > 0)
    logger.warn({ ...report }, 'some deliveries failed; they are retried at the next run');
  if (report.held > 0)
    logger.error({ ...report }, 'some deliveries are held; `herald redeliver` queues them again');
  if (report.waiting > 0) logger.warn({ ...report }, 'some deliveries wait for a chat token that is not set');
  return report.failed + report.held + report.waiting > 0;
}

/**
 * Polling and delivery start at once (announcements go through the REST/Web APIs); the chat
 * connections for slash commands come up in the background, whenever they can.
 */
async function runForever(
  runtime: Runtime,
  stop: StopRequest,
  reloads: ReloadRequests,
  options: RunOptions,
): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const leaderWork = (options: CycleOptions) => () => {
    if (!runtime.leadership.isLeader()) return Promise.resolve();
    const run = cycleThenDeliver(runtime, options).finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  };
  const reporter = new ConnectionReporter(runtime.store.connections, runtime.logger);
  let connections: KeptConnection[] = [];
  let scheduler: Scheduler | undefined;
  try {
    await postersUnlessDryRun(runtime, options);
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
    const work = {
      papers: leaderWork({ schedule: 'papers' }),
      feeds: leaderWork({ schedule: 'feeds' }),
      scholarly: leaderWork({ schedule: 'scholarly' }),
      minutely: leaderWork({ retriesOnly: true }),
    };
    const schedule = () => {
      const started = startScheduler(runtime.config, work, runtime.logger);
      runtime.setStatusProvider(started);
      return started;
    };
    scheduler = schedule();
    const reschedule = async () => {
      await scheduler?.stop();
      scheduler = schedule();
    };
    reloads.handle(() => reloadOnSignal(runtime, stop, reschedule));
    void syncSearch(runtime);
    if (!stop.signal.aborted) {
      connections = await startChatConnections(
        runtime,
        runtime.commands,
        claimsFor(runtime.store.backend),
        reporter.changed,
      );
      if (connections.length > 0) reporter.track(() => connections.map((connection) => connection.state));
    }
    const signal = await stop.received;
    runtime.logger.info({ signal }, 'stopping');
    exitAfter(STOP_DEADLINE_MS, runtime.logger);
  } finally {
    reloads.stop();
    await shutdown(runtime, { scheduler, inFlight: [...inFlight], connections, reporter });
  }
  return 0;
}

/** A SIGHUP: the config file read and checked again (config-reload.ts); never fatal. */
async function reloadOnSignal(runtime: Runtime, stop: StopRequest, reschedule: () => Promise<void>) {
  if (stop.signal.aborted) return;
  try {
    await reloadConfig(runtime, { reschedule }, 'SIGHUP');
  } catch (error) {
    runtime.logger.error({ err: error }, 'config reload failed; the running config is kept');
  }
}

async function cycleThenDeliver(runtime: Runtime, options: CycleOptions): Promise<void> {
  const outcomes = await runtime.cycle.run(options);
  // Stopping: a poll cut short is no news; start nothing new after it.
  if (runtime.cycle.stopping) return;
  if (outcomes.length > 0) logCycle(runtime, outcomes);
  await tickTalks(runtime);
  await tickDigests(runtime);
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

/** Digests that came due, members' requests to the admins; a failure here holds up no delivery. */
async function tickDigests(runtime: Runtime): Promise<void> {
  try {
    await runtime.digests.tick();
  } catch (error) {
    runtime.logger.error({ err: error }, 'digest tick failed');
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

/** What a stop has to end: the long-running bot has all of it, `--once` its cycle alone. */
interface Running {
  scheduler?: Scheduler;
  inFlight: readonly Promise<unknown>[];
  connections?: readonly KeptConnection[];
  reporter?: ConnectionReporter;
}

/**
 * Stop scheduling; let in-flight work finish while the chat connections close (both bounded);
 * close the store and every client.
 */
async function shutdown(runtime: Runtime, running: Running): Promise<void> {
  await running.scheduler?.stop();
  // Polls are abandoned (nothing of theirs is stored yet): their fetches end now; a delivery in
  // flight may finish, no other starts.
  runtime.cycle.stop();
  runtime.worker.stop();
  await runtime.arxiv.stop();
  await runtime.scholarly.stop();
  await runtime.http.close();
  await Promise.all([
    settledWithin(running.inFlight, SHUTDOWN_GRACE_MS),
    settledWithin(
      (running.connections ?? []).map((connection) => connection.stop()),
      CONNECTIONS_CLOSE_MS,
    ),
  ]);
  await running.reporter?.stop();
  await runtime.close();
}

/** Resolves when every promise has settled, or after `ms`, whichever comes first. */
async function settledWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(promises), timeout]);
  clearTimeout(timer);
}
