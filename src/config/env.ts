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
  /** Endpoints of the scholarly sources (overridden in tests and for mirrors). */
  scholarly: ScholarlyEndpoints;
  /** OpenAlex requires a key (secret); without one the OpenAlex source is off. */
  openalexApiKey: string | undefined;
  /** NCBI API key (secret, optional): PubMed allows 10 requests/s instead of 3 with one. */
  pubmedApiKey: string | undefined;
}

export interface ScholarlyEndpoints {
  crossref: string;
  openalex: string;
  inspire: string;
  biorxiv: string;
  /** E-utilities base: `<base>esearch.fcgi`, `<base>efetch.fcgi`. */
  pubmed: string;
  dblp: string;
}

export const DEFAULT_SCHOLARLY_ENDPOINTS: ScholarlyEndpoints = {
  crossref: 'https://api.crossref.org',
  openalex: 'https://api.openalex.org',
  inspire: 'https://inspirehep.net/api',
  biorxiv: 'https://api.biorxiv.org',
  pubmed: 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/',
  dblp: 'https://dblp.org',
};

/** The variable that overrides each endpoint. */
export const SCHOLARLY_ENDPOINT_VARIABLES: Readonly<Record<keyof ScholarlyEndpoints, string>> = {
  crossref: 'CROSSREF_API_URL',
  openalex: 'OPENALEX_API_URL',
  inspire: 'INSPIRE_API_URL',
  biorxiv: 'BIORXIV_API_URL',
  pubmed: 'PUBMED_API_URL',
  dblp: 'DBLP_URL',
};

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
    scholarly: scholarlyEndpoints(env),
    openalexApiKey: nonEmpty(env.OPENALEX_API_KEY),
    pubmedApiKey: nonEmpty(env.PUBMED_API_KEY),
  };
}

function scholarlyEndpoints(env: NodeJS.ProcessEnv): ScholarlyEndpoints {
  const endpoints = { ...DEFAULT_SCHOLARLY_ENDPOINTS };
  for (const [source, variable] of Object.entries(SCHOLARLY_ENDPOINT_VARIABLES)) {
    const value = nonEmpty(env[variable]);
    if (!value) continue;
    // The E-utilities base ends in a slash (`<base>esearch.fcgi`); the others do not.
    const bare = value.replace(/\/+$/, '');
    endpoints[source as keyof ScholarlyEndpoints] = source === 'pubmed' ? `${bare}/` : bare;
  }
  return endpoints;
}

/** True when a scholarly source talks to its real service, where its published limit applies. */
export function talksToRealService(env: HeraldEnv, source: keyof ScholarlyEndpoints): boolean {
  return hostOf(env.scholarly[source]) === hostOf(DEFAULT_SCHOLARLY_ENDPOINTS[source]);
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
