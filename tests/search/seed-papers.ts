/**
 * The 17 papers of the seed corpus (tests/fixtures/seeds/001_2dc631252c8a0a81.txt) as
 * PaperRecords. Each block: a date line ("LGMay 26", "MLFeb 17, 2025"; no year means 2026, the
 * year the listing was taken), the title, the authors ("A, B et al. · cambridge"), the abstract.
 * The listing gives no arXiv ids, so each paper gets one made from its date and position.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PaperRecord } from '../../src/records/record.js';

const SEED_FILE = fileURLToPath(new URL('../fixtures/seeds/001_2dc631252c8a0a81.txt', import.meta.url));
const DATE_LINE = /^([A-Z]{2})([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LISTING_YEAR = 2026;

export function seedPapers(): PaperRecord[] {
  const lines = readFileSync(SEED_FILE, 'utf8').split('\n');
  const papers: PaperRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const date = DATE_LINE.exec(lines[i]!);
    if (!date) continue;
    const [title, authors, abstract] = lines.slice(i + 1).filter((line) => line.trim() !== '');
    papers.push(seedPaper(papers.length + 1, date, title!, authors!, abstract!));
  }
  return papers;
}

function seedPaper(n: number, date: RegExpExecArray, title: string, authorLine: string, abstract: string) {
  const [, category, month, day, year] = date;
  const published = new Date(
    Date.UTC(Number(year ?? LISTING_YEAR), MONTHS.indexOf(month!), Number(day), 17, 0, n),
  );
  const yymm = published.toISOString().slice(2, 7).replace('-', '');
  const arxivId = `${yymm}.${String(n).padStart(5, '0')}`;
  const authors = authorLine
    .split(' · ')[0]!
    .replace(/\s*et al\.\s*$/, '')
    .split(', ')
    .map((name) => name.trim());
  const record: PaperRecord = {
    kind: 'paper',
    id: `arxiv:${arxivId}`,
    arxivId,
    version: 1,
    title: title.trim(),
    abstract: abstract.trim(),
    authors,
    categories: [`cs.${category}`],
    primaryCategory: `cs.${category}`,
    url: `https://arxiv.org/abs/${arxivId}`,
    links: { abs: `https://arxiv.org/abs/${arxivId}`, pdf: `https://arxiv.org/pdf/${arxivId}` },
    people: authors.includes('Alessandro Favero') ? ['favero'] : [],
    source: 'arxiv',
    published: published.toISOString(),
  };
  return record;
}
