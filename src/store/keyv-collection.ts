/**
 * A KeyValueStore over one keyv instance (one namespace). keyv is constructed with
 * `throwOnErrors`, since by default a failed write only emits an event and returns false.
 */
import type Keyv from 'keyv';
import { StoreError } from './errors.js';
import type { KeyValueStore } from './key-value-store.js';

/**
 * Stored values are plain JSON (records, receipts, state: strings, numbers, arrays, objects).
 * keyv's default serializer walks every value looking for Buffers; plain JSON is several times
 * faster, and the diff of a poll writes and reads thousands of records.
 */
export const JSON_SERIALIZATION = {
  serialize: (data: unknown) => JSON.stringify(data),
  deserialize: <T>(text: string) => JSON.parse(text) as T,
};

export class KeyvCollection<T> implements KeyValueStore<T> {
  constructor(
    private readonly keyv: Keyv,
    readonly name: string,
  ) {}

  get(key: string): Promise<T | undefined> {
    return this.#guard(`read ${this.name}/${key}`, () => this.keyv.get<T>(key));
  }

  async getMany(keys: readonly string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    return this.#guard(`read ${keys.length} keys of ${this.name}`, () => this.keyv.getMany<T>([...keys]));
  }

  async set(key: string, value: T): Promise<void> {
    await this.#guard(`write ${this.name}/${key}`, async () => {
      if (!(await this.keyv.set(key, value))) throw new Error('keyv refused the write');
    });
  }

  async setMany(entries: readonly (readonly [string, T])[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#guard(`write ${entries.length} keys of ${this.name}`, async () => {
      const results = await this.keyv.setMany(entries.map(([key, value]) => ({ key, value })));
      if (results.some((ok) => ok === false)) throw new Error('keyv refused part of the write');
    });
  }

  async delete(key: string): Promise<void> {
    await this.#guard(`delete ${this.name}/${key}`, () => this.keyv.delete(key));
  }

  async *entries(): AsyncIterable<[string, T]> {
    const iterator = this.keyv.iterator?.(this.keyv.namespace);
    if (!iterator) throw new StoreError(`the store cannot list ${this.name}`);
    try {
      // keyv strips the namespace prefix from the keys it yields.
      for await (const [key, value] of iterator) {
        if (value !== undefined) yield [String(key), value as T];
      }
    } catch (error) {
      throw new StoreError(`could not list ${this.name}: ${(error as Error).message}`, { cause: error });
    }
  }

  async #guard<R>(what: string, action: () => Promise<R>): Promise<R> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`could not ${what}: ${(error as Error).message}`, { cause: error });
    }
  }
}
