/**
 * Next runs worked out from the config's cron expressions, for fronts that run no scheduler
 * (`herald status` on the command line): what the scheduler of `herald run` would do next.
 */
import cron from 'node-cron';
import type { HeraldConfig } from '../config/schema.js';
import type { StatusProvider } from './ports.js';

export function cronStatusProvider(config: HeraldConfig): StatusProvider {
  return {
    nextRuns: () => ({
      papers: nextRun(config.schedule.papers, config.schedule.papersTimezone),
      feeds: nextRun(config.schedule.feeds, config.timezone),
      scholarly: nextRun(config.schedule.scholarly, config.timezone),
    }),
  };
}

function nextRun(expression: string, timezone: string): Date | null {
  // An unstarted task computes matches without ever firing; destroy() takes it off node-cron's list.
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return task.getNextRuns(1)[0] ?? null;
  } catch {
    return null;
  } finally {
    void task.destroy();
  }
}
