/**
 * When things happen while `herald run` runs: node-cron tasks for papers (just after arXiv's
 * daily release, in US Eastern time), feeds, the scholarly sources (Crossref, OpenAlex, ...; daily
 * by default), and a one-minute tick that retries failed sources
 * and deliveries. node-cron never runs a missed tick later, so every source is also polled once
 * at start. `noOverlap` skips a tick while the previous run of that task still goes on.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';

export interface ScheduledWork {
  papers(): Promise<unknown>;
  feeds(): Promise<unknown>;
  /** Crossref, OpenAlex, INSPIRE, bioRxiv, PubMed, DBLP. */
  scholarly(): Promise<unknown>;
  /** Failed sources whose backoff passed, deliveries waiting for a retry, talk reminders. */
  minutely(): Promise<unknown>;
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Next run of each task, for `/status`. */
  nextRuns(): Record<string, Date | null>;
}

export function startScheduler(config: HeraldConfig, work: ScheduledWork, logger: Logger): Scheduler {
  const tasks: ScheduledTask[] = [
    task('papers', config.schedule.papers, config.schedule.papersTimezone, work.papers, logger),
    task('feeds', config.schedule.feeds, config.timezone, work.feeds, logger),
    task('scholarly', config.schedule.scholarly, config.timezone, work.scholarly, logger),
    task('minutely', '* * * * *', config.timezone, work.minutely, logger),
  ];
  return {
    stop: async () => {
      await Promise.all(tasks.map((t) => t.destroy()));
    },
    nextRuns: () => Object.fromEntries(tasks.map((t) => [t.name ?? t.id, t.getNextRun()])),
  };
}

function task(
  name: string,
  expression: string,
  timezone: string,
  run: () => Promise<unknown>,
  logger: Logger,
): ScheduledTask {
  const scheduled = cron.schedule(
    expression,
    async () => {
      try {
        await run();
      } catch (error) {
        logger.error({ task: name, err: error }, 'scheduled run failed');
      }
    },
    { name, timezone, noOverlap: true },
  );
  scheduled.on('execution:overlap', () =>
    logger.warn({ task: name }, 'previous run still going; tick skipped'),
  );
  return scheduled;
}
