/**
 * One place for how this project configures @slack/web-api. Calls that are safe to repeat (reads,
 * edits, Bolt's) get the library's retry policy instead of its 30-minute default, with 429
 * Retry-After honoured by the library. Posts get no retries at all: the library would repeat a
 * chat.postMessage after a 5xx or a timeout although Slack may have stored it (web-poster.ts).
 */
import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../log.js';
import { toSlackLogger } from './slack-logger.js';

/** Five retries over about two minutes, backing off to at most a minute, with jitter. */
export const PRODUCTION_RETRY: RetryOptions = {
  retries: 5,
  factor: 2,
  minTimeout: 2_000,
  maxTimeout: 60_000,
  randomize: true,
};

/** A single request that hangs is abandoned (and retried) after this long. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface SlackClientSettings {
  /** Base URL of the Web API, ending in `/api/`; default Slack's own. Tests point it at a fake. */
  apiUrl?: string;
  retryConfig?: RetryOptions;
  logger: Logger;
}

export function slackClientOptions(settings: SlackClientSettings): WebClientOptions {
  const options: WebClientOptions = {
    retryConfig: settings.retryConfig ?? PRODUCTION_RETRY,
    rejectRateLimitedCalls: false,
    timeout: REQUEST_TIMEOUT_MS,
    logger: toSlackLogger(settings.logger),
  };
  if (settings.apiUrl) options.slackApiUrl = withTrailingSlash(settings.apiUrl);
  return options;
}

/** For chat.postMessage: no retries, and a 429 surfaced (with its Retry-After) to the poster. */
export function postingClientOptions(settings: SlackClientSettings): WebClientOptions {
  return { ...slackClientOptions(settings), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
