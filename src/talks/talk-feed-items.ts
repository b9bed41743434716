/**
 * An RSS/Atom talk feed read with rss-parser into the items the talk reader takes: the usual
 * fields plus the RSS event module's `ev:startdate`, `ev:enddate` and `ev:location`, which
 * university listings use to give a talk's time apart from its text.
 */
import type { FeedTalkItem } from '../sources/calendars/index.js';
import { type FeedItem, parseFeedText } from '../sources/feeds/feed-parse.js';

export interface TalkFeed {
  /** Channel title: the series. */
  title?: string;
  items: FeedTalkItem[];
}

/** Read with the same guards as paper feeds (no entities, no malformed declarations). */
export async function parseTalkFeed(text: string): Promise<TalkFeed> {
  const feed = await parseFeedText(text);
  return { title: feed.title || undefined, items: feed.items.map(talkItemOf) };
}

function talkItemOf(item: FeedItem): FeedTalkItem {
  const structured = {
    ...(textOf(item.evStart) ? { start: textOf(item.evStart) } : {}),
    ...(textOf(item.evEnd) ? { end: textOf(item.evEnd) } : {}),
    ...(textOf(item.evLocation) ? { location: textOf(item.evLocation) } : {}),
  };
  const talkItem: FeedTalkItem = {};
  const guid = item.guid ?? item.id;
  if (guid) talkItem.guid = guid;
  if (item.title) talkItem.title = item.title;
  if (item.link) talkItem.link = item.link;
  const description = textOf(item.contentEncoded) || textOf(item.content) || textOf(item.summary);
  if (description) talkItem.description = description;
  if (item.isoDate) talkItem.isoDate = item.isoDate;
  if (Object.keys(structured).length > 0) talkItem.structured = structured;
  return talkItem;
}

/** rss-parser gives a custom field as a string, or as an object when the element has attributes. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '_' in value) return String((value as { _: unknown })._).trim();
  return '';
}
