/**
 * The text of a paper feed read into records: parsed (rss-parser), each item mapped to a record.
 * Loaded by PaperFeedSource at its first read, so a bot without feeds never loads the parser.
 */
import type { PaperRecord } from '../../records/record.js';
import type { PollResult } from '../source.js';
import { feedItemToRecord } from './feed-item-record.js';
import { parseFeedText } from './feed-parse.js';

export type PaperFeedReading = Pick<
  PollResult,
  'records' | 'aliases' | 'revisions' | 'itemCount' | 'problems'
>;

/** Throws when the text is no feed; the caller makes that the source's failure. */
export async function readPaperFeed(
  text: string,
  url: string,
  sourceId: string,
  now: Date,
): Promise<PaperFeedReading> {
  const parsed = await parseFeedText(text, { url });
  const records = new Map<string, PaperRecord>();
  const aliases: [string, string][] = [];
  const revisions: string[] = [];
  let empty = 0;
  for (const item of parsed.items) {
    const mapped = feedItemToRecord(item, sourceId, now);
    if (!mapped) empty++;
    if (!mapped || records.has(mapped.record.id)) continue;
    records.set(mapped.record.id, mapped.record);
    for (const alias of mapped.aliases) aliases.push([alias, mapped.record.id]);
    if (mapped.revision) revisions.push(mapped.record.id);
  }
  return {
    records: [...records.values()],
    aliases,
    revisions,
    itemCount: parsed.items.length,
    ...(empty > 0 ? { problems: [`${empty} item(s) with neither title nor text skipped`] } : {}),
  };
}
