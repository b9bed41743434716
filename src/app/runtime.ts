/**
 * The composition root: the only module that wires config, store, sources, the core and the
 * platforms together. Everything else receives what it needs as arguments.
 */
import type { Writable } from 'node:stream';
import { DeliveryWorker } from '../announce/delivery-worker.js';
import { type HeraldEnv, readEnv } from '../config/env.js';
import { loadConfig, resolveConfigPath } from '../config/load.js';
import type { ChannelConfig, HeraldConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../log.js';
import { HttpClient } from '../net/http-client.js';
import { userAgent } from '../net/user-agent.js';
import { buildSources } from '../pipeline/build-sources.js';
import { PollCycle } from '../pipeline/poll-cycle.js';
import { type ConsoleFormat, ConsolePlatform } from '../platforms/console/console-platform.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { ArxivClient } from '../sources/arxiv/arxiv-client.js';
import { openStore, type Store } from '../store/store.js';
import { VERSION } from '../version.js';

export interface RuntimeOptions {
  configPath?: string;
  dryRun?: boolean;
  /** Fixes the clock (`--now`). */
  now?: Date;
  output?: ConsoleFormat;
  env?: HeraldEnv;
  stdout?: Writable;
  logger?: Logger;
}

export interface Runtime {
  env: HeraldEnv;
  config: HeraldConfig;
  configFile: string;
  logger: Logger;
  store: Store;
  http: HttpClient;
  arxiv: ArxivClient;
  clock: () => Date;
  cycle: PollCycle;
  worker: DeliveryWorker;
  platforms: PlatformRegistry;
  notifyAdmins: (text: string) => Promise<void>;
  close(): Promise<void>;
}

export function secretsOf(env: HeraldEnv): string[] {
  return [env.discordToken, env.slackBotToken, env.slackAppToken, env.slackSigningSecret].filter(
    (s): s is string => !!s,
  );
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? readEnv();
  const logger = options.logger ?? createLogger({ level: env.logLevel, secrets: secretsOf(env) });
  const { file: configFile, config } = await loadConfig(resolveConfigPath(options.configPath, env), env);
  const fixedNow = options.now;
  const clock = fixedNow ? () => new Date(fixedNow) : () => new Date();
  const store = await openStore(env, { dryRun: options.dryRun });
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
  const platforms = new PlatformRegistry(new ConsolePlatform(options.output ?? 'console', options.stdout));
  const channels = () => new Map(config.channels.map((channel) => [channel.id, channel] as const));
  const notifyAdmins = adminNotifier(config, platforms, logger);
  const cycle = new PollCycle({
    config,
    store,
    clock,
    logger,
    notifyAdmins,
    buildSources: (people, feeds) =>
      buildSources(people, feeds, {
        config,
        arxiv,
        fetcher: http,
        arxivApiUrl: env.arxivApiUrl,
        arxivAuthorFeedUrl: env.arxivAuthorFeedUrl,
      }),
  });
  const worker = new DeliveryWorker({
    outbox: store.outbox,
    channels,
    platformFor: (channel) => platforms.platformFor(channel),
    clock,
    logger,
    notifyAdmins,
    retryBaseMs: config.delivery.retryBaseMs,
    retryMaxMs: config.delivery.retryMaxMs,
  });
  return {
    env,
    config,
    configFile,
    logger,
    store,
    http,
    arxiv,
    clock,
    cycle,
    worker,
    platforms,
    notifyAdmins,
    close: async () => {
      await arxiv.stop();
      await platforms.closeAll();
      await http.close();
      await store.close();
    },
  };
}

function adminNotifier(config: HeraldConfig, platforms: PlatformRegistry, logger: Logger) {
  const channel: ChannelConfig | undefined = config.channels.find((c) => c.id === config.adminChannel);
  return async (text: string) => {
    logger.warn({ notice: text }, 'admin notice');
    if (channel) await platforms.platformFor(channel).postNotice(channel, text);
  };
}
