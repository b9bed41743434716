/**
 * What the command-line fronts of the chat commands need (`herald papers`, `watch`, `feed`,
 * `status`, `reindex`): the core without the poll cycle or any chat platform.
 */
import type { CommandService } from '../commands/command.js';
import type { HeraldConfig } from '../config/schema.js';
import type { SyncOutcome } from '../search/index-sync.js';
import type { SearchIndex } from '../search/search-index.js';
import type { Store } from '../store/store.js';
import { type CoreOptions, openCommandCore } from './core.js';

/** What one `herald <chat command>` run works with; close() releases files and sockets. */
export interface CommandSession {
  config: HeraldConfig;
  store: Store;
  search: SearchIndex;
  service: CommandService;
  /** The config's zone, for printing times. */
  timezone: string;
  /** Rebuilds the search index from every stored record. */
  reindex(): Promise<SyncOutcome>;
  close(): Promise<void>;
}

export async function openCommandSession(
  options: Pick<CoreOptions, 'configPath' | 'env' | 'logger'> = {},
): Promise<CommandSession> {
  const core = await openCommandCore(options);
  return {
    config: core.config,
    store: core.store,
    search: core.search,
    service: core.commands,
    timezone: core.config.timezone,
    reindex: () => core.search.rebuild(),
    close: () => core.close(),
  };
}
