/**
 * Every feed of the corpus nobody on the project wrote (feedparser's test suite, rss-parser's test
 * inputs, the publishers' files in tests/fixtures) ends in records or a FeedParseError, each parse
 * within a deadline; and where feedparser's files state the expected title, link or id, the bot
 * reads the same.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/net/decode-text.js';
import { cleanHtml } from '../../src/records/clean-html.js';
import { cleanText, looksLikeHtml } from '../../src/records/clean-text.js';
import { cleanFeedText, feedItemToRecord } from '../../src/sources/feeds/feed-item-record.js';
import { FeedParseError, type ParsedFeed, parseFeedText } from '../../src/sources/feeds/feed-parse.js';
import { within } from '../support/deadline.js';
import { expectationsOf, type FeedparserExpectation } from './feedparser-expectations.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const NOW = new Date('2026-06-01T12:00:00Z');
/** feedparser's own tests serve the files from here; its expected links are resolved against it. */
const FEEDPARSER_BASE = 'http://127.0.0.1:8097/tests/';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    })
    .filter((path) => /\.(xml|rss|atom|rdf)$/.test(path));
}

type Outcome = { feed: ParsedFeed } | { error: Error };

async function parseFile(path: string, url: string): Promise<Outcome> {
  try {
    const text = decodeText(readFileSync(path));
    return { feed: await within(parseFeedText(text, { url }), 5_000, `parsing ${path}`) };
  } catch (error) {
    return { error: error as Error };
  }
}

/** What is wrong with the outcome of one file, if anything. */
function problemsOf(outcome: Outcome): string[] {
  if ('error' in outcome) {
    return outcome.error instanceof FeedParseError
      ? []
      : [`threw ${outcome.error.name}: ${outcome.error.message}`];
  }
  const problems: string[] = [];
  for (const item of outcome.feed.items) {
    const mapped = feedItemToRecord(item, 'feed:corpus', NOW);
    if (!mapped) {
      if (cleanFeedText(item.title) || cleanFeedText(item.body))
        problems.push('an item with text gave no record');
      continue;
    }
    const { record } = mapped;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/.test(record.title + record.abstract))
      problems.push(`control character in ${record.id}`);
    if (!record.title) problems.push(`empty title in ${record.id}`);
    if (!/^(arxiv|doi|item):\S+$/.test(record.id)) problems.push(`odd id ${record.id}`);
    if (record.url && !/^https?:\/\//.test(record.url)) problems.push(`non-http link ${record.url}`);
  }
  return problems;
}

const CORPORA = [
  'corpus/feedparser',
  'corpus/rss-parser',
  'generic_feeds',
  'arxiv_listing',
  'social_rss',
  'seminar_feeds',
];

describe('the feed corpus', () => {
  it.each(CORPORA)('every file of %s ends in records or a FeedParseError, in time', async (corpus) => {
    const files = filesUnder(join(FIXTURES, corpus));
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    let parsed = 0;
    for (const path of files) {
      const outcome = await parseFile(path, `http://feeds.example/${relative(FIXTURES, path)}`);
      if ('feed' in outcome) parsed++;
      for (const problem of problemsOf(outcome)) problems.push(`${relative(FIXTURES, path)}: ${problem}`);
    }
    expect(problems).toEqual([]);
    // Most files are feeds: a parser refusing everything would fail here.
    expect(parsed / files.length).toBeGreaterThan(0.8);
  });
});

// Why the bot reads some files otherwise than feedparser (a lenient parser with other aims).
const TRUNCATED =
  'the file ends in "</rss" or "</feed" without ">": truncated XML is refused with a clear error, and the next poll reads the whole feed';
const UNDEFINED = 'an undefined entity is a fatal XML error; the feed is refused with a clear error';
const BARE_AMPERSAND = 'a bare "&" in an attribute is not XML; the feed is refused with a clear error';
const CONTENT_LOCATION =
  "feedparser's test server sends a Content-Location header; the bot's base is the URL it fetched";
const ID_NOT_RESOLVED = 'an id is the key an item is known by, kept as written, not a link to resolve';
const CDF = "Microsoft's Channel Definition Format (1997) is not RSS or Atom; refused with a clear error";
const CASE = 'XML names are case-sensitive: <TiTlE> is not <title> (only iTunes reads it as one)';
const PREFIXED_RSS =
  'RSS elements under a prefix (<rss:item>, <r:rss>) are not read by rss-parser; refused clearly';
const WHOLE_DOCUMENT =
  "a whole HTML page as a title: the bot keeps the body's text and drops scripts (feedparser keeps the <title> and a script's text)";
const DECLARATION = 'an unclosed "<!DOCTYPE" is markup to the HTML parser: its "<!" goes';
const HTML5_COMMENT = 'a comment never closed runs to the end, as in a browser: "sa" rather than "safe"';

/**
 * Where the bot reads otherwise than feedparser, and why that is right for the bot. Checked to be
 * exactly the disagreements, so a fixed or new one shows.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'entities/160.xml feed.title': TRUNCATED,
  'entities/732.xml feed.title': TRUNCATED,
  'entities/8216.xml feed.title': TRUNCATED,
  'entities/8217.xml feed.title': TRUNCATED,
  'entities/8220.xml feed.title': TRUNCATED,
  'entities/8221.xml feed.title': TRUNCATED,
  'entities/9830.xml feed.title': TRUNCATED,
  'entities/attr_amp.xml feed.link': TRUNCATED,
  'entities/doesnotexist.xml feed.title': UNDEFINED,
  'entities/hex_entity_x_lowercase.xml entry.title': TRUNCATED,
  'entities/hex_entity_x_uppercase.xml entry.title': TRUNCATED,
  'entities/query_variable_entry.xml entry.link': BARE_AMPERSAND,
  'entities/query_variable_feed.xml feed.link': BARE_AMPERSAND,
  'wellformed/base/http_channel_link_base_content_location.xml feed.link': CONTENT_LOCATION,
  'wellformed/base/http_entry_id_base_content_location.xml entry.id': CONTENT_LOCATION,
  'wellformed/base/http_entry_id_base_docuri.xml entry.id': ID_NOT_RESOLVED,
  'wellformed/base/http_item_link_base_content_location.xml entry.link': CONTENT_LOCATION,
  'wellformed/cdf/channel_href_map_link.xml feed.link': CDF,
  'wellformed/cdf/channel_title.xml feed.title': CDF,
  'wellformed/cdf/item_href_map_link.xml entry.link': CDF,
  'wellformed/cdf/item_title.xml entry.title': CDF,
  'wellformed/http/headers_content_location-relative.xml feed.link': CONTENT_LOCATION,
  'wellformed/itunes/itunes_core_element_uppercase.xml feed.title': CASE,
  'wellformed/namespace/rss1.0withModulesNoDefNS.xml entry.title': PREFIXED_RSS,
  'wellformed/namespace/rss2.0NSwithModulesNoDefNS.xml entry.title': PREFIXED_RSS,
  'wellformed/sanitize/entry_title_crazy.xml entry.title': WHOLE_DOCUMENT,
  'wellformed/sanitize/feed_title_crazy.xml feed.title': WHOLE_DOCUMENT,
  'wellformed/sanitize/xml_declaration_unexpected_character.xml feed.title': DECLARATION,
  'wellformed/sanitize/xml_malicious_comment.xml feed.title': HTML5_COMMENT,
};

function expectedText(value: string): string {
  return looksLikeHtml(value) ? cleanHtml(value) : cleanText(value);
}

function normalisedUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function actualValue(feed: ParsedFeed, expectation: FeedparserExpectation): string | undefined {
  if (expectation.target === 'feed') {
    return expectation.field === 'title' ? cleanFeedText(feed.title) : feed.link;
  }
  const item = feed.items[0];
  if (!item) return undefined;
  if (expectation.field === 'title') return cleanFeedText(item.title);
  return expectation.field === 'link' ? item.link : item.guid;
}

function expectedValue(expectation: FeedparserExpectation): string {
  if (expectation.field === 'title') return expectedText(expectation.value);
  return expectation.field === 'link' ? normalisedUrl(expectation.value) : expectation.value;
}

describe("feedparser's stated expectations", () => {
  it('titles, links and ids agree, apart from the known differences', async () => {
    const root = join(FIXTURES, 'corpus/feedparser');
    const disagreements: Record<string, string> = {};
    let agreed = 0;
    for (const path of filesUnder(root)) {
      const expectations = expectationsOf(readFileSync(path, 'latin1'));
      if (expectations.length === 0) continue;
      const name = relative(root, path);
      const outcome = await parseFile(path, `${FEEDPARSER_BASE}${name}`);
      for (const expectation of expectations) {
        const key = `${name} ${expectation.target}.${expectation.field}`;
        const actual = 'feed' in outcome ? actualValue(outcome.feed, expectation) : outcome.error.message;
        const expected = expectedValue(expectation);
        if ((actual ?? '') === expected) agreed++;
        else disagreements[key] = `expected ${JSON.stringify(expected)}, read ${JSON.stringify(actual)}`;
      }
    }
    expect(Object.keys(disagreements).sort()).toEqual(Object.keys(KNOWN_DIFFERENCES).sort());
    expect(agreed).toBeGreaterThan(400);
  });
});
