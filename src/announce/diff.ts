/**
 * Diffs what a source returned against the store: which records are new, which are news, and
 * which stored records learnt something (a later arXiv version, another watched author, another
 * id, the journal version: paper-merge.ts).
 *
 * A record is the stored one when any of its ids is (or is an alias of) a stored record's, or,
 * failing that, when the conservative title join accepts the stored paper with its title
 * (paper-join.ts). A record is news unless it is first seen on the first poll of its feed or of
 * all its people (then only the newest `backfill` are), or is a revision of an older paper.
 */

import { byCodeUnits } from '../code-unit-order.js';
import { idsOfPaper } from '../records/paper-ids.js';
import type { HeraldRecord, PaperRecord, SilentReason } from '../records/record.js';
import { titleKey } from '../records/title-key.js';
import { addsNothing, sightingOf } from '../store/known-records.js';
import type { RecordRepository } from '../store/record-repository.js';
import { sameWorkByTitle } from './paper-join.js';
import { mergeSighting } from './paper-merge.js';

export interface DiffInput {
  records: readonly HeraldRecord[];
  /** [alias, canonical id] pairs the source reported (a paper's own `ids` count too). */
  aliases: readonly (readonly [string, string])[];
  revisions: ReadonlySet<string>;
  /** Of the revisions, those that are no news for their age (dated long before they were found). */
  old?: ReadonlySet<string>;
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
  /** Why each of `silent` is silent. */
  silentBecause: Map<HeraldRecord, SilentReason>;
  /** Stored papers that learnt where they were published (announced ones get a follow-up). */
  published: PaperRecord[];
  aliases: [string, string][];
}

export async function diffRecords(input: DiffInput, repository: RecordRepository): Promise<DiffResult> {
  const idsOf = idLists(input);
  // Records this process knows to be stored, with nothing new to tell, need no store read.
  const toLookUp = input.records.filter((record) => {
    const summaries = idsOf(record).map((id) => repository.known.get(id));
    return !summaries.every((summary) => summary && addsNothing(summary, sightingOf(record)));
  });
  const titleKeys = new Map<HeraldRecord, string>();
  for (const record of toLookUp) {
    const key = record.kind === 'paper' ? titleKey(record.title) : undefined;
    if (key) titleKeys.set(record, key);
  }
  const lookupIds = toLookUp.flatMap(idsOf);
  const resolved = await repository.resolveAliases([...lookupIds, ...new Set(titleKeys.values())]);
  const candidateIds = [...new Set([...lookupIds, ...resolved.values()])];
  const stored = new Map<string, HeraldRecord>();
  (await repository.getMany(candidateIds)).forEach((record, index) => {
    if (record) stored.set(candidateIds[index]!, record);
  });

  const result: DiffResult = {
    toSave: [],
    news: [],
    silent: [],
    silentBecause: new Map(),
    published: [],
    aliases: [],
  };
  const fresh: HeraldRecord[] = [];
  // The first paper with a title keeps its key: a later paper of the same title joins nothing by it.
  const claimTitle = (key: string | undefined, id: string) => {
    if (key === undefined || resolved.has(key)) return;
    resolved.set(key, id);
    result.aliases.push([key, id]);
  };
  for (const record of toLookUp) {
    const ids = idsOf(record);
    const key = titleKeys.get(record);
    const existing =
      ids.map((id) => stored.get(resolved.get(id) ?? id) ?? stored.get(id)).find(Boolean) ??
      joinedByTitle(record, key && resolved.get(key), stored);
    if (existing) {
      const merge = mergeSighting(existing, record);
      if (merge) result.toSave.push(merge.record);
      if (merge?.published && merge.record.kind === 'paper') result.published.push(merge.record);
      for (const id of ids)
        if (id !== existing.id && !resolved.has(id)) result.aliases.push([id, existing.id]);
      claimTitle(key, existing.id);
    } else {
      fresh.push(record);
      for (const id of ids.slice(1)) result.aliases.push([id, record.id]);
      claimTitle(key, record.id);
    }
  }
  classifyFresh(fresh, input, result);
  result.toSave.push(...fresh);
  return result;
}

/** Each record's ids, its canonical id first: its own list, and the aliases the source reported. */
function idLists(input: DiffInput): (record: HeraldRecord) => string[] {
  const reported = new Map<string, string[]>();
  for (const [alias, canonical] of input.aliases)
    reported.set(canonical, [...(reported.get(canonical) ?? []), alias]);
  const cache = new Map<HeraldRecord, string[]>();
  return (record) => {
    let ids = cache.get(record);
    if (!ids) {
      const own = record.kind === 'paper' ? idsOfPaper(record) : [record.id];
      ids = [...new Set([...own, ...(reported.get(record.id) ?? [])])];
      cache.set(record, ids);
    }
    return ids;
  };
}

/** The stored paper with the same title, if the conservative join accepts it. */
function joinedByTitle(
  record: HeraldRecord,
  candidateId: string | undefined,
  stored: ReadonlyMap<string, HeraldRecord>,
): HeraldRecord | undefined {
  const candidate = candidateId === undefined ? undefined : stored.get(candidateId);
  if (!candidate || record.kind !== 'paper') return undefined;
  return sameWorkByTitle(candidate, record) ? candidate : undefined;
}

function classifyFresh(fresh: HeraldRecord[], input: DiffInput, result: DiffResult): void {
  const backfillGroups = new Map<string, HeraldRecord[]>();
  for (const record of fresh) {
    if (input.revisions.has(record.id)) {
      result.silent.push(record);
      result.silentBecause.set(record, input.old?.has(record.id) ? 'before-watch' : 'known-version');
      continue;
    }
    const group = firstSightGroup(record, input);
    if (group === undefined) result.news.push(record);
    else backfillGroups.set(group, [...(backfillGroups.get(group) ?? []), record]);
  }
  for (const records of backfillGroups.values()) {
    records.sort((a, b) => byCodeUnits(b.published, a.published));
    result.news.push(...records.slice(0, input.backfill));
    for (const record of records.slice(input.backfill)) {
      result.silent.push(record);
      result.silentBecause.set(record, 'first-sight');
    }
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
