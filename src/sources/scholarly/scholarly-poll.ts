/**
 * What every scholarly source does the same way: batches of people, one failing batch leaving the
 * others' papers to be announced, how far back to look, and which papers are news.
 *
 * A paper is news only when it is recent: its publication date (the latest day a partial date
 * such as "2025" can mean) within FRESH_DAYS. Scholarly indexes register old material all the time
 * (back issues, late DOIs, re-indexing); those are stored silently, as a later arXiv version is.
 */
import type { PaperRecord } from '../../records/record.js';
import type { PollContext, PollResult, SourceError } from '../source.js';

export const FRESH_DAYS = 180;
/** First sight of a person: how far back to look (what is found is stored silently). */
export const FIRST_SIGHT_DAYS = 180;
const DAY_MS = 24 * 60 * 60_000;

/** A work as a record, with what decides whether it is news. */
export interface MappedWork {
  record: PaperRecord;
  /** The latest instant the work's publication date can mean. */
  datedUntil: Date;
  /** A revision of an older paper (bioRxiv v2): never news. */
  revision?: boolean;
}

/** `[2025]` -> 2025-12-31T23:59:59Z; `[2025, 3]` -> end of March; `[2025, 3, 7]` -> end of that day. */
export function endOfPartialDate(parts: readonly number[] | undefined): Date | undefined {
  const [year, month, day] = parts ?? [];
  if (!year || year < 1900 || year > 2200) return undefined;
  if (!month) return new Date(Date.UTC(year + 1, 0, 1) - 1000);
  if (!day) return new Date(Date.UTC(year, month, 1) - 1000);
  return new Date(Date.UTC(year, month - 1, day + 1) - 1000);
}

/** The first instant of a partial date, as ISO 8601 (`2025-03-01T00:00:00Z`). */
export function startOfPartialDate(parts: readonly number[] | undefined): string | undefined {
  const [year, month = 1, day = 1] = parts ?? [];
  if (!year || year < 1900 || year > 2200) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.000Z$/, 'Z');
}

/** `2025-03-07` -> [2025, 3, 7]. */
export function dateParts(text: string | undefined): number[] | undefined {
  const match = text?.match(/^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/);
  if (!match) return undefined;
  return match.slice(1).filter(Boolean).map(Number);
}

/** Records to hand on, and the ids of those that are no news (old, or revisions). */
export function collectWorks(
  works: readonly (MappedWork | undefined)[],
  now: Date,
  items: number,
): PollResult {
  const records: PaperRecord[] = [];
  const revisions: string[] = [];
  const old: string[] = [];
  const seen = new Set<string>();
  const freshSince = now.getTime() - FRESH_DAYS * DAY_MS;
  for (const work of works) {
    if (!work || seen.has(work.record.id)) continue;
    seen.add(work.record.id);
    records.push(work.record);
    const stale = work.datedUntil.getTime() < freshSince;
    if (work.revision || stale) revisions.push(work.record.id);
    if (stale && !work.revision) old.push(work.record.id);
  }
  return { records, revisions, ...(old.length > 0 ? { old } : {}), itemCount: items };
}

/** Splits people into batches of at most `size`, those seen for the first time apart. */
export function batchPeople<T extends { id: string }>(
  people: readonly T[],
  size: number,
  firstSight: ReadonlySet<string>,
): T[][] {
  const batches: T[][] = [];
  for (const group of [
    people.filter((p) => firstSight.has(p.id)),
    people.filter((p) => !firstSight.has(p.id)),
  ]) {
    for (let start = 0; start < group.length; start += size) batches.push(group.slice(start, start + size));
  }
  return batches;
}

/**
 * Where a query for these people starts: `overlapDays` before the last success (what a service
 * indexes late is still found), or FIRST_SIGHT_DAYS back for people never polled.
 */
export function lookBackFrom(
  context: Pick<PollContext, 'now' | 'state' | 'firstSightPeople'>,
  personIds: readonly string[],
  overlapDays: number,
): Date {
  const firstSight = !context.state.lastSuccessAt || personIds.some((id) => context.firstSightPeople.has(id));
  const from = firstSight
    ? context.now.getTime() - FIRST_SIGHT_DAYS * DAY_MS
    : Date.parse(context.state.lastSuccessAt!) - overlapDays * DAY_MS;
  return new Date(Math.max(from, context.now.getTime() - FIRST_SIGHT_DAYS * DAY_MS));
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Runs one query per batch; a batch that fails leaves the others' works to be processed, and the
 * source still counts as failing (and stops at once on a 429: asking again would only make it worse).
 */
export async function pollBatches<B extends { personIds: readonly string[] }>(
  batches: readonly B[],
  now: Date,
  run: (batch: B) => Promise<{ works: (MappedWork | undefined)[]; items: number }>,
): Promise<PollResult> {
  const works: (MappedWork | undefined)[] = [];
  const covered: string[] = [];
  let items = 0;
  let failure: SourceError | undefined;
  for (const batch of batches) {
    try {
      const outcome = await run(batch);
      works.push(...outcome.works);
      items += outcome.items;
      covered.push(...batch.personIds);
    } catch (error) {
      failure ??= error as SourceError;
      if (failure.retryAfterMs !== undefined || isRateLimited(failure)) break;
    }
  }
  if (failure && covered.length === 0) throw failure;
  const result = collectWorks(works, now, items);
  return failure ? { ...result, partialError: failure, coveredPeople: covered } : result;
}

function isRateLimited(error: SourceError): boolean {
  const cause = error.cause as { status?: unknown } | undefined;
  return cause?.status === 429;
}
