/**
 * An RSS/Atom talk feed read with rss-parser into the items the talk reader takes: the usual
 * fields plus the RSS event module's `ev:startdate`, `ev:enddate` and `ev:location`, which
 * university listings use to give a talk's time apart from its text.
 */
import Parser from 'rss-parser';
import type { FeedTalkItem } from '../sources/calendars/index.js';
import { FeedParseError } from '../sources/feeds/feed-parse.js';

interface TalkFeedFields {
  contentEncoded?: string;
  summary?: string;
  evStart?: string;
  evEnd?: string;
  evLocation?: string;
}

export interface TalkFeed {
  /** Channel title: the series. */
  title?: string;
  items: FeedTalkItem[];
}

const parser: Parser<Record<string, unknown>, TalkFeedFields> = new Parser({
  customFields: {
    item: [
      ['content:encoded', 'contentEncoded'],
      ['summary', 'summary'],
      ['ev:startdate', 'evStart'],
      ['ev:enddate', 'evEnd'],
      ['ev:location', 'evLocation'],
    ],
  },
});

export async function parseTalkFeed(text: string): Promise<TalkFeed> {
  // Entity declarations are how XML bombs work; feeds have no use for them (as for paper feeds).
  if (/<!ENTITY/i.test(text.slice(0, 10_000)))
    throw new FeedParseError('the feed declares XML entities; refused');
  let feed: Parser.Output<TalkFeedFields>;
  try {
    feed = await parser.parseString(withoutLeadingJunk(text));
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').slice(0, 200);
    throw new FeedParseError(`not a readable RSS or Atom talk feed: ${reason}`);
  }
  if (!Array.isArray(feed.items))
    throw new FeedParseError('not an RSS or Atom feed (no channel or feed element)');
  return { title: feed.title?.trim() || undefined, items: feed.items.map(talkItemOf) };
}

function talkItemOf(item: Parser.Item & TalkFeedFields): FeedTalkItem {
  const structured = {
    ...(textOf(item.evStart) ? { start: textOf(item.evStart) } : {}),
    ...(textOf(item.evEnd) ? { end: textOf(item.evEnd) } : {}),
    ...(textOf(item.evLocation) ? { location: textOf(item.evLocation) } : {}),
  };
  const talkItem: FeedTalkItem = {};
  const guid = item.guid ?? (item as { id?: string }).id;
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

/** Some servers send a BOM, blank lines or a comment before the XML declaration; `<rss>` may lack a version. */
function withoutLeadingJunk(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .replace(/^(\s|<!--[\s\S]*?-->)+(?=<\?xml)/, '')
    .trimStart()
    .replace(/<rss(?=[\s>])(?![^>]*\bversion=)/, '<rss version="2.0"');
}
