/**
 * The 17 papers of the seed listing (tests/fixtures/seeds/001_2dc631252c8a0a81.txt) as test data,
 * and the arXiv API and RSS responses built from them. Two arXiv ids are the real ones (the seed's
 * social feed links them); the others are made up in the right shape for their dates.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SeedPaper {
  arxivId: string;
  title: string;
  authors: string[];
  abstract: string;
  category: string;
  /** ISO instant of v1. */
  published: string;
}

const LISTING = fileURLToPath(new URL('../fixtures/seeds/001_2dc631252c8a0a81.txt', import.meta.url));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Ids from the seed social feed, by title start. */
const REAL_IDS: Record<string, string> = { 'Learn from your own latents': '2605.27734' };

function parseDateLine(line: string): { category: string; published: string } | undefined {
  const match = line.match(/^([A-Z]{2})([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?/);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2]!) + 1;
  const year = match[4] ?? '2026';
  const day = match[3]!.padStart(2, '0');
  return { category: match[1]!, published: `${year}-${String(month).padStart(2, '0')}-${day}T17:59:59Z` };
}

/** The seed lists "A, B, C et al."; the listing is the watched researcher's, so he is an author. */
function parseAuthors(line: string): string[] {
  const names = line
    .replace(/\s*·.*$/, '')
    .replace(/\s+et al\.$/, '')
    .split(/,\s*/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names.includes('Alessandro Favero')) names.push('Alessandro Favero');
  return names;
}

export function seedPapers(): SeedPaper[] {
  const lines = readFileSync(LISTING, 'utf8').split('\n');
  const papers: SeedPaper[] = [];
  for (let i = 0; i < lines.length; i++) {
    const date = parseDateLine(lines[i]!.trim());
    if (!date) continue;
    const [title, , authors, , abstract] = lines.slice(i + 1, i + 6).map((line) => line.trim());
    if (!title || !authors || !abstract) continue;
    const yymm = date.published.slice(2, 4) + date.published.slice(5, 7);
    const made = `${yymm}.${String(10_000 + papers.length * 1_237).padStart(5, '0')}`;
    const real = Object.entries(REAL_IDS).find(([start]) => title.startsWith(start))?.[1];
    papers.push({ arxivId: real ?? made, title, authors: parseAuthors(authors), abstract, ...date });
    i += 5;
  }
  return papers.sort((a, b) => b.published.localeCompare(a.published));
}

/** One made-up paper of 2 June 2026, its abstract made from its title. */
export function madePaper(title: string, authors: string[], arxivId: string): SeedPaper {
  return {
    arxivId,
    title,
    authors,
    abstract: `An abstract about ${title}.`,
    category: 'LG',
    published: '2026-06-02T10:00:00Z',
  };
}

/**
 * `count` made-up papers by the watched researcher, a minute apart from `start`, with arXiv ids
 * `<yymm>.<first + i>`: for tests that need many papers whose titles say which they are.
 */
export function numberedPapers(
  count: number,
  options: {
    yymm: string;
    first: number;
    start: Date;
    title: (i: number) => string;
    authors?: (i: number) => string[];
  },
): SeedPaper[] {
  return Array.from({ length: count }, (_, i) => ({
    arxivId: `${options.yymm}.${String(options.first + i).padStart(5, '0')}`,
    title: options.title(i),
    authors: options.authors?.(i) ?? ['Alessandro Favero'],
    abstract: `Abstract of paper ${i}. We study how diffusion models learn.`,
    category: 'LG',
    published: new Date(options.start.getTime() + i * 60_000).toISOString().replace('.000Z', 'Z'),
  }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface AtomOptions {
  /** Version to report per arXiv id (default 1). */
  versions?: Record<string, number>;
  /** arXiv's journal_ref and DOI fields, per arXiv id (authors add them once published). */
  published?: Record<string, { journalRef?: string; doi?: string }>;
  totalResults?: number;
  startIndex?: number;
}

/** An arXiv API response (2025+ format) listing the given papers. */
export function arxivAtom(papers: readonly SeedPaper[], options: AtomOptions = {}): string {
  const entries = papers.map((paper) => {
    const version = options.versions?.[paper.arxivId] ?? 1;
    const published = options.published?.[paper.arxivId];
    const journal = [
      published?.journalRef
        ? `    <arxiv:journal_ref>${escapeXml(published.journalRef)}</arxiv:journal_ref>\n`
        : '',
      published?.doi ? `    <arxiv:doi>${published.doi}</arxiv:doi>\n` : '',
    ].join('');
    const authors = paper.authors
      .map((name) => `    <author>\n      <name>${escapeXml(name)}</name>\n    </author>`)
      .join('\n');
    return `  <entry>
    <id>http://arxiv.org/abs/${paper.arxivId}v${version}</id>
    <title>${escapeXml(paper.title)}</title>
    <updated>${paper.published}</updated>
    <link href="https://arxiv.org/abs/${paper.arxivId}v${version}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${paper.arxivId}v${version}" rel="related" type="application/pdf" title="pdf"/>
    <summary>${escapeXml(paper.abstract)}</summary>
    <category term="cs.${paper.category}" scheme="http://arxiv.org/schemas/atom"/>
    <published>${paper.published}</published>
    <arxiv:primary_category term="cs.${paper.category}"/>
${journal}${authors}
  </entry>`;
  });
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/seed</id>
  <title>arXiv Query: seed</title>
  <updated>2026-06-01T00:00:00Z</updated>
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>${options.totalResults ?? papers.length}</opensearch:totalResults>
  <opensearch:startIndex>${options.startIndex ?? 0}</opensearch:startIndex>
${entries.join('\n')}
</feed>
`;
}

/** A group blog's RSS feed announcing the given papers with links to arXiv. */
export function blogRss(papers: readonly SeedPaper[], guidPrefix = 'https://lab.example/posts/'): string {
  const items = papers.map(
    (paper) => `    <item>
      <title>${escapeXml(`New paper: ${paper.title}`)}</title>
      <link>https://arxiv.org/abs/${paper.arxivId}</link>
      <guid isPermaLink="false">${guidPrefix}${paper.arxivId}</guid>
      <pubDate>${new Date(paper.published).toUTCString()}</pubDate>
      <dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>
      <description>${escapeXml(paper.abstract)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Lab blog</title>
    <link>https://lab.example/</link>
    <description>Papers from the lab</description>
${items.join('\n')}
  </channel>
</rss>
`;
}
