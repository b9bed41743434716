/**
 * People and feeds added or removed from the chat. The config file seeds the lists; what admins
 * change is stored here and layered on top, so it survives restarts and config edits.
 */
import type { FeedConfig, PersonConfig } from '../config/schema.js';
import type { KeyValueStore } from './key-value-store.js';

interface Change<T> {
  /** Absent: removed. */
  value?: T;
  by: string;
  at: string;
}

type WatchlistEntry = Change<PersonConfig> | Change<FeedConfig>;

export class WatchlistRepository {
  constructor(private readonly changes: KeyValueStore<WatchlistEntry>) {}

  addPerson(person: PersonConfig, by: string, at: Date): Promise<void> {
    return this.changes.set(`person:${person.id}`, { value: person, by, at: at.toISOString() });
  }

  removePerson(id: string, by: string, at: Date): Promise<void> {
    return this.changes.set(`person:${id}`, { by, at: at.toISOString() });
  }

  addFeed(feed: FeedConfig, by: string, at: Date): Promise<void> {
    return this.changes.set(`feed:${feed.id}`, { value: feed, by, at: at.toISOString() });
  }

  removeFeed(id: string, by: string, at: Date): Promise<void> {
    return this.changes.set(`feed:${id}`, { by, at: at.toISOString() });
  }

  /** The config's lists with the stored changes applied. */
  async apply(people: readonly PersonConfig[], feeds: readonly FeedConfig[]) {
    const personChanges = new Map<string, Change<PersonConfig>>();
    const feedChanges = new Map<string, Change<FeedConfig>>();
    for await (const [key, change] of this.changes.entries()) {
      const [kind, ...rest] = key.split(':');
      const id = rest.join(':');
      if (kind === 'person') personChanges.set(id, change as Change<PersonConfig>);
      else if (kind === 'feed') feedChanges.set(id, change as Change<FeedConfig>);
    }
    return { people: layer(people, personChanges), feeds: layer(feeds, feedChanges) };
  }
}

function layer<T extends { id: string }>(seed: readonly T[], changes: Map<string, Change<T>>): T[] {
  const result = seed.filter((item) => !changes.has(item.id));
  for (const change of changes.values()) if (change.value) result.push(change.value);
  return result;
}
