/**
 * A BibTeX entry for a paper: the published version when there is one (@article with journal,
 * volume, pages and its DOI; @inproceedings for a conference paper), else as arXiv's own export
 * writes it (@misc with eprint fields). An arXiv id is kept as eprint either way.
 */
import { normaliseNameText, parseName } from '../records/person-names.js';
import type { PaperRecord, Publication } from '../records/record.js';

type Field = [string, string | undefined];

export function bibtexFor(paper: PaperRecord): string {
  const publication = paper.publication;
  const year = publication?.year ?? paper.published.slice(0, 4);
  const fields: Field[] = [
    ['title', paper.title],
    ['author', paper.authors.join(' and ')],
    ...(publication ? publicationFields(publication) : [['journal', paper.venue] as Field]),
    ['year', year],
    ['eprint', paper.arxivId],
    ['archivePrefix', paper.arxivId ? 'arXiv' : undefined],
    ['primaryClass', paper.arxivId ? paper.primaryCategory : undefined],
    ['doi', publication?.doi ?? paper.doi],
    ['url', paper.url],
  ];
  const body = fields
    .filter((field): field is [string, string] => !!field[1])
    .map(([name, value]) => `  ${name} = {${escapeBibtex(value)}}`)
    .join(',\n');
  return `@${entryType(paper)}{${citationKey(paper, year)},\n${body}\n}`;
}

function entryType(paper: PaperRecord): string {
  switch (paper.publication?.type) {
    case 'proceedings':
      return 'inproceedings';
    case 'book':
      return 'incollection';
    case 'journal':
      return 'article';
    default:
      return paper.publication || paper.venue ? 'article' : 'misc';
  }
}

function publicationFields(publication: Publication): Field[] {
  const container = publication.type === 'journal' || publication.type === 'other' ? 'journal' : 'booktitle';
  return [
    [container, publication.venue ?? publication.citation],
    ['volume', publication.volume],
    ['number', publication.issue],
    ['pages', publication.pages?.replace(/(\d)\s*[-\u2010-\u2015]\s*(\d)/, '$1--$2')],
  ];
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
