/**
 * Diffs what a source returned against the store: which records are new, which are news, and
 * which stored records learnt something (a later arXiv version, another watched author).
 *
 * A record is news unless it is first seen on the first poll of its feed or of all its people
 * (then only the newest `backfill` are), or is a new version of an older paper.
 */
import type { HeraldRecord } from '../records/record.js';
import { addsNothing, sightingOf } from '../store/known-records.js';
import type { RecordRepository } from '../store/record-repository.js';

export interface DiffInput {
  records: readonly HeraldRecord[];
  /** [alias, canonical id] pairs the source reported. */
  aliases: readonly (readonly [string, string])[];
  revisions: ReadonlySet<string>;
  /** The source has never been polled successfully (feeds: everything in it is old). */
  sourceFirstSight: boolean;
  /** People this source has never polled successfully. */
  firstSightPeople: ReadonlySet<string>;
  backfill: number;
}

export interface DiffResult {
  /** Records to store: new ones and updated ones. */
  toSave: HeraldRecord[];
  /** New records to announce. */
  news: HeraldRecord[];
  /** New records recorded silently. */
  silent: HeraldRecord[];
  aliases: [string, string][];
}

export async function diffRecords(input: DiffInput, repository: RecordRepository): Promise<DiffResult> {
  const aliasesOf = groupAliases(input.aliases);
  // Records this process knows to be stored, with nothing new to tell, need no store read.
  const toLookUp = input.records.filter((record) => {
    const summaries = [record.id, ...(aliasesOf.get(record.id) ?? [])].map((id) => repository.known.get(id));
    return !summaries.every((summary) => summary && addsNothing(summary, sightingOf(record)));
  });
  const lookupIds = toLookUp.flatMap((record) => [record.id, ...(aliasesOf.get(record.id) ?? [])]);
  const resolved = await repository.resolveAliases(lookupIds);
  const candidateIds = [...new Set([...lookupIds, ...resolved.values()])];
  const stored = new Map<string, HeraldRecord>();
  (await repository.getMany(candidateIds)).forEach((record, index) => {
    if (record) stored.set(candidateIds[index]!, record);
  });

  const result: DiffResult = { toSave: [], news: [], silent: [], aliases: [] };
  const fresh: HeraldRecord[] = [];
  for (const record of toLookUp) {
    const ids = [record.id, ...(aliasesOf.get(record.id) ?? [])];
    const existing = ids.map((id) => stored.get(resolved.get(id) ?? id) ?? stored.get(id)).find(Boolean);
    if (existing) {
      const merged = mergeInto(existing, record);
      if (merged) result.toSave.push(merged);
      for (const id of ids)
        if (id !== existing.id && !resolved.has(id)) result.aliases.push([id, existing.id]);
    } else {
      fresh.push(record);
      for (const id of ids.slice(1)) result.aliases.push([id, record.id]);
    }
  }
  classifyFresh(fresh, input, result);
  result.toSave.push(...fresh);
  return result;
}

function groupAliases(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const byRecord = new Map<string, string[]>();
  for (const [alias, canonical] of pairs)
    byRecord.set(canonical, [...(byRecord.get(canonical) ?? []), alias]);
  return byRecord;
}

/** What a known record learns from a new sighting; undefined when nothing changed. */
function mergeInto(existing: HeraldRecord, seen: HeraldRecord): HeraldRecord | undefined {
  const people = [...new Set([...existing.people, ...seen.people])];
  const newerVersion =
    existing.kind === 'paper' && seen.kind === 'paper' && (seen.version ?? 0) > (existing.version ?? 0);
  if (!newerVersion && people.length === existing.people.length) return undefined;
  const merged = { ...existing, people } as HeraldRecord;
  if (newerVersion && merged.kind === 'paper' && seen.kind === 'paper') {
    merged.version = seen.version;
    if (seen.updated) merged.updated = seen.updated;
  }
  return merged;
}

function classifyFresh(fresh: HeraldRecord[], input: DiffInput, result: DiffResult): void {
  const backfillGroups = new Map<string, HeraldRecord[]>();
  for (const record of fresh) {
    if (input.revisions.has(record.id)) {
      result.silent.push(record);
      continue;
    }
    const group = firstSightGroup(record, input);
    if (group === undefined) result.news.push(record);
    else backfillGroups.set(group, [...(backfillGroups.get(group) ?? []), record]);
  }
  for (const records of backfillGroups.values()) {
    records.sort((a, b) => b.published.localeCompare(a.published));
    result.news.push(...records.slice(0, input.backfill));
    result.silent.push(...records.slice(input.backfill));
  }
}

/** The first sight a record belongs to (`source`, or one of its new people), if any. */
function firstSightGroup(record: HeraldRecord, input: DiffInput): string | undefined {
  if (input.sourceFirstSight) return 'source';
  if (record.people.length > 0 && record.people.every((id) => input.firstSightPeople.has(id))) {
    return `person:${record.people[0]}`;
  }
  return undefined;
}
