/**
 * Normalise + diff throughput against a store, as a poll cycle does it: arXiv Atom entries become
 * records (`arxivEntryToRecord`), are diffed against the store (`diffRecords`) and what changed
 * is saved (`store.records.save`), 1,000 entries at a time. The store is first brought to a
 * steady state where 90% of the entries are already known, as on every cycle but the first.
 */
import { diffRecords } from '../src/announce/diff.js';
import { unchangedItems } from '../src/pipeline/unchanged.js';
import { buildWatchlist, matchRecordPeople } from '../src/records/watchlist.js';
import type { ArxivEntry } from '../src/sources/arxiv/arxiv-atom.js';
import { arxivEntryToRecord } from '../src/sources/arxiv/arxiv-record.js';
import { arxivPollResult } from '../src/sources/arxiv/arxiv-sources.js';
import type { Store } from '../src/store/store.js';
import { seededRandom } from '../tests/support/seeded-random.js';

const BATCH = 1_000;
const SOURCE_ID = 'arxiv';
const WATCHLIST = buildWatchlist([
  { id: 'favero', name: 'Alessandro Favero', aliases: [] },
  { id: 'wyart', name: 'Matthieu Wyart', aliases: [] },
  { id: 'sclocchi', name: 'Antonio Sclocchi', aliases: [] },
]);

const WORDS = (
  'learning neural network kernel regime feature scaling law diffusion model data manifold sparse ' +
  'hierarchical structure compositional generalisation gradient descent dynamics overparameterised ' +
  'random features teacher student transformer attention token sequence benchmark theory empirical ' +
  'estimate sample complexity curse dimensionality invariance symmetry deformation stability image ' +
  'convolutional layer depth width limit infinite finite noise temperature phase transition spin glass'
).split(' ');
const LATEX = ['$\\mathcal{O}(n^{-1/2})$', '$d \\to \\infty$', '$\\alpha \\approx 0.5$', '\\emph{e.g.}'];
const AUTHORS = [
  'Alessandro Favero',
  'Matthieu Wyart',
  'Antonio Sclocchi',
  'Francesco Cagnetta',
  'Leonardo Petrini',
];

function words(random: () => number, count: number): string {
  const picked: string[] = [];
  for (let i = 0; i < count; i++) {
    picked.push(
      random() < 0.02
        ? LATEX[Math.floor(random() * LATEX.length)]!
        : WORDS[Math.floor(random() * WORDS.length)]!,
    );
  }
  return picked.join(' ');
}

/** `count` realistic entries: title of 10 words, abstract of 150, 3 authors, a DOI on 30%. */
export function generateArxivEntries(count: number, seed = 42): ArxivEntry[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, n) => {
    const id = `${2300 + Math.floor(n / 90_000)}.${String(n % 90_000).padStart(5, '0')}`;
    const date = new Date(Date.UTC(2023, 0, 1) + n * 60_000).toISOString().replace('.000Z', 'Z');
    const first = Math.floor(random() * AUTHORS.length);
    return {
      id: `http://arxiv.org/abs/${id}v${1 + Math.floor(random() * 2)}`,
      title: words(random, 10),
      summary: `  ${words(random, 150)}\n  `,
      authors: [0, 1, 2].map((k) => AUTHORS[(first + k) % AUTHORS.length]!),
      published: date,
      updated: date,
      categories: ['cs.LG', 'stat.ML', 'cond-mat.dis-nn'],
      primaryCategory: 'cs.LG',
      ...(n % 10 < 3 ? { doi: `10.1103/PhysRevX.${n}` } : {}),
      links: [
        { href: `http://arxiv.org/abs/${id}v1`, rel: 'alternate', type: 'text/html' },
        { href: `http://arxiv.org/pdf/${id}v1`, rel: 'related', title: 'pdf', type: 'application/pdf' },
      ],
    };
  });
}

/**
 * One batch as a poll cycle handles it: the arXiv source turns entries into records (skipping
 * those the store holds unchanged), people are matched, the diff runs, what changed is saved.
 */
async function cycleBatch(store: Store, entries: readonly ArxivEntry[]): Promise<number> {
  const unchanged = unchangedItems(store.records.known, WATCHLIST, []);
  const result = arxivPollResult(entries, SOURCE_ID, { unchanged });
  const records = result.records.map((record) => ({
    ...record,
    people: matchRecordPeople(record, WATCHLIST, true),
  }));
  const diff = await diffRecords(
    {
      records,
      aliases: result.aliases ?? [],
      revisions: new Set(),
      sourceFirstSight: false,
      firstSightPeople: new Set(),
      backfill: 5,
    },
    store.records,
  );
  await store.records.save(diff.toSave, diff.aliases);
  return diff.news.length;
}

/**
 * Items per second through normalise + diff + save, `items` entries of which 90% are already in
 * the store (seeded first, untimed). Throws if the diff does not find exactly the 10% new ones.
 */
export async function diffThroughput(store: Store, items: number): Promise<number> {
  const entries = generateArxivEntries(items);
  const known = entries.filter((_, n) => n % 10 !== 0);
  for (let start = 0; start < known.length; start += BATCH)
    await cycleBatch(store, known.slice(start, start + BATCH));

  const started = performance.now();
  let news = 0;
  for (let start = 0; start < entries.length; start += BATCH)
    news += await cycleBatch(store, entries.slice(start, start + BATCH));
  const seconds = (performance.now() - started) / 1000;

  const expected = entries.length - known.length;
  if (news !== expected) throw new Error(`the diff found ${news} new items, expected ${expected}`);
  return Math.round(items / seconds);
}

/**
 * The naive way, for comparison: each item looked up and written on its own (one `get`, and one
 * `set` for the new ones), in a fresh process's view of the store: no batching, no cache.
 */
export async function naiveDiffThroughput(store: Store, items: number): Promise<number> {
  const entries = generateArxivEntries(items);
  const known = entries.filter((_, n) => n % 10 !== 0);
  for (let start = 0; start < known.length; start += BATCH)
    await cycleBatch(store, known.slice(start, start + BATCH));
  const started = performance.now();
  let news = 0;
  for (const entry of entries) {
    const parsed = arxivEntryToRecord(entry, SOURCE_ID);
    if (!parsed) continue;
    const record = { ...parsed, people: matchRecordPeople(parsed, WATCHLIST, true) };
    if ((await store.records.get(record.id)) === undefined) {
      await store.records.save([record]);
      news++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (news !== entries.length - known.length) throw new Error(`the naive diff found ${news} new items`);
  return Math.round(items / seconds);
}
