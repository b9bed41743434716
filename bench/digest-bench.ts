/**
 * Assembling a weekly digest of 500 papers (the waiting items grouped, sorted, turned into digest
 * items and split into replies) beside composing the 500 announcements the same papers would get
 * one by one in an instant channel: the naive cost a digest replaces. Median of several runs.
 */
import type { Announcement } from '../src/announce/announcement.js';
import { composePaperAnnouncement } from '../src/announce/compose-paper.js';
import { composeDigest } from '../src/announce/digest/compose-digest.js';
import { personMatcher } from '../src/records/person-names.js';
import type { PaperRecord } from '../src/records/record.js';
import type { DigestItemEntry } from '../src/store/digest-repository.js';
import type { Metric } from './metric.js';

const PAPERS = 500;
const RUNS = 15;
const matchers = [personMatcher({ id: 'favero', name: 'Alessandro Favero' })];

function paper(n: number): PaperRecord {
  const arxivId = `2606.${String(10_000 + n)}`;
  return {
    kind: 'paper',
    id: `arxiv:${arxivId}`,
    arxivId,
    title: `Paper ${n}: how diffusion models learn hierarchical structure in data`,
    abstract: 'We study how diffusion models learn. '.repeat(30),
    authors: ['Alessandro Favero', ...Array.from({ length: 5 }, (_, i) => `Coauthor Number${n}-${i}`)],
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    url: `https://arxiv.org/abs/${arxivId}`,
    links: { abs: `https://arxiv.org/abs/${arxivId}`, pdf: `https://arxiv.org/pdf/${arxivId}` },
    people: ['favero'],
    source: 'arxiv',
    published: new Date(Date.UTC(2026, 5, 1) + n * 60_000).toISOString(),
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return Math.round(median(samples) * 10) / 10;
}

export async function benchDigest(): Promise<Record<string, Metric>> {
  const papers = Array.from({ length: PAPERS }, (_, n) => paper(n));
  const compose = (record: PaperRecord): Announcement =>
    composePaperAnnouncement(record, 'weekly', matchers, 'arXiv');
  const waiting: DigestItemEntry[] = papers.map((record, n) => ({
    key: `weekly|${record.id}`,
    channelId: 'weekly',
    announcement: compose(record),
    queuedAt: new Date(Date.UTC(2026, 5, 1) + n * 1000).toISOString(),
  }));
  const digest = time(() =>
    composeDigest({
      channelId: 'weekly',
      items: waiting,
      from: new Date('2026-06-01T09:00:00Z'),
      to: new Date('2026-06-08T09:00:00Z'),
      talksBefore: new Date('2026-06-15T09:00:00Z'),
      every: 'weekly',
      sendEmpty: false,
      zone: 'Europe/London',
    }),
  );
  const single = time(() => papers.map(compose));
  return { digestAssemblyMs: { value: digest, unit: 'ms (500 papers)', baseline: single } };
}
