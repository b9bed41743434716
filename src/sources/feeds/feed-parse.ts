/**
 * RSS 0.9x/1.0/2.0 and Atom through rss-parser's `parseString`, on text fetched by our own client
 * (rss-parser's parseURL follows any redirect and reads without a size limit).
 */
import Parser from 'rss-parser';
import { HeraldError } from '../../errors.js';

export interface FeedItem {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  isoDate?: string;
  pubDate?: string;
  date?: string;
  content?: string;
  contentEncoded?: string;
  summary?: string;
  contentSnippet?: string;
  creator?: string;
  author?: string;
  authors?: unknown[];
  dcCreators?: unknown[];
  dcIdentifier?: unknown;
  prismDoi?: unknown;
  arxivDoi?: unknown;
  arxivJournalRef?: unknown;
  announceType?: unknown;
  categories?: unknown[];
  /** The RSS event module, which talk listings use for a talk's time and place. */
  evStart?: unknown;
  evEnd?: unknown;
  evLocation?: unknown;
}

export interface ParsedFeed {
  title?: string;
  link?: string;
  items: FeedItem[];
}

export class FeedParseError extends HeraldError {
  constructor(message: string) {
    super('FEED_INVALID', message);
  }
}

const parser: Parser<Record<string, unknown>, FeedItem> = new Parser({
  customFields: {
    item: [
      ['dc:creator', 'dcCreators', { keepArray: true }],
      ['author', 'authors', { keepArray: true }],
      ['dc:identifier', 'dcIdentifier'],
      ['prism:doi', 'prismDoi'],
      ['arxiv:DOI', 'arxivDoi'],
      ['arxiv:journal_reference', 'arxivJournalRef'],
      ['arxiv:announce_type', 'announceType'],
      ['content:encoded', 'contentEncoded'],
      ['summary', 'summary'],
      ['ev:startdate', 'evStart'],
      ['ev:enddate', 'evEnd'],
      ['ev:location', 'evLocation'],
    ],
  },
});

/** Comments and CDATA hold text: a `<!` in them (say, in quoted JavaScript) declares nothing. */
const CDATA_SECTIONS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;

export async function parseFeedText(text: string): Promise<ParsedFeed> {
  // Entity declarations are how XML bombs work; feeds have no use for them.
  if (/<!ENTITY/i.test(text.slice(0, 10_000)))
    throw new FeedParseError('the feed declares XML entities; refused');
  // Not XML anyway, and sax (under rss-parser) reads such a declaration in quadratic time:
  // a long one would block the process for minutes (found by fuzzing).
  if (/<!(?!--|\[CDATA\[|DOCTYPE)/i.test(text.replace(CDATA_SECTIONS, ''))) {
    throw new FeedParseError('the feed has a malformed <! declaration');
  }
  let feed: Parser.Output<FeedItem>;
  try {
    feed = await parser.parseString(addMissingRssVersion(stripLeadingJunk(text)));
  } catch (error) {
    throw new FeedParseError(`not a readable RSS or Atom feed: ${firstLine((error as Error).message)}`);
  }
  if (!Array.isArray(feed.items))
    throw new FeedParseError('not an RSS or Atom feed (no channel or feed element)');
  return { title: feed.title?.trim(), link: feed.link, items: feed.items };
}

/** Some servers send blank lines or a comment before the XML declaration, which is not XML. */
function stripLeadingJunk(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .replace(/^(\s|<!--[\s\S]*?-->)+(?=<\?xml)/, '')
    .trimStart();
}

/** rss-parser refuses `<rss>` without a version attribute, which some real feeds omit. */
function addMissingRssVersion(text: string): string {
  return text.replace(/<rss(?=[\s>])(?![^>]*\bversion=)/, '<rss version="2.0"');
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 200);
}
