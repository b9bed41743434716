/**
 * Papers that were not stored because their only author who looks like a watched person is a
 * namesake ("Andrea Favero" for Alessandro): a short note under each of their ids, so `herald
 * explain` can say why one was never announced. Written once per paper: a process remembers what
 * it wrote, and a note already stored is not written again.
 */
import type { Namesake } from '../records/author-matches.js';
import type { KeyValueStore } from './key-value-store.js';

export interface NearMiss {
  /** The id it would have been stored under, and its other ids. */
  id: string;
  ids: string[];
  title: string;
  url: string;
  authors: string[];
  namesakes: Namesake[];
  /** The source that reported it first, and when. */
  source: string;
  at: string;
}

/** Bounded, as KnownRecords: past it, start afresh (a note written twice costs a write). */
const MAX_REMEMBERED = 100_000;

export class NearMissRepository {
  readonly #written = new Set<string>();

  constructor(private readonly notes: KeyValueStore<NearMiss>) {}

  async record(nearMisses: readonly NearMiss[]): Promise<void> {
    const fresh = nearMisses.filter((note) => !this.#written.has(note.id));
    if (fresh.length === 0) return;
    const stored = await this.notes.getMany(fresh.map((note) => note.id));
    const toWrite = fresh.filter((_, index) => stored[index] === undefined);
    await this.notes.setMany(toWrite.flatMap((note) => note.ids.map((id) => [id, note] as const)));
    if (this.#written.size + fresh.length > MAX_REMEMBERED) this.#written.clear();
    for (const note of fresh) this.#written.add(note.id);
  }

  /** The note stored under the first of these ids that has one. */
  async find(ids: readonly string[]): Promise<NearMiss | undefined> {
    return (await this.notes.getMany(ids)).find((note) => note !== undefined);
  }
}
