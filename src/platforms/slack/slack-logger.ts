/**
 * The project's pino logger behind the small Logger interface @slack/web-api, socket-mode and Bolt
 * accept, so their lines go to the same place, with the same secret masking.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../log.js';

const PINO_TO_SLACK: Readonly<Record<string, LogLevel>> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
};

export function toSlackLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'slack' });
  const line = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => child.debug(line(parts)),
    info: (...parts: unknown[]) => child.info(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    // Levels stay with the project's logger: the Slack libraries must not change them.
    setLevel: () => {},
    getLevel: () => PINO_TO_SLACK[child.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}
