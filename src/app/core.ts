/**
 * What every `herald` command works with: environment, config, logger, clock, store, the search
 * index and the command service, and the HTTP and arXiv clients. `herald run` adds the poll
 * cycle, delivery and the chat platforms on top (runtime.ts); the chat commands on the command
 * line use the core alone (command-runtime.ts), and load the network clients only if a command
 * asks arXiv for something (`watch add`'s preview).
 */

import type { CommandService } from '../commands/command.js';
import { createCommandService } from '../commands/command-service.js';
import { cronStatusProvider } from '../commands/cron-next-runs.js';
import type { StatusProvider } from '../commands/ports.js';
import { type HeraldEnv, readEnv } from '../config/env.js';
import { loadConfig, resolveConfigPath } from '../config/load.js';
import type { HeraldConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../log.js';
import type { HttpClient } from '../net/http-client.js';
import { SearchIndex, searchIndexFile } from '../search/search-index.js';
import type { ArxivClient } from '../sources/arxiv/arxiv-client.js';
import { scholarlySourcesOff } from '../sources/scholarly/scholarly-plan.js';
import { openStore, type Store } from '../store/store.js';
import type { Network } from './network.js';

export interface CoreOptions {
  configPath?: string;
  /** Read the store, write nothing to it (`--dry-run`). */
  dryRun?: boolean;
  /** Fixes the clock (`--now`). */
  now?: Date;
  env?: HeraldEnv;
  logger?: Logger;
  /** Aborting gives up opening the store (SIGTERM while Redis does not answer). */
  signal?: AbortSignal;
}

/** The core without the network clients: they are opened on first use. */
export interface CommandCore {
  env: HeraldEnv;
  config: HeraldConfig;
  configFile: string;
  logger: Logger;
  clock: () => Date;
  store: Store;
  search: SearchIndex;
  commands: CommandService;
  /** The HTTP and arXiv clients, opened at the first call (and closed by close()). */
  network(): Promise<Network>;
  /** Lets `/status` show the scheduler's next runs once `herald run` has one. */
  setStatusProvider(provider: StatusProvider): void;
  /** After a config reload replaced the config's contents: what the commands derived from it. */
  configReloaded(): void;
  close(): Promise<void>;
}

export interface Core extends CommandCore {
  http: HttpClient;
  arxiv: ArxivClient;
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

/** The whole core, network clients included (`herald run`, a Discord shard). */
export async function openCore(options: CoreOptions = {}): Promise<Core> {
  const core = await openCommandCore(options);
  try {
    const { http, arxiv } = await core.network();
    return { ...core, http, arxiv };
  } catch (error) {
    await core.close();
    throw error;
  }
}

export async function openCommandCore(options: CoreOptions = {}): Promise<CommandCore> {
  const env = options.env ?? readEnv();
  const logger = options.logger ?? createLogger({ level: env.logLevel, secrets: secretsOf(env) });
  const { file: configFile, config } = await loadConfig(resolveConfigPath(options.configPath, env), env);
  const fixedNow = options.now;
  const clock = fixedNow ? () => new Date(fixedNow) : () => new Date();
  const store = await openStore(env, { dryRun: options.dryRun, logger, signal: options.signal });
  const search = await SearchIndex.open({ file: searchIndexFile(env.dataDir), records: store.records }).catch(
    async (error) => {
      await store.close();
      throw error;
    },
  );
  let opened: Promise<Network> | undefined;
  const network = () => {
    opened ??= import('./network.js').then(({ openNetwork }) => openNetwork(config, env, logger));
    return opened;
  };
  // The scheduler's own next runs once `herald run` has one; the config's cron expressions before.
  let status: StatusProvider = cronStatusProvider(config);
  const sourcesOff = scholarlySourcesOff(config, env);
  const commands = createCommandService({
    config,
    store,
    search,
    clock,
    preview: async (person, limit) => (await network()).preview(person, limit),
    logger,
    sourcesOff,
    status: { nextRuns: () => status.nextRuns() },
  });
  return {
    env,
    config,
    configFile,
    logger,
    clock,
    store,
    search,
    commands,
    network,
    setStatusProvider: (provider) => {
      status = provider;
    },
    configReloaded: () => {
      // The commands hold this object: its contents are replaced, not the object.
      for (const key of Object.keys(sourcesOff)) delete sourcesOff[key];
      Object.assign(sourcesOff, scholarlySourcesOff(config, env));
    },
    close: async () => {
      // A network that failed to open has nothing to close.
      await (await opened?.catch(() => undefined))?.close();
      await search.close();
      await store.close();
    },
  };
}
