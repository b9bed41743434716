/**
 * A synthetic corpus for the search benchmark: papers whose words follow Zipf's law over a
 * vocabulary of 30,000 made-up words (titles of 10 words, abstracts of 150, three authors), and a
 * mix of queries a group would type: common and rare words, two words, prefixes, typos.
 * Deterministic: the same seed gives the same corpus and queries.
 */
import type { PaperRecord } from '../src/records/record.js';
import { seededRandom } from '../tests/support/seeded-random.js';

const SYLLABLES = [
  'ka',
  'to',
  'ri',
  'mu',
  'sen',
  'lo',
  'dra',
  'vi',
  'pex',
  'qua',
  'ne',
  'tor',
  'lin',
  'gra',
  'phi',
  'zo',
  'mer',
  'ast',
  'io',
  'un',
  'bel',
  'cor',
  'dif',
  'fu',
  'sion',
  'ar',
  'ith',
  'met',
  'ic',
  'bo',
  'sca',
  'le',
  'ten',
  'sor',
  'gen',
  'ra',
  'tive',
  'den',
  'ops',
  'nel',
  'ker',
  'ma',
  'trix',
  'ent',
];

function inventWords(count: number, rnd: () => number, minSyllables: number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const syllables = minSyllables + Math.floor(rnd() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    if (word.length >= 3) words.add(word);
  }
  return [...words];
}

export class Corpus {
  /** Vocabulary, most frequent first. */
  readonly words: string[];
  readonly #cumulative: Float64Array;
  readonly #rnd: () => number;
  readonly #surnames: string[];
  readonly #given: string[];

  constructor(seed = 7, vocabulary = 30_000) {
    this.#rnd = seededRandom(seed);
    this.words = inventWords(vocabulary, this.#rnd, 1);
    this.#cumulative = new Float64Array(vocabulary);
    let sum = 0;
    for (let rank = 0; rank < vocabulary; rank++) {
      sum += 1 / (rank + 1);
      this.#cumulative[rank] = sum;
    }
    const capitalised = (word: string) => word[0]!.toUpperCase() + word.slice(1);
    this.#surnames = inventWords(3000, this.#rnd, 2).map(capitalised);
    this.#given = inventWords(300, this.#rnd, 2).map(capitalised);
  }

  /** A word drawn by Zipf's law (rank r with probability proportional to 1/r). */
  word(): string {
    const target = this.#rnd() * this.#cumulative[this.#cumulative.length - 1]!;
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return this.words[low]!;
  }

  text(count: number): string {
    return Array.from({ length: count }, () => this.word()).join(' ');
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#rnd() * items.length)]!;
  }

  /** A word of Zipf rank in [from, to). */
  wordOfRank(from: number, to: number): string {
    return this.words[from + Math.floor(this.#rnd() * (to - from))]!;
  }

  paper(n: number): PaperRecord {
    const arxivId = `${String(15 + Math.floor(n / 5000)).padStart(2, '0')}01.${String(n % 100_000).padStart(5, '0')}`;
    // Spread over ten years, a few minutes apart, in id order.
    const published = new Date(Date.UTC(2015, 0, 1) + n * 6 * 60_000).toISOString();
    const authors = Array.from({ length: 3 }, () => `${this.pick(this.#given)} ${this.pick(this.#surnames)}`);
    const title = this.text(10);
    return {
      kind: 'paper',
      id: `arxiv:${arxivId}`,
      arxivId,
      version: 1,
      title: title[0]!.toUpperCase() + title.slice(1),
      abstract: `${this.text(150)}.`,
      authors,
      categories: ['cs.LG'],
      primaryCategory: 'cs.LG',
      url: `https://arxiv.org/abs/${arxivId}`,
      links: { abs: `https://arxiv.org/abs/${arxivId}` },
      people: [],
      source: 'arxiv',
      published,
    };
  }

  /** A mix of what people type, `perKind` of each kind. */
  queries(perKind: number): BenchQuery[] {
    const queries: BenchQuery[] = [];
    for (let i = 0; i < perKind; i++) {
      queries.push({ kind: 'common', text: this.wordOfRank(20, 300) });
      queries.push({ kind: 'rare', text: this.wordOfRank(5000, this.words.length) });
      queries.push({ kind: 'multi-word', text: `${this.wordOfRank(50, 3000)} ${this.wordOfRank(50, 3000)}` });
      queries.push({ kind: 'prefix', text: `${this.wordOfRank(50, 3000).slice(0, 4)}*` });
      queries.push({ kind: 'misspelt', text: this.misspell(this.longWord(100, 5000)) });
    }
    return queries;
  }

  longWord(from: number, to: number): string {
    for (;;) {
      const word = this.wordOfRank(from, to);
      if (word.length >= 7) return word;
    }
  }

  /** One letter dropped from the middle: a typo that is not itself a vocabulary word. */
  misspell(word: string): string {
    for (let at = Math.floor(word.length / 2); at < word.length; at++) {
      const typo = word.slice(0, at) + word.slice(at + 1);
      if (!this.words.includes(typo)) return typo;
    }
    return `${word}q`;
  }
}

/** The search benchmarks' corpus: `count` papers, then the query mix, the same in every run. */
export function benchCorpus(count = SEARCH_BENCH_PAPERS): { papers: PaperRecord[]; queries: BenchQuery[] } {
  const corpus = new Corpus();
  const papers = Array.from({ length: count }, (_, n) => corpus.paper(n));
  return { papers, queries: corpus.queries(QUERIES_PER_KIND) };
}

export const SEARCH_BENCH_PAPERS = 50_000;
const QUERIES_PER_KIND = 40;

export interface BenchQuery {
  kind: 'common' | 'rare' | 'multi-word' | 'prefix' | 'misspelt';
  text: string;
}
