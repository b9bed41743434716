/**
 * Versions that dropped refused deliveries wrote a receipt marked `failed` and forgot the
 * announcement. Refusals are held now, so such receipts are turned back into held deliveries,
 * their announcement composed again from the stored record, once per store: `herald status` lists
 * them and `herald redeliver` posts them like any other held delivery. Only first announcements
 * can be composed again; a refused follow-up (talk moved, reminder) is past its moment and stays
 * a receipt, logged.
 */
import { composePaperAnnouncement, sourceLabelOf } from '../announce/compose-paper.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { isPaper } from '../records/record.js';
import { buildWatchlist } from '../records/watchlist.js';
import { feedSourceId } from '../sources/feeds/fetch-feed.js';
import { type DeliveryReceipt, newOutboxEntry, type OutboxEntry } from '../store/outbox-repository.js';
import type { Store } from '../store/store.js';
import { composeTalkAnnouncement } from '../talks/index.js';

const DONE_KEY = 'legacyRefusalsRestored';

export interface LegacyRefusalContext {
  store: Store;
  config: HeraldConfig;
  clock: () => Date;
  logger: Logger;
}

/** Returns how many refusals became held deliveries (0 once done for this store). */
export async function restoreLegacyRefusals(context: LegacyRefusalContext): Promise<number> {
  const { store, logger } = context;
  const meta = store.backend.collection<boolean>('meta');
  if (await meta.get(DONE_KEY)) return 0;
  const refused: DeliveryReceipt[] = [];
  for await (const receipt of store.outbox.refusedReceipts()) refused.push(receipt);
  const compose = refused.length > 0 ? await composer(context) : undefined;
  let restored = 0;
  for (const receipt of refused) {
    const entry = await compose?.(receipt);
    if (!entry) {
      logger.warn(
        { delivery: receipt.key, refusal: receipt.failed },
        'a refusal of an earlier version cannot be composed again (a follow-up, or its record is gone): it stays a receipt',
      );
      continue;
    }
    await store.outbox.restoreRefused(receipt, entry);
    restored++;
  }
  if (restored > 0) logger.info({ restored }, 'refusals of an earlier version are now held deliveries');
  await meta.set(DONE_KEY, true);
  return restored;
}

/** Composes a refused first announcement again, as a held delivery under the receipt's key. */
async function composer(context: LegacyRefusalContext) {
  const { store, config, clock } = context;
  const { people, feeds } = await store.watchlist.apply(config.people, config.feeds);
  const { matchers } = buildWatchlist(people);
  const feedUrl = (source: string) => feeds.find((feed) => feedSourceId(feed.id) === source)?.url;
  return async (receipt: DeliveryReceipt): Promise<OutboxEntry | undefined> => {
    if (receipt.event !== 'new') return undefined;
    const record = await store.records.get(receipt.recordId);
    if (!record) return undefined;
    const label = sourceLabelOf(record.source, feedUrl(record.source));
    const announcement = isPaper(record)
      ? composePaperAnnouncement(record, receipt.channelId, matchers, label)
      : composeTalkAnnouncement(record, {
          channelId: receipt.channelId,
          matchers,
          sourceLabel: record.series ?? label,
          now: clock(),
        });
    const entry = newOutboxEntry(announcement, new Date(receipt.deliveredAt));
    if (entry.key !== receipt.key) return undefined;
    return { ...entry, heldAt: receipt.deliveredAt, lastError: receipt.failed };
  };
}
