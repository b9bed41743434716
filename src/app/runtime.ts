/**
 * The composition root of `herald run`: the core (core.ts) plus the poll cycle, delivery, talks,
 * the chat platforms and leadership. The only module that wires sources, the core and the
 * platforms together.
 */
import type { Writable } from 'node:stream';
import { deliveryChannels, directChannelFor, directDelivery } from '../announce/delivery-channels.js';
import { DeliveryWorker } from '../announce/delivery-worker.js';
import { DigestTick } from '../announce/digest/digest-tick.js';
import { isConsoleMode } from '../config/chat-tokens.js';
import { configNotices } from '../config/load.js';
import type { ChannelConfig, HeraldConfig } from '../config/schema.js';
import { pauseUnreachable } from '../follows/paused-follows.js';
import { tellAdminsOfRequests } from '../follows/watch-requests.js';
import type { Logger } from '../log.js';
import { buildSources } from '../pipeline/build-sources.js';
import { PollCycle } from '../pipeline/poll-cycle.js';
import { type ConsoleFormat, ConsolePlatform } from '../platforms/console/console-platform.js';
import { PlatformRegistry } from '../platforms/platform-registry.js';
import { ScholarlySources } from '../sources/scholarly/scholarly-sources.js';
import type { Leadership } from '../store/leader-election.js';
import { leadershipFor } from '../store/open-backend.js';
import { createTalks, type Talks } from '../talks/index.js';
import { VERSION } from '../version.js';
import { type Core, type CoreOptions, openCore } from './core.js';
import { restoreLegacyRefusals } from './legacy-refusals.js';

export { secretsOf } from './core.js';

export interface RuntimeOptions extends CoreOptions {
  output?: ConsoleFormat;
  stdout?: Writable;
}

export interface Runtime extends Core {
  cycle: PollCycle;
  worker: DeliveryWorker;
  /** Talk announcements that come due, and reminders: run every minute and after each cycle. */
  talks: Talks;
  platforms: PlatformRegistry;
  /** Over Redis, only the lease holder polls and delivers; on SQLite this process always does. */
  leadership: Leadership;
  notifyAdmins: (text: string) => Promise<void>;
  /** Crossref, OpenAlex, ...: their clients (and limiters) live as long as the runtime. */
  scholarly: ScholarlySources;
  /** Digests that came due (every minute and after each cycle), and members' watch requests. */
  digests: { tick(): Promise<number> };
  /** After a config reload replaced the config's contents: remakes what was derived from it. */
  configReloaded(): void;
}

export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const core = await openCore(options);
  const { env, config, store, http, arxiv, clock, logger } = core;
  const platforms = new PlatformRegistry(new ConsolePlatform(options.output ?? 'console', options.stdout), {
    // A dry run prints what would go to Discord and Slack, as console mode does.
    consoleMode: isConsoleMode(env) || !!options.dryRun,
  });
  const leadership = leadershipFor(store.backend, { logger, ttlMs: env.leaseTtlMs });
  const notifyAdmins = adminNotifier(config, platforms, logger);
  // Config channels in the mode set from the chat, and members' direct messages.
  const channels = () => deliveryChannels(config, store);
  const talks = createTalks({ config, store, fetcher: http, clock, logger, channels });
  for (const notice of configNotices(config, core.configFile, env)) logger.warn(notice);
  const scholarly = new ScholarlySources({ config, env, fetcher: http, version: VERSION, logger });
  const cycle = new PollCycle({
    config,
    store,
    clock,
    logger,
    notifyAdmins,
    channels,
    handleTalks: talks.handleTalks,
    buildSources: (people, feeds) =>
      buildSources(people, feeds, {
        config,
        arxiv,
        fetcher: http,
        arxivApiUrl: env.arxivApiUrl,
        arxivAuthorFeedUrl: env.arxivAuthorFeedUrl,
        talkSource: talks.talkSource,
        scholarly,
      }),
  });
  const worker = new DeliveryWorker({
    outbox: store.outbox,
    channels: () => new Map(config.channels.map((channel) => [channel.id, channel] as const)),
    directChannel: directChannelFor,
    platformFor: (channel) => platforms.choose(channel),
    onUnreachable: pauseUnreachable({
      follows: store.follows,
      platformOf: (member) => {
        const choice = platforms.choose(directDelivery(member));
        return 'platform' in choice ? choice.platform : undefined;
      },
      clock,
      logger,
    }),
    mayDeliver: () => leadership.isLeader(),
    clock,
    logger,
    notifyAdmins,
    // Read at each use, so a config reload applies.
    get retryBaseMs() {
      return config.delivery.retryBaseMs;
    },
    get retryMaxMs() {
      return config.delivery.retryMaxMs;
    },
    get holdAfterAttempts() {
      return config.delivery.holdAfterAttempts;
    },
  });
  const digestTick = new DigestTick({
    digests: store.digests,
    outbox: store.outbox,
    channels,
    timezone: config.timezone,
    clock,
    logger,
  });
  // Refusals an earlier version dropped are held deliveries from now on (once per store).
  await restoreLegacyRefusals(core);
  return {
    ...core,
    cycle,
    worker,
    talks,
    platforms,
    leadership,
    notifyAdmins,
    scholarly,
    digests: {
      tick: async () => {
        // Told at a later tick if the admin channel cannot be reached now; digests go on.
        await tellAdminsOfRequests(store.follows, notifyAdmins, clock).catch((error: Error) =>
          logger.error({ err: error }, 'could not tell the admins of watch requests'),
        );
        return digestTick.run();
      },
    },
    configReloaded: () => {
      core.configReloaded();
      void scholarly.reconfigure();
    },
    close: async () => {
      await scholarly.stop();
      await platforms.closeAll();
      await leadership.stop();
      await core.close();
    },
  };
}

function adminNotifier(config: HeraldConfig, platforms: PlatformRegistry, logger: Logger) {
  return async (text: string) => {
    logger.warn({ notice: text }, 'admin notice');
    // Looked up each time: a config reload may name another admin channel.
    const channel: ChannelConfig | undefined = config.channels.find((c) => c.id === config.adminChannel);
    if (!channel) return;
    const choice = platforms.choose(channel);
    const platform = 'platform' in choice ? choice.platform : choice.preview;
    await platform?.postNotice(channel, text);
  };
}
