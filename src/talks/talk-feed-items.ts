/**
 * An RSS/Atom talk feed read with rss-parser into the items the talk reader takes: the usual
 * fields plus the RSS event module's `ev:startdate`, `ev:enddate` and `ev:location`, which
 * university listings use to give a talk's time apart from its text.
 */

import { htmlToText } from '../records/clean-html.js';
import type { FeedTalkItem } from '../sources/calendars/index.js';
import { type FeedItem, type FeedText, parseFeedText } from '../sources/feeds/feed-parse.js';

export interface TalkFeed {
  /** Channel title: the series. */
  title?: string;
  items: FeedTalkItem[];
}

/** Read with the same guards as paper feeds (no entities, no malformed declarations). */
export async function parseTalkFeed(text: string, url?: string): Promise<TalkFeed> {
  const feed = await parseFeedText(text, url ? { url } : {});
  const title = plain(feed.title);
  return { ...(title ? { title } : {}), items: feed.items.map(talkItemOf) };
}

function talkItemOf(item: FeedItem): FeedTalkItem {
  const structured = {
    ...(item.evStart ? { start: item.evStart } : {}),
    ...(item.evEnd ? { end: item.evEnd } : {}),
    ...(item.evLocation ? { location: item.evLocation } : {}),
  };
  const talkItem: FeedTalkItem = {};
  if (item.guid) talkItem.guid = item.guid;
  const title = plain(item.title);
  if (title) talkItem.title = title;
  if (item.link) talkItem.link = item.link;
  const description = plain(item.body);
  if (description) talkItem.description = description;
  if (item.isoDate) talkItem.isoDate = item.isoDate;
  if (Object.keys(structured).length > 0) talkItem.structured = structured;
  return talkItem;
}

/** HTML fields as text; plain ones as they are (the talk reader tidies both). */
function plain(text: FeedText | undefined): string | undefined {
  if (!text) return undefined;
  return (text.html ? htmlToText(text.value, { preserveNewlines: false }) : text.value) || undefined;
}
