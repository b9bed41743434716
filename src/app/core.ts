/**
 * What every `herald` command works with: environment, config, logger, clock, store, the HTTP
 * and arXiv clients, the search index and the command service. `herald run` adds the poll cycle,
 * delivery and the chat platforms on top (runtime.ts); the chat commands on the command line use
 * this alone (command-runtime.ts).
 */

import type { CommandService } from '../commands/command.js';
import { createCommandService } from '../commands/command-service.js';
import { cronStatusProvider } from '../commands/cron-next-runs.js';
import type { StatusProvider } from '../commands/ports.js';
import { type HeraldEnv, readEnv } from '../config/env.js';
import { loadConfig, resolveConfigPath } from '../config/load.js';
import type { HeraldConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../log.js';
import { HttpClient } from '../net/http-client.js';
import { userAgent } from '../net/user-agent.js';
import { SearchIndex, searchIndexFile } from '../search/search-index.js';
import { ArxivClient } from '../sources/arxiv/arxiv-client.js';
import { scholarlySourcesOff } from '../sources/scholarly/scholarly-sources.js';
import { openStore, type Store } from '../store/store.js';
import { VERSION } from '../version.js';
import { arxivPreview } from './arxiv-preview.js';

export interface CoreOptions {
  configPath?: string;
  /** Read the store, write nothing to it (`--dry-run`). */
  dryRun?: boolean;
  /** Fixes the clock (`--now`). */
  now?: Date;
  env?: HeraldEnv;
  logger?: Logger;
}

export interface Core {
  env: HeraldEnv;
  config: HeraldConfig;
  configFile: string;
  logger: Logger;
  clock: () => Date;
  store: Store;
  http: HttpClient;
  arxiv: ArxivClient;
  search: SearchIndex;
  commands: CommandService;
  /** Lets `/status` show the scheduler's next runs once `herald run` has one. */
  setStatusProvider(provider: StatusProvider): void;
  close(): Promise<void>;
}

export function secretsOf(env: HeraldEnv): string[] {
  return [
    env.discordToken,
    env.slackBotToken,
    env.slackAppToken,
    env.slackSigningSecret,
    env.openalexApiKey,
    env.pubmedApiKey,
  ].filter((s): s is string => !!s);
}

export async function openCore(options: CoreOptions = {}): Promise<Core> {
  const env = options.env ?? readEnv();
  const logger = options.logger ?? createLogger({ level: env.logLevel, secrets: secretsOf(env) });
  const { file: configFile, config } = await loadConfig(resolveConfigPath(options.configPath, env), env);
  const fixedNow = options.now;
  const clock = fixedNow ? () => new Date(fixedNow) : () => new Date();
  const store = await openStore(env, { dryRun: options.dryRun, logger });
  const search = await SearchIndex.open({ file: searchIndexFile(env.dataDir), records: store.records }).catch(
    async (error) => {
      await store.close();
      throw error;
    },
  );
  const http = new HttpClient({
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    allowPrivateAddresses: config.fetch.allowPrivateAddresses,
    userAgent: userAgent(VERSION),
  });
  const arxiv = new ArxivClient({
    apiUrl: env.arxivApiUrl,
    authorFeedUrl: env.arxivAuthorFeedUrl,
    fetcher: http,
    requestIntervalMs: config.arxiv.requestIntervalMs,
    logger,
  });
  // The scheduler's own next runs once `herald run` has one; the config's cron expressions before.
  let status: StatusProvider = cronStatusProvider(config);
  const commands = createCommandService({
    config,
    store,
    search,
    clock,
    preview: arxivPreview(arxiv),
    logger,
    sourcesOff: scholarlySourcesOff(config, env),
    status: { nextRuns: () => status.nextRuns() },
  });
  return {
    env,
    config,
    configFile,
    logger,
    clock,
    store,
    http,
    arxiv,
    search,
    commands,
    setStatusProvider: (provider) => {
      status = provider;
    },
    close: async () => {
      await arxiv.stop();
      await http.close();
      await search.close();
      await store.close();
    },
  };
}
