/**
 * What a paper source returned, through the core: matched to watched people, diffed against the
 * store, routed to channels and queued in the outbox, then stored. Outbox first, records after:
 * a crash in between leaves the records unknown, so the next cycle queues the same delivery keys
 * again, which the outbox ignores.
 */
import { composePaperAnnouncement, sourceLabelOf } from '../announce/compose-paper.js';
import { diffRecords } from '../announce/diff.js';
import { channelsFor } from '../announce/route.js';
import { type HeraldRecord, isPaper } from '../records/record.js';
import { matchRecordPeople, type Watchlist } from '../records/watchlist.js';
import type { PollResult, Source } from '../sources/source.js';
import type { SourceState } from '../store/source-state-repository.js';
import type { Store } from '../store/store.js';
import type { CycleContext } from './poll-cycle.js';

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
  const diff = await diffRecords(
    {
      records: relevantRecords(result.records, context.watchlist, fromArxiv, source.announceAll),
      aliases: result.aliases ?? [],
      revisions: new Set(result.revisions ?? []),
      // arXiv's first sight is per person: a new person's papers, not a new install's.
      sourceFirstSight: !fromArxiv && !state.firstPolledAt,
      firstSightPeople: input.firstSightPeople,
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
  const news = await context.enqueue(announcements);
  await store.records.save(diff.toSave, diff.aliases);
  return { news, silent: diff.silent.length };
}

/** Records of watched people (or every record of an announce-all feed), with their people set. */
function relevantRecords(
  records: readonly HeraldRecord[],
  watchlist: Watchlist,
  fromArxiv: boolean,
  announceAll: boolean,
): HeraldRecord[] {
  const relevant: HeraldRecord[] = [];
  for (const record of records) {
    const people = matchRecordPeople(record, watchlist, fromArxiv);
    if (people.length > 0 || announceAll) relevant.push({ ...record, people });
  }
  return relevant;
}
