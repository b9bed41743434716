/**
 * A paper-feed item as a record. Its canonical id comes from the arXiv id it links to, else its
 * DOI, else a hash of its guid or link, so the same paper from arXiv and from a blog is one record.
 */
import { cleanHtml } from '../../records/clean-html.js';
import { cleanText } from '../../records/clean-text.js';
import { isoInstant } from '../../records/dates.js';
import {
  type ArxivId,
  arxivRecordId,
  doiRecordId,
  itemRecordId,
  normaliseDoi,
  parseArxivId,
  shortHash,
  singleArxivLink,
} from '../../records/identifiers.js';
import type { PaperRecord } from '../../records/record.js';
import type { FeedItem, FeedText } from './feed-parse.js';

export interface FeedItemRecord {
  record: PaperRecord;
  /** Other ids of the same paper, e.g. its DOI when the canonical id is arXiv's. */
  aliases: string[];
  /** An arXiv listing's "replace": a new version of an older paper, never news. */
  revision: boolean;
}

const MAX_DERIVED_TITLE = 120;

/**
 * The record of one item, or undefined when the item has neither title nor text (nothing to
 * announce). An item without guid, id or link is known by a hash of its title and text.
 */
export function feedItemToRecord(item: FeedItem, sourceId: string, now: Date): FeedItemRecord | undefined {
  const link = item.link;
  const body = item.body?.value ?? '';
  const arxiv = arxivIdOf(item, link, body);
  const doi = doiOf(item, link);
  // arXiv's listings put plain text (with its `<` and `>`) where RSS expects HTML.
  const abstract = LISTING_PREAMBLE.test(body)
    ? cleanText(body.replace(LISTING_PREAMBLE, ''))
    : cleanFeedText(item.body);
  const title = cleanFeedText(item.title) || deriveTitle(abstract);
  if (!title) return undefined;
  const key = item.guid ?? link ?? contentKey(item);
  const id = arxiv ? arxivRecordId(arxiv.id) : doi ? doiRecordId(doi) : itemRecordId(key);
  const url = arxiv ? `https://arxiv.org/abs/${arxiv.id}` : (link ?? (doi ? `https://doi.org/${doi}` : ''));
  const published = isoInstant(item.isoDate) ?? isoInstant(now)!;
  const venue = item.arxivJournalRef;
  const record: PaperRecord = {
    kind: 'paper',
    id,
    title,
    abstract,
    authors: authorsOf(item),
    categories: item.categories.slice(0, 10),
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
  const aliases = [doi && id !== doiRecordId(doi) ? doiRecordId(doi) : undefined, itemRecordId(key)];
  return {
    record,
    aliases: aliases.filter((alias): alias is string => alias !== undefined && alias !== id),
    revision: /^replace/.test(item.announceType ?? ''),
  };
}

/** A feed field as plain text for chat: HTML fields turned into text, plain ones kept as written. */
export function cleanFeedText(text: FeedText | undefined): string {
  if (!text) return '';
  return text.html ? cleanHtml(text.value) : cleanText(text.value);
}

/** The stable key of an item with no guid, id or link: what it says. */
function contentKey(item: FeedItem): string {
  return `content:${shortHash(`${item.title?.value ?? ''}\n${item.body?.value ?? ''}`)}`;
}

function arxivIdOf(item: FeedItem, link: string | undefined, body: string): ArxivId | undefined {
  return parseArxivId(link) ?? parseArxivId(item.guid) ?? listingId(body) ?? singleArxivLink(body);
}

/** arXiv listing feeds start the description with "arXiv:2504.17830v1 Announce Type: new". */
function listingId(body: string): ArxivId | undefined {
  const match = body.match(/^\s*arXiv:(\S+)\s+Announce Type:/);
  return parseArxivId(match?.[1]);
}

function doiOf(item: FeedItem, link: string | undefined): string | undefined {
  for (const candidate of [item.arxivDoi, item.prismDoi, item.dcIdentifier, link]) {
    const doi = normaliseDoi(candidate);
    if (doi) return doi;
  }
  return undefined;
}

/** arXiv listing feeds start the description with "arXiv:2504.17830v1 Announce Type: new Abstract:". */
const LISTING_PREAMBLE = /^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*(Abstract:)?/;

function deriveTitle(abstract: string): string {
  if (abstract.length <= MAX_DERIVED_TITLE) return abstract;
  const cut = abstract.slice(0, MAX_DERIVED_TITLE);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

/** Author names from dc:creator, Atom authors or RSS author, one string or many. */
function authorsOf(item: FeedItem): string[] {
  const names = item.authors.length === 1 ? splitAuthorList(item.authors[0]!) : item.authors;
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
