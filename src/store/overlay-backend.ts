/**
 * A backend that reads through to another and keeps every write in memory: `--dry-run` runs the
 * whole pipeline against the real store and leaves it untouched.
 */
import type { CollectionName, KeyValueStore, StoreBackend } from './key-value-store.js';

const DELETED = Symbol('deleted');
type Slot<T> = T | typeof DELETED;

class OverlayCollection<T> implements KeyValueStore<T> {
  readonly #writes = new Map<string, Slot<T>>();

  constructor(private readonly base: KeyValueStore<T>) {}

  async get(key: string): Promise<T | undefined> {
    const slot = this.#writes.get(key);
    if (slot === DELETED) return undefined;
    return slot ?? this.base.get(key);
  }

  async getMany(keys: readonly string[]): Promise<(T | undefined)[]> {
    const fromBase = await this.base.getMany(keys.filter((key) => !this.#writes.has(key)));
    let next = 0;
    return keys.map((key) => {
      if (!this.#writes.has(key)) return fromBase[next++];
      const slot = this.#writes.get(key);
      return slot === DELETED ? undefined : slot;
    });
  }

  async set(key: string, value: T): Promise<void> {
    this.#writes.set(key, structuredClone(value));
  }

  async setMany(entries: readonly (readonly [string, T])[]): Promise<void> {
    for (const [key, value] of entries) this.#writes.set(key, structuredClone(value));
  }

  async delete(key: string): Promise<void> {
    this.#writes.set(key, DELETED);
  }

  async *entries(): AsyncIterable<[string, T]> {
    for await (const [key, value] of this.base.entries()) if (!this.#writes.has(key)) yield [key, value];
    for (const [key, slot] of this.#writes) if (slot !== DELETED) yield [key, slot];
  }
}

export function overlayBackend(base: StoreBackend): StoreBackend {
  const collections = new Map<CollectionName, OverlayCollection<unknown>>();
  return {
    kind: 'overlay',
    location: `${base.location} (dry run: nothing is written)`,
    collection<T>(name: CollectionName) {
      let collection = collections.get(name);
      if (!collection) {
        collection = new OverlayCollection(base.collection(name));
        collections.set(name, collection);
      }
      return collection as KeyValueStore<T>;
    },
    close: () => base.close(),
  };
}
