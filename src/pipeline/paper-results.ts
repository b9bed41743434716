/**
 * What a paper source returned, through the core: matched to watched people, diffed against the
 * store, routed to channels and queued in the outbox, then stored. Outbox first, records after:
 * a crash in between leaves the records unknown, so the next cycle queues the same delivery keys
 * again, which the outbox ignores.
 */
import {
  composePaperAnnouncement,
  composePublishedFollowUp,
  sourceLabelOf,
} from '../announce/compose-paper.js';
import { type DiffResult, diffRecords } from '../announce/diff.js';
import { channelsFor } from '../announce/route.js';
import { namesakesAmong } from '../records/author-matches.js';
import { idsOfPaper } from '../records/paper-ids.js';
import { type HeraldRecord, isPaper, type PaperRecord } from '../records/record.js';
import { matchRecordPeople, type Watchlist } from '../records/watchlist.js';
import type { PollResult, Source } from '../sources/source.js';
import type { NearMiss } from '../store/near-miss-repository.js';
import { deliveryKey } from '../store/outbox-repository.js';
import type { SourceState } from '../store/source-state-repository.js';
import type { Store } from '../store/store.js';
import type { CycleContext, FollowUpAnnouncement } from './poll-cycle.js';

export interface PaperResultInput {
  source: Source;
  result: PollResult;
  state: SourceState;
  firstSightPeople: ReadonlySet<string>;
  backfill: number;
}

export async function handlePaperResult(
  input: PaperResultInput,
  context: CycleContext,
  store: Store,
): Promise<{ news: number; silent: number }> {
  const { source, result, state } = input;
  const fromArxiv = source.id.startsWith('arxiv');
  const { relevant, unmatched } = relevantRecords(
    result.records,
    context.watchlist,
    fromArxiv,
    source.announceAll,
  );
  const diff = await diffRecords(
    {
      records: relevant,
      aliases: result.aliases ?? [],
      revisions: new Set(result.revisions ?? []),
      old: new Set(result.old ?? []),
      // arXiv's first sight is per person: a new person's papers, not a new install's.
      sourceFirstSight: !fromArxiv && !state.firstPolledAt,
      firstSightPeople: new Set([...input.firstSightPeople, ...context.newPeople]),
      backfill: input.backfill,
    },
    store.records,
  );
  const label = sourceLabelOf(source.id, source.label);
  const announcements = diff.news
    .filter(isPaper)
    .flatMap((paper) =>
      channelsFor(paper, context.channels, source.announceAll).map((channel) =>
        composePaperAnnouncement(paper, channel.id, context.watchlist.matchers, label),
      ),
    );
  recordDecisions(diff, source.id, context.now);
  const followUps = await publishedFollowUps(diff.published, context);
  const news = (await context.enqueue(announcements)) + (await context.enqueueFollowUps(followUps));
  await store.records.save(diff.toSave, diff.aliases);
  await store.nearMisses.record(
    nearMissesAmong(unmatched, context.watchlist, fromArxiv, source.id, context.now),
  );
  return { news, silent: diff.silent.length };
}

/** What was decided of each new record, stored with it for `herald explain`. */
function recordDecisions(diff: DiffResult, sourceId: string, now: Date): void {
  const at = now.toISOString();
  for (const record of diff.news) record.decision = { at, source: sourceId };
  for (const record of diff.silent)
    record.decision = { at, source: sourceId, silent: diff.silentBecause.get(record) ?? 'first-sight' };
}

/**
 * A paper announced earlier that is now published: a follow-up in the thread of each channel it
 * was announced in (posted or still queued), which also rewrites the head to show the venue.
 * A paper recorded silently (first sight) gets none: its publication is no news either. A paper
 * that went into a digest gets its follow-up in the next digest (delivery-queue.ts).
 */
async function publishedFollowUps(
  papers: readonly PaperRecord[],
  context: CycleContext,
): Promise<FollowUpAnnouncement[]> {
  const candidates = papers.flatMap((paper) =>
    context.channels
      .filter((channel) => channel.kinds.includes('paper'))
      .map((channel) => ({ paper, channelId: channel.id, of: deliveryKey(channel.id, paper.id) })),
  );
  const announced = await context.announced(candidates.map((candidate) => candidate.of));
  return candidates
    .filter((candidate) => announced.has(candidate.of))
    .map(({ paper, channelId, of }) => ({
      announcement: composePublishedFollowUp(paper, channelId, context.watchlist.matchers),
      followUp: { of, editHead: true },
    }));
}

/**
 * Records of watched people (or every record of an announce-all feed), with their people set;
 * and the others.
 */
function relevantRecords(
  records: readonly HeraldRecord[],
  watchlist: Watchlist,
  fromArxiv: boolean,
  announceAll: boolean,
): { relevant: HeraldRecord[]; unmatched: HeraldRecord[] } {
  const relevant: HeraldRecord[] = [];
  const unmatched: HeraldRecord[] = [];
  for (const record of records) {
    const people = matchRecordPeople(record, watchlist, fromArxiv);
    if (people.length === 0 && !announceAll) {
      unmatched.push(record);
      continue;
    }
    const matched = { ...record, people };
    // Author ids served the matching; the stored record does without them.
    if (matched.kind === 'paper') delete matched.authorIds;
    relevant.push(matched);
  }
  return { relevant, unmatched };
}

/** Papers of nobody watched that name a namesake of someone watched: kept as notes for `explain`. */
function nearMissesAmong(
  records: readonly HeraldRecord[],
  watchlist: Watchlist,
  fromArxiv: boolean,
  sourceId: string,
  now: Date,
): NearMiss[] {
  const names = fromArxiv ? watchlist.arxivNames : watchlist.names;
  return records.filter(isPaper).flatMap((paper) => {
    const byId = paper.authorIds && { authorIds: paper.authorIds, identities: watchlist.identities };
    const namesakes = namesakesAmong(paper.authors, names, byId);
    if (namesakes.length === 0) return [];
    const { id, title, url, authors } = paper;
    return [
      { id, ids: idsOfPaper(paper), title, url, authors, namesakes, source: sourceId, at: now.toISOString() },
    ];
  });
}
