/**
 * Identifiers: one canonical id per paper across arXiv versions and sources.
 * `arxiv:<id without version>`, else `doi:<doi lower-cased>`, else `item:<hash of guid or link>`.
 */
import { createHash } from 'node:crypto';

export interface ArxivId {
  /** Without version: `2605.27734`, `astro-ph/0601001`. */
  id: string;
  version?: number;
}

// New-style ids (0704.0001 onwards, 4+4 or 4+5 digits) and old-style (archive[.subject]/YYMMNNN).
const NEW_STYLE = String.raw`\d{4}\.\d{4,5}`;
const OLD_STYLE = String.raw`[a-z-]+(?:\.[A-Z]{2})?/\d{7}`;
const ID_WITH_VERSION = String.raw`(${NEW_STYLE}|${OLD_STYLE})(?:v(\d+))?`;

const ARXIV_URL = new RegExp(String.raw`arxiv\.org/(?:abs|pdf|html|format)/${ID_WITH_VERSION}`, 'i');
const ARXIV_OAI = new RegExp(String.raw`^oai:arxiv\.org:${ID_WITH_VERSION}$`, 'i');
const ARXIV_BARE = new RegExp(`^(?:arxiv:)?${ID_WITH_VERSION}$`, 'i');
const ARXIV_DOI = new RegExp(String.raw`^10\.48550/arxiv\.${ID_WITH_VERSION}$`, 'i');
const ARXIV_URL_GLOBAL = new RegExp(ARXIV_URL.source, 'gi');

function toArxivId(match: RegExpMatchArray | null): ArxivId | undefined {
  if (!match?.[1]) return undefined;
  const version = match[2] ? Number.parseInt(match[2], 10) : undefined;
  return version === undefined ? { id: match[1] } : { id: match[1], version };
}

/** An arXiv id from an arXiv URL, an OAI identifier, `arXiv:2605.27734v2`, or an arXiv DOI. */
export function parseArxivId(text: string | undefined): ArxivId | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  return (
    toArxivId(trimmed.match(ARXIV_URL)) ??
    toArxivId(trimmed.match(ARXIV_OAI)) ??
    toArxivId(trimmed.match(ARXIV_BARE)) ??
    toArxivId(normaliseDoi(trimmed)?.match(ARXIV_DOI) ?? null)
  );
}

/** The one arXiv paper a text links to, if it links to exactly one. */
export function singleArxivLink(text: string): ArxivId | undefined {
  const ids = new Set([...text.matchAll(ARXIV_URL_GLOBAL)].map((match) => match[1]!));
  if (ids.size !== 1) return undefined;
  return { id: [...ids][0]! };
}

/** `10.1101/2019.12.11.873125` from `doi:10...`, `https://doi.org/10...`, `https://dx.doi.org/10...`. */
export function normaliseDoi(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = text.trim().match(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i);
  return match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : undefined;
}

export function arxivRecordId(id: string): string {
  return `arxiv:${id}`;
}

export function doiRecordId(doi: string): string {
  return `doi:${doi}`;
}

/** Id of an item known only by its feed guid or link. */
export function itemRecordId(guidOrLink: string, prefix = 'item'): string {
  return `${prefix}:${shortHash(guidOrLink.trim())}`;
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
