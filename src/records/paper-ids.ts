/**
 * The ids one paper is known by across sources, each as `<scheme>:<value>`: the keys of the
 * alias index, so that a paper reported by arXiv, Crossref, PubMed and DBLP is one record.
 * The canonical id of a new record is its best id: arXiv, else DOI, else the others in order.
 */
import { arxivRecordId, doiRecordId, normaliseDoi, parseArxivId } from './identifiers.js';
import type { PaperRecord } from './record.js';

/** Preference order of schemes for a record's canonical id. */
const SCHEMES = ['arxiv', 'doi', 'pmid', 'pmcid', 'openalex', 'inspire', 'dblp'] as const;
export type IdScheme = (typeof SCHEMES)[number];

export function paperId(scheme: IdScheme, value: string): string {
  return `${scheme}:${value}`;
}

export function schemeOf(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf(':')));
}

/** The id a new record is stored under: the first of its ids in the order above. */
export function canonicalIdOf(ids: readonly string[]): string | undefined {
  for (const scheme of SCHEMES) {
    const found = ids.find((id) => schemeOf(id) === scheme);
    if (found) return found;
  }
  return ids[0];
}

/** `doi:...` for an ordinary DOI, `arxiv:...` for arXiv's own DOIs (10.48550/arXiv.*). */
export function doiOrArxivId(text: string | undefined): string | undefined {
  const doi = normaliseDoi(text);
  if (!doi) return undefined;
  const arxiv = parseArxivId(doi);
  return arxiv ? arxivRecordId(arxiv.id) : doiRecordId(doi);
}

/** `pmcid:PMC6022861` from `PMC6022861`, `6022861` or a PMC article URL. */
export function pmcidOf(text: string | undefined): string | undefined {
  const match = text?.trim().match(/(?:^|\/|PMC)(\d{1,10})\/?$/i);
  return match ? paperId('pmcid', `PMC${match[1]}`) : undefined;
}

/** `pmid:29963580` from digits or a PubMed URL. */
export function pmidOf(text: string | undefined): string | undefined {
  const match = text?.trim().match(/(?:^|\/)(\d{1,10})\/?$/);
  return match ? paperId('pmid', match[1]!) : undefined;
}

/** `openalex:W2741809807` from the bare id or its URL. */
export function openalexWorkOf(text: string | undefined): string | undefined {
  const match = text?.trim().match(/(?:^|openalex\.org\/(?:works\/)?)(W\d{2,12})$/i);
  return match ? paperId('openalex', match[1]!.toUpperCase()) : undefined;
}

const PREFIXED = /^(pmid|pmcid|openalex|dblp|inspire):(\S+)$/i;
const INSPIRE_URL = /^https?:\/\/(?:www\.)?inspirehep\.net\/(?:api\/)?literature\/(\d+)\/?$/i;
const DBLP_URL = /^https?:\/\/dblp\.(?:org|uni-trier\.de)\/rec\/(?:bibtex\/)?(.+?)(?:\.html|\.xml|\.bib)?$/i;

/**
 * Any id a user may paste for a paper (arXiv id or URL, DOI, `pmid:...`, `PMC...`, an OpenAlex
 * work, a DBLP record key or URL, an INSPIRE record), as the key it is stored under.
 */
export function parsePaperId(text: string): string | undefined {
  const trimmed = text.trim();
  const arxiv = parseArxivId(trimmed);
  if (arxiv) return arxivRecordId(arxiv.id);
  const doi = normaliseDoi(trimmed);
  if (doi) return doiRecordId(doi);
  const prefixed = PREFIXED.exec(trimmed);
  if (prefixed) return prefixedId(prefixed[1]!.toLowerCase(), prefixed[2]!);
  if (/^PMC\d+$/i.test(trimmed)) return pmcidOf(trimmed);
  const inspire = INSPIRE_URL.exec(trimmed);
  if (inspire) return paperId('inspire', inspire[1]!);
  const dblp = DBLP_URL.exec(trimmed);
  if (dblp) return paperId('dblp', dblp[1]!);
  return openalexWorkOf(trimmed);
}

function prefixedId(scheme: string, value: string): string | undefined {
  switch (scheme) {
    case 'pmid':
      return pmidOf(value);
    case 'pmcid':
      return pmcidOf(value);
    case 'openalex':
      return openalexWorkOf(value);
    case 'inspire':
      return /^\d+$/.test(value) ? paperId('inspire', value) : undefined;
    default:
      return paperId('dblp', value);
  }
}

/** Every id of a paper: its canonical id, its listed ids, its arXiv id and DOI. */
export function idsOfPaper(paper: PaperRecord): string[] {
  const ids = [paper.id, ...(paper.ids ?? [])];
  if (paper.arxivId) ids.push(arxivRecordId(paper.arxivId));
  const doi = doiOrArxivId(paper.doi);
  if (doi) ids.push(doi);
  const published = doiOrArxivId(paper.publication?.doi);
  if (published) ids.push(published);
  return [...new Set(ids)];
}
