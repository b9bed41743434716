/**
 * Reloading the config in a running `herald run` (SIGHUP). The file is read and validated as at
 * start; an invalid file is refused with every problem logged, and the running config is kept.
 * A valid one replaces the running config in place: the config is one object shared by reference
 * by every part of the bot, so each sees the new channels, people, feeds, filters and settings at
 * its next read. What was derived from it at start is made again here: the cron tasks (schedules,
 * zones), the scholarly sources' clients, what /status says of sources switched off. The swap
 * waits for the poll cycle in progress, so no poll sees half of each. The few settings held by
 * clients made once (`arxiv.requestIntervalMs`, `fetch`, `slack.postIntervalMs`) are named in
 * the log as taking effect at the next restart.
 *
 * The file is not watched: editors write a file in several steps (truncate then write, or a
 * temporary file renamed over it), and a half-written file that is still valid YAML (a list cut
 * short) would silently drop people or channels until the next write. A signal is sent once the
 * edit is done (`kill -HUP`, `systemctl reload`, `docker kill -s HUP`).
 */
import { ConfigError, configNotices, formatProblem, loadConfig } from '../config/load.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Runtime } from './runtime.js';

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'refused';

/** Settings read once by clients made at start. */
const RESTART_ONLY = ['arxiv.requestIntervalMs', 'fetch', 'slack.postIntervalMs'];
/** Settings the cron tasks are made from. */
const SCHEDULING = ['schedule', 'timezone'];

export interface ReloadHooks {
  /** The schedules or zones changed: make the cron tasks again. */
  reschedule(): Promise<void>;
}

export async function reloadConfig(
  runtime: Runtime,
  hooks: ReloadHooks,
  trigger: string,
): Promise<ReloadOutcome> {
  const { configFile, env, logger } = runtime;
  let next: HeraldConfig;
  try {
    next = (await loadConfig(configFile, env)).config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error(
      { trigger, problems: error.problems.map(formatProblem) },
      `config reload refused: ${configFile} is invalid; the running config is kept`,
    );
    return 'refused';
  }
  const changed = changedPaths(runtime.config, next);
  if (changed.length === 0) {
    logger.info({ trigger, config: configFile }, 'config reload: nothing changed');
    return 'unchanged';
  }
  await runtime.cycle.whileIdle(() => {
    replaceInPlace(runtime.config, next);
    runtime.configReloaded();
  });
  if (changed.some((path) => SCHEDULING.some((key) => within(path, key)))) await hooks.reschedule();
  logger.info({ trigger, config: configFile, changed }, 'config reloaded');
  const later = changed.filter((path) => RESTART_ONLY.some((key) => within(path, key)));
  if (later.length > 0) logger.warn({ settings: later }, 'these settings take effect at the next restart');
  for (const notice of configNotices(runtime.config, configFile, env)) logger.warn(notice);
  return 'reloaded';
}

function within(path: string, key: string): boolean {
  return path === key || path.startsWith(`${key}.`) || key.startsWith(`${path}.`);
}

/** Dotted paths, two levels deep at most (`people`, `arxiv.requestIntervalMs`), whose values differ. */
export function changedPaths(before: object, after: object, prefix = '', depth = 0): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: string[] = [];
  for (const key of keys) {
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const path = `${prefix}${key}`;
    if (depth === 0 && isPlainObject(a) && isPlainObject(b))
      changed.push(...changedPaths(a, b, `${path}.`, 1));
    else changed.push(path);
  }
  return changed;
}

/**
 * Makes `target` equal to `source` without replacing `target`, nor the objects and arrays inside
 * it: a part of the bot holding `config.slack.admins` sees the new list too.
 */
export function replaceInPlace(target: object, source: object): void {
  const to = target as Record<string, unknown>;
  const from = source as Record<string, unknown>;
  for (const key of Object.keys(to)) if (!(key in from)) delete to[key];
  for (const [key, value] of Object.entries(from)) {
    const current = to[key];
    if (isPlainObject(current) && isPlainObject(value)) replaceInPlace(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) current.splice(0, current.length, ...value);
    else to[key] = value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
