/**
 * The effective watchlist (config seed plus chat changes) as the commands read it. Reading it
 * means listing the stored changes (a round trip to Redis when several instances run), so
 * searches, which only need it to mark watched authors, reuse it for a minute; admin commands
 * always read it fresh, and this service's own changes refresh it at once.
 */
import type { FeedConfig, HeraldConfig, PersonConfig } from '../config/schema.js';
import { type PersonMatcher, personMatcher } from '../records/person-names.js';
import type { Store } from '../store/store.js';

export interface WatchlistView {
  people: PersonConfig[];
  feeds: FeedConfig[];
  matchers: PersonMatcher[];
}

const REUSE_MS = 60_000;

export class WatchlistViews {
  #cached: { view: WatchlistView; at: number } | undefined;

  constructor(
    private readonly config: HeraldConfig,
    private readonly store: Store,
    private readonly clock: () => Date,
  ) {}

  /** A view at most a minute old: enough to mark watched authors in search results. */
  async recent(): Promise<WatchlistView> {
    const now = this.clock().getTime();
    if (this.#cached && now - this.#cached.at < REUSE_MS && now >= this.#cached.at) return this.#cached.view;
    return this.fresh();
  }

  async fresh(): Promise<WatchlistView> {
    const { people, feeds } = await this.store.watchlist.apply(this.config.people, this.config.feeds);
    const view = { people, feeds, matchers: people.map(personMatcher) };
    this.#cached = { view, at: this.clock().getTime() };
    return view;
  }

  /** After a change made here: the next read goes to the store. */
  invalidate(): void {
    this.#cached = undefined;
  }
}
