/**
 * The real arXiv API responses in tests/fixtures/arxiv_api (old and 2025+ formats).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivFeed } from '../../src/sources/arxiv/arxiv-atom.js';
import { arxivEntryToRecord } from '../../src/sources/arxiv/arxiv-record.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/arxiv_api/${name}`, import.meta.url), 'utf8');
const records = (name: string) =>
  parseArxivFeed(fixture(name)).entries.map((entry) => arxivEntryToRecord(entry, 'arxiv')!);

describe('arXiv API responses', () => {
  it('reads the 2025+ format with affiliations, journal ref and an old-style id', () => {
    const [record] = records('2026_id_astro-ph_0601001_affiliations_journal_ref.xml');
    expect(record).toMatchObject({
      id: 'arxiv:astro-ph/0601001',
      version: 1,
      authors: ['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski'],
      venue: 'ActaAstron.56:1-50,2006',
      primaryCategory: 'astro-ph',
      published: '2006-01-02T14:57:58Z',
      url: 'https://arxiv.org/abs/astro-ph/0601001',
    });
    expect(record!.abstract).toContain('Gould & Morgan (2003)');
    expect(record!.abstract).toContain('V_max<17.5');
  });

  it('reads the legacy format with per-element namespaces, DOIs and wrapped text', () => {
    const page = parseArxivFeed(fixture('legacy2016_author_search_au_del_maestro.xml'));
    expect(page.totalResults).toBe(31);
    expect(page.entries).toHaveLength(10);
    const first = arxivEntryToRecord(page.entries[0]!, 'arxiv')!;
    expect(first).toMatchObject({
      id: 'arxiv:1201.4869',
      doi: '10.1142/s021797921244002x',
      primaryCategory: 'cond-mat.mes-hall',
    });
    expect(first.links.doi).toBe('https://doi.org/10.1142/s021797921244002x');
    expect(first.abstract).not.toMatch(/\n|\s{2}/);
  });

  it('keeps the version of a versioned id and the v1 date', () => {
    const [record] = records('legacy2016_id_list_1111.2011v2_versioned.xml');
    expect(record).toMatchObject({ id: 'arxiv:1111.2011', version: 2 });
    expect(record!.published < record!.updated!).toBe(true);
  });

  it('keeps a title that is literally "0"', () => {
    expect(records('2026_id_2104.12255v1_title_is_zero.xml')[0]!.title).toBe('0');
  });

  it('does not take ids from a comment that cites other papers', () => {
    expect(records('legacy2013_search_query_1301.7746_comment_crossrefs.xml').map((r) => r.id)).toEqual([
      'arxiv:1301.7746',
    ]);
  });

  it('repairs the mojibake of the recorded search', () => {
    const names = records('2026_search_all_testing_10_results_MOJIBAKE.xml').flatMap((r) => r.authors);
    expect(names.some((name) => name.includes('Ã'))).toBe(false);
    expect(names.some((name) => /[íéú]/.test(name))).toBe(true);
  });

  it('turns the error feed into an error, not a paper called "Error"', () => {
    expect(() => parseArxivFeed(fixture('2026_error_http400_incorrect_id_format.xml'))).toThrow(
      /incorrect id format for abc/,
    );
  });

  it('reads an empty result as no entries with totalResults 0', () => {
    expect(parseArxivFeed(fixture('2026_empty_result_totalResults_0.xml'))).toMatchObject({
      entries: [],
      totalResults: 0,
    });
  });

  it('reads a list where one requested id does not exist', () => {
    expect(records('2026_id_list_two_ids_one_nonexistent.xml').map((r) => r.id)).toEqual([
      'arxiv:1707.08567',
    ]);
  });

  it('refuses entity declarations and text that is not XML', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feed>&a;</feed>';
    expect(() => parseArxivFeed(bomb)).toThrow(/entities/);
    expect(() => parseArxivFeed('<html><body>Rate exceeded.</body></html>')).toThrow(/not an Atom feed/);
  });

  it('keeps the < and > of plain-text titles and abstracts, however long', () => {
    const abstract = `We show that for n&lt;m and m&gt;k the bound holds. ${'For x&lt;y &amp; y&gt;z it does. '.repeat(2_000)}`;
    const xml = fixture('2026_id_2104.12255v1_title_is_zero.xml')
      .replace(/<title>0<\/title>/, '<title>Why x &lt;y&gt; z fails for &lt;T&gt;</title>')
      .replace(/<summary>[\s\S]*?<\/summary>/, `<summary>${abstract}</summary>`);
    const [record] = parseArxivFeed(xml).entries.map((entry) => arxivEntryToRecord(entry, 'arxiv')!);
    expect(record!.title).toBe('Why x <y> z fails for <T>');
    expect(record!.abstract.startsWith('We show that for n<m and m>k the bound holds. For x<y & y>z')).toBe(
      true,
    );
    expect(record!.abstract.length).toBe(abstract.replace(/&lt;|&gt;|&amp;/g, '_').trim().length);
  });
});
