/**
 * Everything read from the environment, read once here. Secrets live only in this object and are
 * never logged (see log.ts for the redaction list).
 */

export interface HeraldEnv {
  configPath: string | undefined;
  dataDir: string;
  arxivApiUrl: string;
  /** Base of per-author feeds: `<base><id>.atom`. */
  arxivAuthorFeedUrl: string;
  discordToken: string | undefined;
  discordApiUrl: string | undefined;
  discordGuildId: string | undefined;
  discordShards: string | undefined;
  slackBotToken: string | undefined;
  slackAppToken: string | undefined;
  slackSigningSecret: string | undefined;
  slackApiUrl: string | undefined;
  slackPort: number;
  redisUrl: string | undefined;
  namespace: string;
  /** How long a leader's lease lasts without renewal (Redis); another instance takes over after it. */
  leaseTtlMs: number;
  logLevel: string;
  /** Chat connections (gateway, Socket Mode, HTTP receiver); unset: the defaults of kept-connection.ts. */
  chatConnection: {
    /** One attempt to connect, and a lost connection's own reconnection, may take this long. */
    connectTimeoutMs?: number;
    /** Backoff between attempts: from this, doubling... */
    retryBaseMs?: number;
    /** ...up to this. */
    retryMaxMs?: number;
  };
}

export const DEFAULT_ARXIV_API_URL = 'http://export.arxiv.org/api/query';
export const DEFAULT_ARXIV_AUTHOR_FEED_URL = 'https://arxiv.org/a/';

export function readEnv(env: NodeJS.ProcessEnv = process.env): HeraldEnv {
  return {
    configPath: nonEmpty(env.HERALD_CONFIG),
    dataDir: nonEmpty(env.DATA_DIR) ?? './data',
    arxivApiUrl: nonEmpty(env.ARXIV_API_URL) ?? DEFAULT_ARXIV_API_URL,
    arxivAuthorFeedUrl: nonEmpty(env.ARXIV_AUTHOR_FEED_URL) ?? DEFAULT_ARXIV_AUTHOR_FEED_URL,
    discordToken: nonEmpty(env.DISCORD_TOKEN),
    discordApiUrl: nonEmpty(env.DISCORD_API_URL),
    discordGuildId: nonEmpty(env.DISCORD_GUILD_ID),
    discordShards: nonEmpty(env.DISCORD_SHARDS),
    slackBotToken: nonEmpty(env.SLACK_BOT_TOKEN),
    slackAppToken: nonEmpty(env.SLACK_APP_TOKEN),
    slackSigningSecret: nonEmpty(env.SLACK_SIGNING_SECRET),
    slackApiUrl: nonEmpty(env.SLACK_API_URL),
    slackPort: Number.parseInt(env.SLACK_PORT ?? '', 10) || 3000,
    redisUrl: nonEmpty(env.REDIS_URL),
    namespace: nonEmpty(env.HERALD_NAMESPACE) ?? 'herald',
    leaseTtlMs: Number.parseInt(env.HERALD_LEASE_TTL_MS ?? '', 10) || 30_000,
    logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
    chatConnection: {
      connectTimeoutMs: positiveInteger(env.HERALD_CONNECT_TIMEOUT_MS),
      retryBaseMs: positiveInteger(env.HERALD_RECONNECT_BASE_MS),
      retryMaxMs: positiveInteger(env.HERALD_RECONNECT_MAX_MS),
    },
  };
}

/** True when arXiv requests go to arXiv itself, where its terms (3 s between calls) apply. */
export function talksToRealArxiv(env: HeraldEnv): boolean {
  return [env.arxivApiUrl, env.arxivAuthorFeedUrl].some((url) => /(^|\.)arxiv\.org$/i.test(hostOf(url)));
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function positiveInteger(value: string | undefined): number | undefined {
  const number = Number.parseInt(value ?? '', 10);
  return number > 0 ? number : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
