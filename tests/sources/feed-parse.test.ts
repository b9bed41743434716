/**
 * Every real-world feed in tests/fixtures parses into sensible paper records or fails with a
 * clear FeedParseError: never a crash, never a record without a title or with a junk date.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feedSchema } from '../../src/config/schema.js';
import { decodeText } from '../../src/net/decode-text.js';
import { feedItemToRecord, splitAuthorList } from '../../src/sources/feeds/feed-item-record.js';
import { FeedParseError, parseFeedText } from '../../src/sources/feeds/feed-parse.js';
import { PaperFeedSource } from '../../src/sources/feeds/paper-feed-source.js';
import { within } from '../support/deadline.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const dir = (name: string) => new URL(`../fixtures/${name}/`, import.meta.url);
const files = (name: string) =>
  readdirSync(dir(name)).map((file) => [`${name}/${file}`, new URL(file, dir(name))] as const);

async function recordsOf(url: URL) {
  const feed = await parseFeedText(decodeText(readFileSync(url)));
  return feed.items.map((item) => feedItemToRecord(item, 'feed:test', NOW)).filter((r) => r !== undefined);
}

/** Files that are broken on purpose: they must fail cleanly. */
const BROKEN = new Set([
  'generic_feeds/rss2_truncated_incomplete_cdata_comment_before_decl.xml',
  'generic_feeds/rss2_bom_plus_invalid_utf8_bytes.xml',
]);

describe('real-world feeds', () => {
  const all = [...files('generic_feeds'), ...files('arxiv_listing'), ...files('social_rss')];
  it.each(all.filter(([name]) => !BROKEN.has(name)))('%s gives sensible records', async (_name, url) => {
    for (const { record } of await recordsOf(url)) {
      expect(record.title.length).toBeGreaterThan(0);
      expect(record.title).not.toMatch(/<[a-z]|&[a-z]+;|\s{2}/i);
      expect(record.abstract).not.toMatch(/<script|onload=/i);
      expect(Number.isNaN(Date.parse(record.published))).toBe(false);
      expect(record.id).toMatch(/^(arxiv|doi|item):\S+$/);
    }
  });

  it.each([...BROKEN])('%s fails with a clear error', async (name) => {
    await expect(
      parseFeedText(decodeText(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)))),
    ).rejects.toBeInstanceOf(FeedParseError);
  });

  it('reads the arXiv listing: ids, authors, announce types, abstracts without the preamble', async () => {
    const feed = await parseFeedText(
      decodeText(
        readFileSync(
          new URL('../fixtures/arxiv_listing/rss_arxiv_org_quant-ph_2025-04-28.xml', import.meta.url),
        ),
      ),
    );
    const mapped = feed.items.map((item) => feedItemToRecord(item, 'feed:quant-ph', NOW)!);
    expect(mapped).toHaveLength(81);
    expect(mapped.filter((m) => m.revision)).toHaveLength(31); // replace 22 + replace-cross 9
    const first = mapped[0]!.record;
    expect(first).toMatchObject({
      id: 'arxiv:2504.17830',
      authors: ['Radmir Kokoulin'],
      url: 'https://arxiv.org/abs/2504.17830',
    });
    expect(first.abstract.startsWith('We introduce a self-adjoint time operator')).toBe(true);
    expect(mapped.every((m) => m.record.id.startsWith('arxiv:'))).toBe(true);
  });

  it('reads bioRxiv RDF: DOI ids and "Last, F." author lists', async () => {
    const [first] = await recordsOf(
      new URL('../fixtures/generic_feeds/rss1_rdf_biorxiv_plant_biology_no_xml_decl.rdf', import.meta.url),
    );
    expect(first!.record.id).toBe('doi:10.1101/743294');
    expect(first!.record.authors.slice(0, 3)).toEqual(['Kaur, M.', 'Shukla, A.', 'Kanwar, S.']);
    expect(first!.record.title.startsWith('Wheat inositol')).toBe(true);
  });

  it('derives a title for items that have none (microblogs, Mastodon)', async () => {
    const mapped = await recordsOf(
      new URL(
        '../fixtures/social_rss/mastodon_account_rss_v4.6.6_click.ba.it_jason_TRANSCRIBED.xml',
        import.meta.url,
      ),
    );
    expect(mapped.length).toBeGreaterThan(5);
    for (const { record } of mapped) expect(record.title.length).toBeLessThanOrEqual(121);
  });

  it('decodes legacy encodings into the right characters', async () => {
    const mapped = await recordsOf(
      new URL('../fixtures/generic_feeds/rss2_iso-8859-2_enclosure_dc_creator_cdata.rss', import.meta.url),
    );
    expect(mapped.map((m) => m.record.title).join(' ')).toMatch(/[ąćęłńóśźż]/i);
  });

  it('splits author lists in both shapes', () => {
    expect(splitAuthorList('A. One, B. Two and C. Three')).toEqual(['A. One', 'B. Two', 'C. Three']);
    expect(splitAuthorList('Kaur, M., Shukla, A. K.')).toEqual(['Kaur, M.', 'Shukla, A. K.']);
  });

  it('refuses entity declarations (XML bombs)', async () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>';
    await expect(parseFeedText(bomb)).rejects.toThrow(/entities/);
  });
});

const atom = (entry: string, feedAttributes = '') =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"${feedAttributes}><title>T</title><entry>${entry}</entry></feed>`;
const rss = (item: string) =>
  `<rss version="2.0"><channel><title>T</title><item>${item}</item></channel></rss>`;

async function firstRecord(xml: string, url = 'https://lab.example/feeds/papers.xml') {
  const feed = await parseFeedText(xml, { url });
  return feedItemToRecord(feed.items[0]!, 'feed:test', NOW)?.record;
}

describe('fields in whatever shape the XML gives them', () => {
  it('reads an xhtml title, a title with inline markup, in order', async () => {
    const xhtml = atom(
      '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>bold</b> words</div></title><id>urn:1</id>',
    );
    expect((await firstRecord(xhtml))?.title).toBe('Example bold words');
    expect((await firstRecord(rss('<title>Example <b>bold</b> words</title><guid>g1</guid>')))?.title).toBe(
      'Example bold words',
    );
  });

  it('reads xhtml, empty and attribute-carrying feed titles and ids without a TypeError', async () => {
    const feed = await parseFeedText(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title type="text"></title><entry><title>A</title><id xml:base="http://x.example/">urn:2</id></entry></feed>',
    );
    expect(feed.title).toBeUndefined();
    expect(feed.items[0]!.guid).toBe('urn:2');
  });

  it('keeps < and > of an Atom text title, and reads an html one as HTML', async () => {
    const text = atom('<title type="text">Why x &lt;y&gt; z fails for &lt;T&gt;</title><id>urn:3</id>');
    expect((await firstRecord(text))?.title).toBe('Why x <y> z fails for <T>');
    const html = atom(
      '<title type="html">History of the &amp;lt;blink&amp;gt; &lt;b&gt;tag&lt;/b&gt;</title><id>u</id>',
    );
    expect((await firstRecord(html))?.title).toBe('History of the <blink> tag');
  });

  it('resolves relative links against xml:base and the feed URL, and keeps only http(s)', async () => {
    expect((await firstRecord(rss('<title>A</title><link>/papers/1.html</link>')))?.url).toBe(
      'https://lab.example/papers/1.html',
    );
    const based = atom(
      '<title>B</title><id>urn:b</id><link href="2.html"/>',
      ' xml:base="http://other.example/dir/"',
    );
    expect((await firstRecord(based))?.url).toBe('http://other.example/dir/2.html');
    const entryBased = atom('<title>C</title><link href="c.html"/>').replace(
      '<entry>',
      '<entry xml:base="/e/">',
    );
    expect((await firstRecord(entryBased))?.url).toBe('https://lab.example/e/c.html');
    const script = rss('<title>D</title><link>javascript:alert(1)</link><guid isPermaLink="false">d</guid>');
    expect((await firstRecord(script))?.url).toBe('');
    const rssHref = rss('<title>E</title><link href="https://lab.example/e"/>');
    expect((await firstRecord(rssHref))?.url).toBe('https://lab.example/e');
  });

  it('does not carry the feed URL credentials or query into a resolved link', async () => {
    const record = await firstRecord(
      rss('<title>F</title><link>/f</link>'),
      'https://u:p@lab.example/x.xml?token=s',
    );
    expect(record?.url).toBe('https://lab.example/f');
  });

  it('gives an item with a title but no guid, id or link a stable id from what it says', async () => {
    const item = rss('<title>Only a title</title><description>and a text</description>');
    const first = await firstRecord(item);
    expect(first?.id).toMatch(/^item:[0-9a-f]{16}$/);
    expect((await firstRecord(item))?.id).toBe(first?.id);
    const other = await firstRecord(
      rss('<title>Only a title</title><description>another text</description>'),
    );
    expect(other?.id).not.toBe(first?.id);
  });

  it('fails <rss> and <rdf:RDF> without <channel>, and a document without root, with a clear error', async () => {
    await expect(parseFeedText('<rss version="2.0"><item><title>x</title></item></rss>')).rejects.toThrow(
      /<rss> has no <channel>/,
    );
    await expect(
      parseFeedText('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'),
    ).rejects.toThrow(/<rdf:RDF> has no <channel>/);
    for (const rootless of ['<?xml version="1.0" encoding="UTF-8"?>', '<!-- only a comment -->', '']) {
      await expect(parseFeedText(rootless)).rejects.toBeInstanceOf(FeedParseError);
    }
  });

  it('parses a root-less document beside others at once: each gets its own result', async () => {
    const feeds = [
      rss('<title>one</title><guid>1</guid>'),
      '<?xml version="1.0"?>',
      rss('<title>two</title><guid>2</guid>'),
    ];
    const results = await within(
      Promise.allSettled(feeds.map((text) => parseFeedText(text))),
      5_000,
      'three concurrent parses',
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.items[0]?.title?.value : 'error'))).toEqual(
      ['one', 'error', 'two'],
    );
  });
});

describe('a paper feed source', () => {
  it('reports the items it skips, with neither title nor text', async () => {
    const body = Buffer.from(
      rss('<link>https://lab.example/1</link>').replace(
        '</channel>',
        '<item><title>Kept</title></item></channel>',
      ),
    );
    const fetcher = {
      fetch: async () => ({ status: 200, notModified: false, url: 'https://lab.example/feed', body }),
    };
    const feed = feedSchema.parse({ id: 'blog', url: 'https://lab.example/feed', kind: 'paper' });
    const result = await new PaperFeedSource(feed, fetcher, 5_000).poll({
      now: NOW,
      state: { failures: 0 },
      firstSightPeople: new Set(),
      known: async () => new Set(),
    });
    expect(result.records.map((record) => record.title)).toEqual(['Kept']);
    expect(result.problems).toEqual(['1 item(s) with neither title nor text skipped']);
  });
});
