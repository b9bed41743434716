/**
 * What this process already knows to be stored: each record's canonical id, version and people,
 * and the alias ids that point at it. Records and aliases are never deleted, so "known" never
 * becomes false and the cache needs no invalidation; a summary may only lag behind (another
 * instance saw a later version), which costs a store read, never a wrong answer. It spares the
 * diff a store round trip for the 90% of items a cycle has seen before.
 */
import { hasPublication } from '../records/publication.js';
import type { HeraldRecord } from '../records/record.js';

export interface RecordSummary {
  id: string;
  version: number;
  people: readonly string[];
  /** A paper that already says where it was published. */
  published: boolean;
}

/** Bounded so a long-running process does not grow without limit; past it, start afresh. */
const MAX_ENTRIES = 500_000;

export class KnownRecords {
  readonly #byId = new Map<string, RecordSummary>();

  /** The summary of a stored record, by its canonical id or one of its aliases. */
  get(id: string): RecordSummary | undefined {
    return this.#byId.get(id);
  }

  remember(record: HeraldRecord, aliases: readonly string[] = []): void {
    if (this.#byId.size >= MAX_ENTRIES) this.#byId.clear();
    const summary = {
      id: record.id,
      version: record.kind === 'paper' ? (record.version ?? 0) : 0,
      people: record.people,
      published: record.kind === 'paper' && hasPublication(record),
    };
    this.#byId.set(record.id, summary);
    for (const alias of aliases) this.#byId.set(alias, summary);
  }

  rememberAlias(alias: string, canonicalId: string): void {
    const summary = this.#byId.get(canonicalId);
    if (summary) this.#byId.set(alias, summary);
  }
}

/** What a sighting of a record says that could change it. */
export interface Sighting {
  version?: number;
  people: readonly string[];
  /** The sighting says where the paper was published. */
  published?: boolean;
}

export function sightingOf(record: HeraldRecord): Sighting {
  if (record.kind !== 'paper') return { people: record.people };
  return { version: record.version, people: record.people, published: record.publication !== undefined };
}

/** True when a new sighting tells nothing the stored record does not already say. */
export function addsNothing(summary: RecordSummary, seen: Sighting): boolean {
  return (
    (seen.version ?? 0) <= summary.version &&
    (!seen.published || summary.published) &&
    seen.people.every((person) => summary.people.includes(person))
  );
}
