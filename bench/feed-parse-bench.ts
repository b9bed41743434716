/**
 * Feed parse throughput over the real feeds in tests/fixtures (publishers' files and rss-parser's
 * own test inputs): the bot's parse (guards, inline markup, every field read as text, links
 * resolved) against rss-parser alone on the same texts, in the same run, alternating rounds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { decodeText } from '../src/net/decode-text.js';
import { parseFeedText } from '../src/sources/feeds/feed-parse.js';
import type { Metric } from './metric.js';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));
const FOLDERS = ['generic_feeds', 'arxiv_listing', 'social_rss', 'seminar_feeds', 'corpus/rss-parser'];
const ROUNDS = 6;
const MIN_ROUND_MS = 400;

function realFeeds(): string[] {
  return FOLDERS.flatMap((folder) =>
    readdirSync(join(FIXTURES, folder))
      .filter((name) => /\.(xml|rss|atom|rdf)$/.test(name))
      .map((name) => decodeText(readFileSync(join(FIXTURES, folder, name)))),
  );
}

/** Items per second of one parser over the texts it reads, repeated for at least MIN_ROUND_MS. */
async function round(texts: readonly string[], parse: (text: string) => Promise<number>): Promise<number> {
  let items = 0;
  const start = performance.now();
  do {
    for (const text of texts) items += await parse(text).catch(() => 0);
  } while (performance.now() - start < MIN_ROUND_MS);
  return items / ((performance.now() - start) / 1000);
}

const ours = async (text: string) =>
  (await parseFeedText(text, { url: 'https://feeds.example/feed.xml' })).items.length;
const rssParserAlone = async (text: string) => (await new Parser().parseString(text)).items.length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchFeedParse(): Promise<Record<string, Metric>> {
  const texts = realFeeds();
  // Only texts both can read: a feed one refuses is not throughput.
  const readable: string[] = [];
  for (const text of texts) {
    const [a, b] = await Promise.allSettled([ours(text), rssParserAlone(text)]);
    if (a.status === 'fulfilled' && b.status === 'fulfilled') readable.push(text);
  }
  const oursRounds: number[] = [];
  const baselineRounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    oursRounds.push(await round(readable, ours));
    baselineRounds.push(await round(readable, rssParserAlone));
  }
  return {
    feedParseItemsPerSecond: {
      value: Math.round(median(oursRounds)),
      unit: `items/s (${readable.length} real feeds)`,
      baseline: Math.round(median(baselineRounds)),
    },
  };
}
