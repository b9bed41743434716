/**
 * People and feeds added or removed from the chat, layered over the config file's lists (which
 * seed them), so they survive restarts.
 *
 * The newest edit wins. Each chat change remembers the config entry it was made over (the
 * entry with that id as it was then, or none): while the file still has exactly that entry, the
 * chat change applies; once the file's entry changes (edited, added, removed), the file is the
 * newer edit and the chat change is dropped. So a person removed in chat comes back when their
 * entry in the file is edited, and a file edit elsewhere changes nothing. A chat change from
 * before this rule (no entry remembered) is taken to be over the file's entry as first seen.
 */

import { byCodeUnits } from '../code-unit-order.js';
import type { FeedConfig, PersonConfig } from '../config/schema.js';
import type { KeyValueStore } from './key-value-store.js';

interface Change<T> {
  /** Absent: removed. */
  value?: T;
  by: string;
  at: string;
  /** The config entry with this id when the change was made (stable JSON), null when none. */
  over?: string | null;
}

type WatchlistEntry = Change<PersonConfig> | Change<FeedConfig>;

/** A chat change to the config's lists, as `herald check` and the start log report it. */
export interface ChatOverride {
  kind: 'person' | 'feed';
  id: string;
  /** Removed a config entry; added one the file lacks; replaced the file's entry of that id. */
  action: 'removed' | 'added' | 'replaced';
  by: string;
  at: string;
}

export interface LayeredWatchlist {
  people: PersonConfig[];
  feeds: FeedConfig[];
  /** The chat changes in force. */
  overrides: ChatOverride[];
}

export class WatchlistRepository {
  constructor(private readonly changes: KeyValueStore<WatchlistEntry>) {}

  /** `configEntry`: the config file's person with this id, if it has one. */
  addPerson(
    person: PersonConfig,
    by: string,
    at: Date,
    configEntry: PersonConfig | undefined,
  ): Promise<void> {
    return this.#write('person', person.id, { value: person }, by, at, configEntry);
  }

  removePerson(id: string, by: string, at: Date, configEntry: PersonConfig | undefined): Promise<void> {
    return this.#write('person', id, {}, by, at, configEntry);
  }

  addFeed(feed: FeedConfig, by: string, at: Date, configEntry: FeedConfig | undefined): Promise<void> {
    return this.#write('feed', feed.id, { value: feed }, by, at, configEntry);
  }

  removeFeed(id: string, by: string, at: Date, configEntry: FeedConfig | undefined): Promise<void> {
    return this.#write('feed', id, {}, by, at, configEntry);
  }

  /**
   * The config's lists with the chat changes that still apply. Changes the file has superseded
   * are deleted; changes from before the rule are stamped with the file's entry now.
   */
  async apply(people: readonly PersonConfig[], feeds: readonly FeedConfig[]): Promise<LayeredWatchlist> {
    const personChanges = new Map<string, Change<PersonConfig>>();
    const feedChanges = new Map<string, Change<FeedConfig>>();
    for await (const [key, change] of this.changes.entries()) {
      const [kind, ...rest] = key.split(':');
      const id = rest.join(':');
      if (kind === 'person') personChanges.set(id, change as Change<PersonConfig>);
      else if (kind === 'feed') feedChanges.set(id, change as Change<FeedConfig>);
    }
    const layeredPeople = await this.#layer('person', people, personChanges);
    const layeredFeeds = await this.#layer('feed', feeds, feedChanges);
    return {
      people: layeredPeople.items,
      feeds: layeredFeeds.items,
      overrides: [...layeredPeople.overrides, ...layeredFeeds.overrides],
    };
  }

  #write<T extends { id: string }>(
    kind: ChatOverride['kind'],
    id: string,
    value: { value?: T },
    by: string,
    at: Date,
    configEntry: T | undefined,
  ): Promise<void> {
    const change: Change<T> = { ...value, by, at: at.toISOString(), over: entryKey(configEntry) };
    return this.changes.set(`${kind}:${id}`, change as unknown as WatchlistEntry);
  }

  async #layer<T extends { id: string }>(
    kind: ChatOverride['kind'],
    seed: readonly T[],
    changes: Map<string, Change<T>>,
  ): Promise<{ items: T[]; overrides: ChatOverride[] }> {
    const inForce = new Map<string, Change<T>>();
    for (const [id, change] of changes) {
      const now = entryKey(seed.find((item) => item.id === id));
      if (change.over === undefined) {
        await this.changes.set(`${kind}:${id}`, { ...change, over: now } as WatchlistEntry);
      } else if (change.over !== now) {
        // The file changed this entry since: it is the newer edit.
        await this.changes.delete(`${kind}:${id}`);
        continue;
      }
      inForce.set(id, change);
    }
    const items = seed.filter((item) => !inForce.has(item.id));
    for (const change of inForce.values()) if (change.value) items.push(change.value);
    const overrides: ChatOverride[] = [];
    for (const [id, change] of inForce) {
      const inFile = seed.some((item) => item.id === id);
      // Removing what was added in chat leaves the file's lists as they are: no override.
      if (!change.value && !inFile) continue;
      const action = !change.value ? 'removed' : inFile ? 'replaced' : 'added';
      overrides.push({ kind, id, action, by: change.by, at: change.at });
    }
    return { items, overrides: overrides.sort((a, b) => byCodeUnits(a.id, b.id)) };
  }
}

/** A config entry as stable JSON (keys sorted), to tell whether the file changed it; null for none. */
function entryKey(entry: object | undefined): string | null {
  return entry === undefined ? null : stableJson(entry);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => byCodeUnits(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
