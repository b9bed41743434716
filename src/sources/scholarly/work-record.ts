/**
 * A work from any scholarly API as a paper record: text cleaned for chat, every id kept, the
 * canonical id chosen (arXiv, else DOI, else the source's own), the link a reader opens first
 * (the published version's DOI, else arXiv, else the source's page).
 */
import { cleanName, cleanText } from '../../records/clean-text.js';
import { canonicalIdOf, schemeOf } from '../../records/paper-ids.js';
import { citationOf } from '../../records/publication.js';
import type { AuthorIds, PaperRecord, Publication } from '../../records/record.js';

export interface WorkAuthor {
  name: string;
  ids?: AuthorIds;
}

export interface WorkFields {
  sourceId: string;
  /** Every id of the work (`doi:...`, `arxiv:...`, `pmid:...`); undefined entries are skipped. */
  ids: readonly (string | undefined)[];
  title: string;
  abstract?: string;
  authors: readonly WorkAuthor[];
  /** ISO 8601. */
  published: string;
  /** The work's own page, when it has no DOI or arXiv id to link to. */
  url?: string;
  publication?: Publication;
  categories?: string[];
}

/** Crossref's face markup (the inline tags its deposit schema allows in titles): the text kept in place. */
const FACE_MARKUP = /<\/?(?:i|b|u|em|strong|sub|sup|scp|ovl|tt|font)(?:\s[^>]*)?>/gi;

/**
 * JATS markup as Crossref and PubMed Central carry it: the "Abstract" heading dropped, tags as
 * spaces; face markup (`<scp>T</scp>reebase`) dropped in place. Any other `<` is text.
 */
export function jatsToText(text: string | undefined): string {
  if (!text) return '';
  return cleanText(
    text
      .replace(/<jats:title>[^<]*<\/jats:title>/gi, ' ')
      .replace(/<\/?jats:[^>]*>/gi, ' ')
      .replace(FACE_MARKUP, ''),
  );
}

export function workRecord(fields: WorkFields): PaperRecord | undefined {
  const ids = [...new Set(fields.ids.filter((id): id is string => !!id))];
  const id = canonicalIdOf(ids);
  const title = jatsToText(fields.title);
  if (!id || !title) return undefined;
  const arxivId = ids.find((candidate) => schemeOf(candidate) === 'arxiv')?.slice('arxiv:'.length);
  const ownDoi = ids.find((candidate) => schemeOf(candidate) === 'doi')?.slice('doi:'.length);
  const doi = fields.publication?.doi ?? ownDoi;
  const authors = fields.authors
    .map((author) => ({ ...author, name: cleanName(author.name) }))
    .filter((author) => author.name);
  const url = doi
    ? `https://doi.org/${doi}`
    : arxivId
      ? `https://arxiv.org/abs/${arxivId}`
      : (fields.url ?? '');
  const venue = fields.publication ? citationOf(fields.publication) : undefined;
  const record: PaperRecord = {
    kind: 'paper',
    id,
    ids,
    title,
    abstract: jatsToText(fields.abstract),
    authors: authors.map((author) => author.name),
    categories: fields.categories ?? [],
    url,
    links: {
      abs: arxivId ? `https://arxiv.org/abs/${arxivId}` : (fields.url ?? url),
      ...(arxivId ? { pdf: `https://arxiv.org/pdf/${arxivId}` } : {}),
      ...(doi ? { doi: `https://doi.org/${doi}` } : {}),
    },
    people: [],
    source: fields.sourceId,
    published: fields.published,
    ...(arxivId ? { arxivId } : {}),
    ...(doi ? { doi } : {}),
    ...(venue ? { venue } : {}),
    ...(fields.publication ? { publication: fields.publication } : {}),
  };
  if (authors.some((author) => author.ids)) record.authorIds = authors.map((author) => author.ids ?? null);
  return record;
}

/** "Favero, Alessandro" -> "Alessandro Favero"; a name without a comma stays as it is. */
export function givenFirst(name: string): string {
  const comma = name.indexOf(',');
  if (comma < 0) return name.trim();
  return `${name.slice(comma + 1).trim()} ${name.slice(0, comma).trim()}`.trim();
}
