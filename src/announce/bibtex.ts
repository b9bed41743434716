/**
 * A BibTeX entry for a paper, as arXiv's own export writes it (@misc with eprint fields).
 */
import { normaliseNameText, parseName } from '../records/person-names.js';
import type { PaperRecord } from '../records/record.js';

export function bibtexFor(paper: PaperRecord): string {
  const year = paper.published.slice(0, 4);
  const fields: [string, string | undefined][] = [
    ['title', paper.title],
    ['author', paper.authors.join(' and ')],
    ['year', year],
    ['eprint', paper.arxivId],
    ['archivePrefix', paper.arxivId ? 'arXiv' : undefined],
    ['primaryClass', paper.arxivId ? paper.primaryCategory : undefined],
    ['journal', paper.venue],
    ['doi', paper.doi],
    ['url', paper.url],
  ];
  const body = fields
    .filter((field): field is [string, string] => !!field[1])
    .map(([name, value]) => `  ${name} = {${escapeBibtex(value)}}`)
    .join(',\n');
  return `@${paper.venue ? 'article' : 'misc'}{${citationKey(paper, year)},\n${body}\n}`;
}

/** `favero2026learn`: first author's surname, year, first significant title word. */
function citationKey(paper: PaperRecord, year: string): string {
  const surname = parseName(paper.authors[0] ?? '')?.surname.join('') ?? 'anon';
  const word = normaliseNameText(paper.title)
    .split(' ')
    .find((w) => w.length > 3 && !STOP_WORDS.has(w));
  return `${surname}${year}${word ?? ''}`.replace(/[^a-z0-9]/g, '');
}

const STOP_WORDS = new Set([
  'with',
  'from',
  'that',
  'this',
  'when',
  'what',
  'where',
  'which',
  'their',
  'into',
  'over',
]);

/** Braces must balance inside a field; unbalanced ones are dropped. */
function escapeBibtex(value: string): string {
  let depth = 0;
  let out = '';
  for (const char of value.replace(/[\\]/g, '\\textbackslash{}')) {
    if (char === '{') depth++;
    if (char === '}' && depth === 0) continue;
    if (char === '}') depth--;
    out += char;
  }
  return out + '}'.repeat(depth);
}
