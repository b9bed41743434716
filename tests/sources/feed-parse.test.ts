/**
 * Every real-world feed in tests/fixtures parses into sensible paper records or fails with a
 * clear FeedParseError: never a crash, never a record without a title or with a junk date.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/net/decode-text.js';
import { feedItemToRecord, splitAuthorList } from '../../src/sources/feeds/feed-item-record.js';
import { FeedParseError, parseFeedText } from '../../src/sources/feeds/feed-parse.js';

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
