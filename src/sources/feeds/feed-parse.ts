/**
 * RSS 0.9x/1.0/2.0 and Atom through rss-parser's `parseString`, on text fetched by our own client
 * (rss-parser's parseURL follows any redirect and reads without a size limit). rss-parser finds the
 * feed's items; every field is then read from the elements it hands over (xml-node.ts), as text,
 * whatever shape xml2js gave them, and links are resolved against `xml:base` and the feed's URL.
 *
 * A new parser for every document: one rss-parser holds one xml2js parser, which after a parse
 * stays marked as ended, so a second document without a root element never called back, and the
 * next document's result went to the wrong caller.
 */
import Parser from 'rss-parser';
import { HeraldError } from '../../errors.js';
import { looksLikeHtml } from '../../records/clean-text.js';
import { documentBase, feedLinkOf, itemLinkOf, resolveBase } from './feed-links.js';
import { inlineMarkupAsCdata } from './inline-markup.js';
import { allNodes, childNode, nodeAttribute, nodeText, type XmlNode } from './xml-node.js';

/** Text of a feed field, and whether it is HTML (to be turned into text) or plain text. */
export interface FeedText {
  value: string;
  html: boolean;
}

export interface FeedItem {
  title?: FeedText;
  /** content:encoded, Atom content, RSS description or Atom summary: the fullest there is. */
  body?: FeedText;
  /** Absolute http(s) URL, resolved against xml:base and the feed's URL. */
  link?: string;
  /** RSS guid or Atom id. */
  guid?: string;
  /** Publication (else update) date, ISO 8601, when one could be read. */
  isoDate?: string;
  /** Names as the feed writes them: dc:creator, RSS author, Atom author name. */
  authors: string[];
  categories: string[];
  dcIdentifier?: string;
  prismDoi?: string;
  arxivDoi?: string;
  arxivJournalRef?: string;
  announceType?: string;
  /** The RSS event module, which talk listings use for a talk's time and place. */
  evStart?: string;
  evEnd?: string;
  evLocation?: string;
}

export interface ParsedFeed {
  /** The feed's own title, as plain text or HTML. */
  title?: FeedText;
  link?: string;
  items: FeedItem[];
}

export interface FeedParseOptions {
  /** The URL the feed was fetched from: the base of relative links. */
  url?: string;
}

export class FeedParseError extends HeraldError {
  constructor(message: string) {
    super('FEED_INVALID', message);
  }
}

type RawFields = Record<string, XmlNode>;

/** Raw elements of each item and of the feed, kept as xml2js made them (`keepArray`). */
const RAW_ITEM_FIELDS = [
  '$',
  'title',
  'dc:title',
  'media:title',
  'link',
  'guid',
  'id',
  'description',
  'content',
  'summary',
  'content:encoded',
  'published',
  'pubDate',
  'dc:date',
  'updated',
  'issued',
  'modified',
  'created',
  'author',
  'dc:creator',
  'category',
  'dc:subject',
  'dc:identifier',
  'prism:doi',
  'arxiv:DOI',
  'arxiv:journal_reference',
  'arxiv:announce_type',
  'ev:startdate',
  'ev:enddate',
  'ev:location',
];
const RAW_FEED_FIELDS = ['$', 'title', 'dc:title', 'link'];

const rawFields = (names: string[]) =>
  names.map((name) => [name, `raw:${name}`, { keepArray: true }] as [string, string, { keepArray: true }]);

/** What repairing a document found. */
interface RepairFacts {
  missingChannel: boolean;
}

const FEED_ROOTS = new Set(['rss', 'rdf:RDF', 'feed']);

/** Comments and CDATA hold text: a `<!` in them (say, in quoted JavaScript) declares nothing. */
const CDATA_SECTIONS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;

export async function parseFeedText(text: string, options: FeedParseOptions = {}): Promise<ParsedFeed> {
  const xml = stripLeadingJunk(text);
  // Entity declarations are how XML bombs work; feeds have no use for them.
  if (/<!ENTITY/i.test(xml.slice(0, 10_000)))
    throw new FeedParseError('the feed declares XML entities; refused');
  const outsideCdata = xml.replace(CDATA_SECTIONS, '');
  // Not XML anyway, and sax (under rss-parser) reads such a declaration in quadratic time:
  // a long one would block the process for minutes (found by fuzzing).
  if (/<!(?!--|\[CDATA\[|DOCTYPE)/i.test(outsideCdata)) {
    throw new FeedParseError('the feed has a malformed <! declaration');
  }
  if (!/<[A-Za-z_]/.test(outsideCdata)) {
    throw new FeedParseError(
      'the document has no root element (it is empty, or only a declaration or comments)',
    );
  }
  const root = /<([A-Za-z_][\w.:-]*)/.exec(outsideCdata)?.[1];
  if (root && !FEED_ROOTS.has(root))
    throw new FeedParseError(`not a readable RSS or Atom feed: its root element is <${root}>`);
  if (root === 'rss' && !/<channel[\s/>]/.test(outsideCdata))
    throw new FeedParseError('not a readable RSS feed: <rss> has no <channel> element');
  const markup = addMissingRssVersion(inlineMarkupAsCdata(xml));
  let feed: RawFeed;
  try {
    feed = await parseWith(newParser(), markup);
  } catch (error) {
    // rss-parser throws a TypeError or RangeError on shapes it does not expect: read once more
    // with the nodes repaired as they are built (a cost only such feeds pay).
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const facts: RepairFacts = { missingChannel: false };
    feed = await parseWith(newParser(facts), markup);
    if (facts.missingChannel && feed.items.length === 0)
      throw new FeedParseError(`not a readable RSS feed: <${root}> has no <channel> element`);
  }
  return readFeed(feed, root === 'feed', options);
}

type RawFeed = Parser.Output<RawFields> & RawFields;

async function parseWith(parser: Parser<RawFields, RawFields>, xml: string): Promise<RawFeed> {
  let feed: RawFeed;
  try {
    feed = await parser.parseString(xml);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw error;
    throw new FeedParseError(`not a readable RSS or Atom feed: ${firstLine((error as Error).message)}`);
  }
  if (!Array.isArray(feed.items))
    throw new FeedParseError('not an RSS or Atom feed (no channel or feed element)');
  return feed;
}

/** A parser of our own for every document; with `facts`, one that repairs nodes as they close. */
function newParser(facts?: RepairFacts): Parser<RawFields, RawFields> {
  const options = {
    customFields: { item: rawFields(RAW_ITEM_FIELDS), feed: rawFields(RAW_FEED_FIELDS) },
    ...(facts ? { xml2js: { validator: repairNode(facts) } } : {}),
  };
  // rss-parser's types allow `keepArray` on item fields only; its code reads feed fields alike.
  return new Parser(options as unknown as Parser.ParserOptions<RawFields, RawFields>);
}

/**
 * xml2js's validator hook, called for every element as it closes: repairs the shapes rss-parser
 * would throw a TypeError on (an Atom link without attributes, an unparseable Atom date, an RSS
 * 1.0 root without channel). xml2js builds each element's path for it, which costs a fifth of
 * the parse: hence only on a second reading.
 */
function repairNode(facts: RepairFacts) {
  return (xpath: string, _previous: unknown, node: unknown): unknown => {
    const name = xpath.slice(xpath.lastIndexOf('/') + 1);
    if (name === 'link') return withAttributes(node);
    if ((name === 'published' || name === 'updated') && typeof node === 'string')
      return Number.isNaN(Date.parse(node.trim())) ? '' : node;
    if (xpath.indexOf('/', 1) < 0) return repairRoot(name, node, facts);
    return node;
  };
}

function withAttributes(node: unknown): unknown {
  if (typeof node === 'string') return node.trim() ? { _: node, $: { href: node.trim() } } : { $: {} };
  if (node && typeof node === 'object' && !('$' in node)) return { ...node, $: {} };
  return node ?? { $: {} };
}

function repairRoot(name: string, node: unknown, facts: RepairFacts): unknown {
  if (name !== 'rss' && name !== 'rdf:RDF') return node;
  // An empty `<rss></rss>` comes as a string.
  const root = (node && typeof node === 'object' ? node : {}) as Record<string, unknown>;
  if (!Array.isArray(root.channel)) {
    facts.missingChannel = true;
    root.channel = [{}];
  }
  return root;
}

/** The attributes of the feed or item element itself (rss-parser copies its `$` as it is). */
function ownAttributes(raw: RawFields): Record<string, string> {
  const attributes = raw['raw:$'];
  return attributes && typeof attributes === 'object' ? (attributes as Record<string, string>) : {};
}

function readFeed(feed: RawFields, atom: boolean, options: FeedParseOptions): ParsedFeed {
  const feedBase = resolveBase(documentBase(options.url), ownAttributes(feed)['xml:base']);
  const items = (feed.items as RawFields[]).map((item) => readItem(item, atom, feedBase));
  const title = feedText(feed['raw:title'], 'guess') ?? feedText(feed['raw:dc:title'], 'guess');
  const link = feedLinkOf(feed['raw:link'], feedBase);
  return { ...(title ? { title } : {}), ...(link ? { link } : {}), items };
}

function readItem(raw: RawFields, atom: boolean, feedBase: string | undefined): FeedItem {
  const field = (name: string) => raw[`raw:${name}`];
  const attributes = ownAttributes(raw);
  const base = resolveBase(feedBase, attributes['xml:base']);
  const guid = nodeText(field('guid')) ?? nodeText(field('id')) ?? attributes['rdf:about']?.trim();
  const item: FeedItem = { authors: authorsOf(field), categories: categoriesOf(field) };
  const title =
    feedText(field('title'), 'guess') ??
    feedText(field('dc:title'), 'guess') ??
    feedText(field('media:title'), 'guess');
  if (title) item.title = title;
  const body =
    feedText(field('content:encoded'), 'html') ??
    feedText(field('content'), atom ? 'guess' : 'html') ??
    feedText(field('description'), 'html') ??
    feedText(field('summary'), atom ? 'guess' : 'html');
  if (body) item.body = body;
  const link = itemLinkOf(field('link'), field('guid'), base);
  if (link) item.link = link;
  if (guid) item.guid = guid;
  const isoDate = firstDate(
    ['published', 'pubDate', 'dc:date', 'issued', 'created', 'updated', 'modified'].map(field),
  );
  if (isoDate) item.isoDate = isoDate;
  const texts: [keyof FeedItem, string][] = [
    ['dcIdentifier', 'dc:identifier'],
    ['prismDoi', 'prism:doi'],
    ['arxivDoi', 'arxiv:DOI'],
    ['arxivJournalRef', 'arxiv:journal_reference'],
    ['announceType', 'arxiv:announce_type'],
    ['evStart', 'ev:startdate'],
    ['evEnd', 'ev:enddate'],
    ['evLocation', 'ev:location'],
  ];
  for (const [key, name] of texts) {
    const value = nodeText(field(name));
    if (value) (item as unknown as Record<string, string>)[key] = value;
  }
  return item;
}

/** How a field's text is read when it does not say: as plain text, as HTML, or by its look. */
type DefaultType = 'text' | 'html' | 'guess';

const HTML_TYPES = new Set(['html', 'xhtml', 'text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text', 'text/plain']);

/**
 * A text construct: Atom says with `type` (text, html, xhtml) and Atom 0.3 with `mode`; RSS does
 * not say, so a description is HTML, and a title (or an Atom element without `type`, which many
 * feeds fill with escaped HTML although the default is text) is HTML only when it looks like it
 * (feedparser's rule). Base64 content (Atom 0.3 `mode="base64"`, or an Atom 1.0 type that is neither text nor
 * XML, RFC 4287 4.1.3.3) is decoded and then read by its look.
 */
function feedText(node: XmlNode, byDefault: DefaultType): FeedText | undefined {
  const value = nodeText(node);
  if (value === undefined) return undefined;
  const type = nodeAttribute(node, 'type')?.toLowerCase();
  const mode = nodeAttribute(node, 'mode')?.toLowerCase();
  if (mode === 'base64' || (type?.includes('/') && !/^text\/|[/+]xml$/.test(type))) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return { value: decoded, html: looksLikeHtml(decoded) };
  }
  if (type && HTML_TYPES.has(type)) return { value, html: true };
  if (type && TEXT_TYPES.has(type)) return { value, html: false };
  if (mode === 'escaped' || byDefault === 'html') return { value, html: true };
  return { value, html: byDefault === 'guess' && looksLikeHtml(value) };
}

/** dc:creator, RSS author (text) or Atom author (with a name element), each as written. */
function authorsOf(field: (name: string) => XmlNode): string[] {
  const names = [
    ...allNodes(field('dc:creator')).map(nodeText),
    ...allNodes(field('author')).map((author) => nodeText(childNode(author, 'name')) ?? nodeText(author)),
  ];
  return names.filter((name): name is string => name !== undefined);
}

/** RSS category text, Atom category term, dc:subject. */
function categoriesOf(field: (name: string) => XmlNode): string[] {
  const categories = [
    ...allNodes(field('category')).map((node) => nodeText(node) ?? nodeAttribute(node, 'term')),
    ...allNodes(field('dc:subject')).map(nodeText),
  ];
  return categories.filter((category): category is string => category !== undefined);
}

function firstDate(nodes: XmlNode[]): string | undefined {
  for (const node of nodes) {
    const text = nodeText(node);
    const time = text ? Date.parse(text) : Number.NaN;
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return undefined;
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
