/**
 * Records by canonical id, the other ids they are known by, and a change log that lets a search
 * index catch up with what was written since it last looked.
 */
import type { HeraldRecord } from '../records/record.js';
import type { KeyValueStore } from './key-value-store.js';
import { KnownRecords } from './known-records.js';

const REVISION_KEY = 'rev';

export interface RecordChange {
  rev: number;
  ids: string[];
}

export class RecordRepository {
  /** Records this process has read or written: see known-records.ts. */
  readonly known = new KnownRecords();

  constructor(
    private readonly records: KeyValueStore<HeraldRecord>,
    private readonly aliases: KeyValueStore<string>,
    private readonly changes: KeyValueStore<number | string[]>,
  ) {}

  get(id: string): Promise<HeraldRecord | undefined> {
    return this.records.get(id);
  }

  async getMany(ids: readonly string[]): Promise<(HeraldRecord | undefined)[]> {
    const found = await this.records.getMany(ids);
    for (const record of found) if (record) this.known.remember(record);
    return found;
  }

  /** Canonical ids of the given alternative ids (doi:..., feed:...), where known. */
  async resolveAliases(ids: readonly string[]): Promise<Map<string, string>> {
    const found = await this.aliases.getMany(ids);
    const resolved = new Map<string, string>();
    ids.forEach((id, index) => {
      const canonical = found[index];
      if (canonical === undefined) return;
      resolved.set(id, canonical);
      this.known.rememberAlias(id, canonical);
    });
    return resolved;
  }

  /**
   * Writes records, their aliases, and one change-log entry naming them. Records are written
   * before the log entry, so an index that sees the entry can read them.
   */
  async save(
    records: readonly HeraldRecord[],
    aliases: readonly (readonly [string, string])[] = [],
  ): Promise<void> {
    if (records.length === 0 && aliases.length === 0) return;
    await this.records.setMany(records.map((record) => [record.id, record] as const));
    await this.aliases.setMany(aliases);
    for (const record of records) this.known.remember(record);
    for (const [alias, canonical] of aliases) this.known.rememberAlias(alias, canonical);
    if (records.length === 0) return;
    const rev = (await this.revision()) + 1;
    await this.changes.set(
      String(rev),
      records.map((record) => record.id),
    );
    await this.changes.set(REVISION_KEY, rev);
  }

  async revision(): Promise<number> {
    const rev = await this.changes.get(REVISION_KEY);
    return typeof rev === 'number' ? rev : 0;
  }

  /** Changes after `rev`, oldest first; undefined when part of the log is missing (rebuild instead). */
  async changesSince(rev: number): Promise<RecordChange[] | undefined> {
    const head = await this.revision();
    if (head <= rev) return [];
    const revs = Array.from({ length: head - rev }, (_, index) => rev + 1 + index);
    const entries = await this.changes.getMany(revs.map(String));
    const result: RecordChange[] = [];
    for (const [index, ids] of entries.entries()) {
      if (!Array.isArray(ids)) return undefined;
      result.push({ rev: revs[index]!, ids });
    }
    return result;
  }

  async *all(): AsyncIterable<HeraldRecord> {
    for await (const [, record] of this.records.entries()) yield record;
  }
}
