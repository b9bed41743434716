/**
 * Fuzzing the parsers with mutated real feeds and calendars: truncated, bytes flipped, wrong
 * encoding, huge fields, nested entities, binary noise, deep nesting. Every input must end in
 * records or in the parser's own typed error (which the source reports with its id and URL):
 * no other exception, no hang (a hang fails the test by its timeout).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/net/decode-text.js';
import { ArxivResponseError, parseArxivFeed } from '../../src/sources/arxiv/arxiv-atom.js';
import { arxivEntryToRecord } from '../../src/sources/arxiv/arxiv-record.js';
import { CalendarParseError, readCalendar } from '../../src/sources/calendars/index.js';
import { feedItemToRecord } from '../../src/sources/feeds/feed-item-record.js';
import { FeedParseError, parseFeedText } from '../../src/sources/feeds/feed-parse.js';
import { seededRandom } from '../support/seeded-random.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function fixtures(...dirs: string[]): Buffer[] {
  return dirs.flatMap((dir) => {
    const base = new URL(`../fixtures/${dir}/`, import.meta.url);
    return readdirSync(base)
      .filter((f) => !f.endsWith('.md') && !f.endsWith('.txt'))
      .map((file) => readFileSync(new URL(file, base)));
  });
}

type Mutation = (input: Buffer, random: () => number) => Buffer;
const at = (input: Buffer, random: () => number) => Math.floor(random() * input.length);

const MUTATIONS: Record<string, Mutation> = {
  truncate: (input, random) => input.subarray(0, at(input, random)),
  flipBytes: (input, random) => {
    const copy = Buffer.from(input);
    for (let i = 0; i < 20; i++) copy[at(copy, random)] = Math.floor(random() * 256);
    return copy;
  },
  wrongEncoding: (input) =>
    Buffer.from(input.toString('latin1').replace(/encoding="[^"]*"/i, 'encoding="utf-16"'), 'utf16le'),
  hugeField: (input, random) => {
    const cut = at(input, random);
    return Buffer.concat([input.subarray(0, cut), Buffer.from('x'.repeat(300_000)), input.subarray(cut)]);
  },
  nestedEntities: (input) => {
    const bomb =
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>';
    return Buffer.from(
      input
        .toString('utf8')
        .replace(/(<\?xml[^>]*\?>)?/, `$1${bomb}`)
        .replace(/<title>/, '<title>&d;'),
    );
  },
  binary: (input, random) => {
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
    return Buffer.concat([input.subarray(0, at(input, random)), noise]);
  },
  deepNesting: (input, random) => {
    const cut = at(input, random);
    return Buffer.concat([input.subarray(0, cut), Buffer.from('<a>'.repeat(5_000)), input.subarray(cut)]);
  },
  duplicateLines: (input, random) => {
    const lines = input.toString('utf8').split('\n');
    const i = Math.floor(random() * lines.length);
    lines.splice(i, 0, ...Array(200).fill(lines[i] ?? ''));
    return Buffer.from(lines.join('\n'));
  },
};

function* mutants(seeds: Buffer[], count: number, seed: number): Generator<[string, Buffer]> {
  const random = seededRandom(seed);
  const names = Object.keys(MUTATIONS);
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length]!;
    const input = seeds[Math.floor(random() * seeds.length)]!;
    yield [name, MUTATIONS[name]!(input, random)];
  }
}

async function parseAsFeed(bytes: Buffer): Promise<void> {
  const text = decodeText(bytes);
  if (text.includes('<feed') && text.includes('arxiv')) {
    try {
      for (const entry of parseArxivFeed(text).entries) arxivEntryToRecord(entry, 'arxiv');
    } catch (error) {
      if (!(error instanceof ArxivResponseError)) throw error;
    }
  }
  try {
    const feed = await parseFeedText(text);
    for (const item of feed.items) {
      const mapped = feedItemToRecord(item, 'feed:fuzz', NOW);
      if (mapped) expect(typeof mapped.record.title).toBe('string');
    }
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
  }
}

function parseAsCalendar(bytes: Buffer): void {
  try {
    const reading = readCalendar(decodeText(bytes), {
      defaultTimezone: 'Europe/London',
      now: NOW,
      horizonDays: 60,
    });
    for (const event of reading.events) expect(Number.isNaN(Date.parse(event.start))).toBe(false);
  } catch (error) {
    if (!(error instanceof CalendarParseError)) throw error;
  }
}

describe('fuzzing the parsers', () => {
  it('survives 600 mutated feeds (RSS, Atom, RDF, arXiv API)', async () => {
    const seeds = fixtures('generic_feeds', 'arxiv_api', 'arxiv_listing', 'social_rss', 'seminar_feeds');
    let count = 0;
    for (const [, input] of mutants(seeds, 600, 1)) {
      await parseAsFeed(input);
      count++;
    }
    expect(count).toBe(600);
  }, 120_000);

  it('survives 600 mutated calendars', () => {
    const seeds = fixtures('ical');
    let count = 0;
    for (const [, input] of mutants(seeds, 600, 2)) {
      parseAsCalendar(input);
      count++;
    }
    expect(count).toBe(600);
  }, 120_000);
});
