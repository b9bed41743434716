/**
 * What every command module receives: the config, the store, the search index, the clock, the
 * watchlist views, and the ports into the running bot.
 */
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { SearchIndex } from '../search/search-index.js';
import type { Store } from '../store/store.js';
import type { Caller } from './command.js';
import type { PaperPreview, StatusProvider } from './ports.js';
import type { WatchlistViews } from './watchlist-view.js';

export interface CommandContext {
  config: HeraldConfig;
  store: Store;
  search: Pick<SearchIndex, 'sync' | 'search'>;
  clock: () => Date;
  watchlists: WatchlistViews;
  status: StatusProvider;
  preview?: PaperPreview;
  logger?: Logger;
  /** Sources switched on in the config but off (OpenAlex without its key), with the reason. */
  sourcesOff?: Readonly<Record<string, string>>;
}

/** Who made a change, as the watchlist records it: `discord:1234`, `console:alice`. */
export function changedBy(caller: Caller): string {
  return `${caller.platform}:${caller.userId}`;
}
