/**
 * Parses arXiv API responses (Atom 1.0 with arxiv: and opensearch: extensions) and arXiv author
 * feeds. Namespace prefixes are dropped, since the 2025+ API declares them differently from the
 * old one. An error feed (one entry titled "Error", id under /api/errors) is an error, not a paper.
 */
import { XMLParser } from 'fast-xml-parser';
import { HeraldError } from '../../errors.js';
import { XML_TEXT_OPTIONS } from '../xml-text-options.js';

export interface ArxivEntry {
  /** The entry's <id>: `http://arxiv.org/abs/2605.27734v2`. */
  id: string;
  title: string;
  summary: string;
  authors: string[];
  published?: string;
  updated?: string;
  categories: string[];
  primaryCategory?: string;
  comment?: string;
  journalRef?: string;
  doi?: string;
  links: { href: string; rel?: string; title?: string; type?: string }[];
}

export interface ArxivPage {
  entries: ArxivEntry[];
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
}

export class ArxivResponseError extends HeraldError {
  constructor(message: string) {
    super('ARXIV_RESPONSE', message);
  }
}

const parser = new XMLParser({
  ...XML_TEXT_OPTIONS,
  // Only the five XML entities and character references: no DTD-declared entities.
  htmlEntities: false,
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
});

type Node = Record<string, unknown>;

function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (typeof node === 'object' && '#text' in (node as Node)) return String((node as Node)['#text']);
  return '';
}

function optionalText(node: unknown): string | undefined {
  const value = text(node).trim();
  return value === '' ? undefined : value;
}

function number(node: unknown): number | undefined {
  const value = Number.parseInt(text(node), 10);
  return Number.isFinite(value) ? value : undefined;
}

function attribute(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Node)[name];
  return typeof value === 'string' ? value : undefined;
}

export function parseArxivFeed(xml: string): ArxivPage {
  if (/<!ENTITY/i.test(xml))
    throw new ArxivResponseError('the response declares XML entities, which arXiv never sends');
  let document: Node;
  try {
    document = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new ArxivResponseError(`the response is not well-formed XML: ${(error as Error).message}`);
  }
  const feed = document.feed as Node | undefined;
  if (!feed || typeof feed !== 'object') throw new ArxivResponseError('the response is not an Atom feed');
  const entries = ((feed.entry as Node[] | undefined) ?? []).map(toEntry);
  const error = entries.find(isErrorEntry);
  if (error) throw new ArxivResponseError(`arXiv reported an error: ${error.summary || error.id}`);
  return {
    entries,
    totalResults: number(feed.totalResults),
    startIndex: number(feed.startIndex),
    itemsPerPage: number(feed.itemsPerPage),
  };
}

function isErrorEntry(entry: ArxivEntry): boolean {
  return (
    /\/api\/errors/.test(entry.id) || (entry.title === 'Error' && entry.authors.includes('arXiv api core'))
  );
}

function toEntry(node: Node): ArxivEntry {
  const links = ((node.link as Node[] | undefined) ?? []).map((link) => ({
    href: attribute(link, 'href') ?? '',
    rel: attribute(link, 'rel'),
    title: attribute(link, 'title'),
    type: attribute(link, 'type'),
  }));
  return {
    id: text(node.id).trim(),
    title: text(node.title),
    summary: text(node.summary),
    authors: ((node.author as Node[] | undefined) ?? [])
      .map((author) => text(author.name).trim())
      .filter(Boolean),
    published: optionalText(node.published),
    updated: optionalText(node.updated),
    categories: ((node.category as Node[] | undefined) ?? [])
      .map((category) => attribute(category, 'term'))
      .filter((term): term is string => !!term),
    primaryCategory: attribute(node.primary_category, 'term'),
    comment: optionalText(node.comment),
    journalRef: optionalText(node.journal_ref),
    doi: optionalText(node.doi),
    links: links.filter((link) => link.href !== ''),
  };
}
