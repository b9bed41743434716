/**
 * A paper-feed item as a record. Its canonical id comes from the arXiv id it links to, else its
 * DOI, else a hash of its guid or link, so the same paper from arXiv and from a blog is one record.
 */
import { cleanText } from '../../records/clean-text.js';
import { isoInstant } from '../../records/dates.js';
import {
  type ArxivId,
  arxivRecordId,
  doiRecordId,
  itemRecordId,
  normaliseDoi,
  parseArxivId,
  singleArxivLink,
} from '../../records/identifiers.js';
import type { PaperRecord } from '../../records/record.js';
import type { FeedItem } from './feed-parse.js';

export interface FeedItemRecord {
  record: PaperRecord;
  /** Other ids of the same paper, e.g. its DOI when the canonical id is arXiv's. */
  aliases: string[];
  /** An arXiv listing's "replace": a new version of an older paper, never news. */
  revision: boolean;
}

const MAX_DERIVED_TITLE = 120;

export function feedItemToRecord(item: FeedItem, sourceId: string, now: Date): FeedItemRecord | undefined {
  const link = cleanUrl(item.link);
  const body = item.contentEncoded ?? item.content ?? item.summary ?? '';
  const arxiv = arxivIdOf(item, link, body);
  const doi = doiOf(item, link);
  const key = item.guid ?? item.id ?? link;
  const abstract = cleanAbstract(body);
  const title = cleanText(item.title) || deriveTitle(abstract);
  if (!title || (!key && !arxiv && !doi)) return undefined;
  const id = arxiv ? arxivRecordId(arxiv.id) : doi ? doiRecordId(doi) : itemRecordId(key!);
  const url = arxiv ? `https://arxiv.org/abs/${arxiv.id}` : (link ?? (doi ? `https://doi.org/${doi}` : ''));
  const published =
    isoInstant(item.isoDate) ?? isoInstant(item.pubDate) ?? isoInstant(item.date) ?? isoInstant(now)!;
  const venue = textOf(item.arxivJournalRef);
  const record: PaperRecord = {
    kind: 'paper',
    id,
    title,
    abstract,
    authors: authorsOf(item),
    categories: categoriesOf(item),
    url,
    links: {
      ...(link ? { abs: link } : {}),
      ...(arxiv ? { abs: url, pdf: `https://arxiv.org/pdf/${arxiv.id}` } : {}),
      ...(doi ? { doi: `https://doi.org/${doi}` } : {}),
    },
    ...(arxiv ? { arxivId: arxiv.id, version: arxiv.version ?? 1 } : {}),
    ...(doi ? { doi } : {}),
    ...(venue ? { venue: cleanText(venue) } : {}),
    people: [],
    source: sourceId,
    published,
  };
  const aliases = [
    doi && id !== doiRecordId(doi) ? doiRecordId(doi) : undefined,
    key ? itemRecordId(key) : undefined,
  ];
  return {
    record,
    aliases: aliases.filter((alias): alias is string => alias !== undefined && alias !== id),
    revision: /^replace/.test(textOf(item.announceType) ?? ''),
  };
}

function arxivIdOf(item: FeedItem, link: string | undefined, body: string): ArxivId | undefined {
  return (
    parseArxivId(link) ??
    parseArxivId(item.guid) ??
    parseArxivId(item.id) ??
    listingId(body) ??
    singleArxivLink(body)
  );
}

/** arXiv listing feeds start the description with "arXiv:2504.17830v1 Announce Type: new". */
function listingId(body: string): ArxivId | undefined {
  const match = body.match(/^\s*arXiv:(\S+)\s+Announce Type:/);
  return parseArxivId(match?.[1]);
}

function doiOf(item: FeedItem, link: string | undefined): string | undefined {
  for (const candidate of [item.arxivDoi, item.prismDoi, item.dcIdentifier, link]) {
    const doi = normaliseDoi(textOf(candidate));
    if (doi) return doi;
  }
  return undefined;
}

function cleanAbstract(body: string): string {
  return cleanText(body.replace(/^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*(Abstract:)?/, ''));
}

function deriveTitle(abstract: string): string {
  if (abstract.length <= MAX_DERIVED_TITLE) return abstract;
  const cut = abstract.slice(0, MAX_DERIVED_TITLE);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

/** Author names from dc:creator, Atom authors or RSS author, one string or many. */
function authorsOf(item: FeedItem): string[] {
  const raw = [...(item.dcCreators ?? []), ...(item.authors ?? [])]
    .map(textOf)
    .filter((name): name is string => !!name);
  if (raw.length === 0 && item.creator) raw.push(item.creator);
  if (raw.length === 0 && item.author) raw.push(item.author);
  const names = raw.length === 1 ? splitAuthorList(raw[0]!) : raw;
  return [...new Set(names.map((name) => cleanText(name.replace(/\s*\([^)]*@[^)]*\)/, ''))).filter(Boolean))];
}

/** "A. One, B. Two and C. Three" or bioRxiv's "Kaur, M., Shukla, A., ..." into names. */
export function splitAuthorList(list: string): string[] {
  const pieces = list
    .split(/\s*,\s*|\s+and\s+|\s*;\s*/)
    .map((piece) => piece.trim())
    .filter(Boolean);
  const isInitials = (piece: string) => /^(\p{Lu}\.?\s*-?)+$/u.test(piece);
  const lastFirst =
    pieces.length >= 2 &&
    pieces.length % 2 === 0 &&
    pieces.every((piece, i) => i % 2 === 0 || isInitials(piece));
  if (!lastFirst) return pieces;
  const names: string[] = [];
  for (let i = 0; i < pieces.length; i += 2) names.push(`${pieces[i]}, ${pieces[i + 1]}`);
  return names;
}

function categoriesOf(item: FeedItem): string[] {
  return (item.categories ?? [])
    .map(textOf)
    .filter((category): category is string => !!category)
    .slice(0, 10);
}

/** rss-parser hands over strings, xml2js nodes (`{ _: text }`, `{ name: [text] }`) or arrays. */
function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object') {
    const node = value as Record<string, unknown>;
    return textOf(node._ ?? node.name ?? node['#text']);
  }
  return String(value);
}

function cleanUrl(url: string | undefined): string | undefined {
  const trimmed = url?.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}
