/**
 * A DBLP person file (dblp.org/pid/<pid>.xml) as paper records. CoRR entries (publtype
 * "informal", journal CoRR) are arXiv preprints and take their arXiv id; journal and conference
 * entries are publications. Editorships (whole proceedings), data and withdrawn entries are
 * skipped. DBLP dates a paper by year only; the record's date is the entry's modification date
 * when it falls in that year (when DBLP added it), else the year's first day.
 */
import { arxivRecordId, parseArxivId } from '../../records/identifiers.js';
import { doiOrArxivId, paperId } from '../../records/paper-ids.js';
import type { Publication, PublicationType } from '../../records/record.js';
import { isNoticeTitle } from './notices.js';
import { endOfPartialDate, type MappedWork, startOfPartialDate } from './scholarly-poll.js';
import { asArray, textOf, withoutTags, type XmlNode, xmlReader } from './scholarly-xml.js';
import { type WorkAuthor, workRecord } from './work-record.js';

const ENTRY_TYPES: Readonly<Record<string, PublicationType>> = {
  article: 'journal',
  inproceedings: 'proceedings',
  incollection: 'book',
  book: 'book',
  phdthesis: 'other',
};
const readPerson = xmlReader({ arrays: ['r', 'author', 'ee'], raw: ['title'] });

export const DBLP_SKIPPED = 'editorships (whole proceedings), data sets and withdrawn entries';

/** The entries of a person file, or undefined when the body is not one. */
export function parsePersonFile(xml: string): XmlNode[] | undefined {
  const person = readPerson(xml)?.dblpperson as XmlNode | undefined;
  if (!person || typeof person !== 'object') return undefined;
  return asArray(person.r as XmlNode[]).flatMap((r) =>
    Object.entries(r)
      .filter(([type]) => type in ENTRY_TYPES)
      .map(([type, entry]) => ({ ...(entry as XmlNode), '#type': type })),
  );
}

export function dblpWork(entry: XmlNode, sourceId: string): MappedWork | undefined {
  const type = String(entry['#type']);
  const key = String(entry.key ?? '');
  const title = withoutTags(textOf(entry.title)).replace(/\.\s*$/, '');
  const year = Number.parseInt(textOf(entry.year), 10);
  if (!key || !title || entry.publtype === 'withdrawn' || isNoticeTitle(title)) return undefined;
  const datedUntil = endOfPartialDate([year]);
  if (!datedUntil) return undefined;
  const links = asArray(entry.ee as unknown[]).map(textOf);
  const informal = entry.publtype === 'informal';
  const arxiv = arxivOf(links, textOf(entry.volume), textOf(entry.journal));
  const doi = links.map((link) => doiOrArxivId(link)).find((id) => id?.startsWith('doi:'));
  const record = workRecord({
    sourceId,
    ids: [arxiv, doi, paperId('dblp', key)],
    title,
    authors: asArray(entry.author as unknown[]).map(dblpAuthor),
    published: publishedDate(year, String(entry.mdate ?? '')),
    url: `https://dblp.org/rec/${key}.html`,
    publication: informal ? undefined : publicationOf(type, entry, doi, year),
  });
  return record ? { record, datedUntil } : undefined;
}

function arxivOf(links: readonly string[], volume: string, journal: string): string | undefined {
  for (const link of links) {
    const arxiv = parseArxivId(link);
    if (arxiv) return arxivRecordId(arxiv.id);
  }
  // CoRR entries carry the id as their volume: "abs/2105.02468".
  const fromVolume = journal === 'CoRR' ? parseArxivId(volume.replace(/^abs\//, '')) : undefined;
  return fromVolume ? arxivRecordId(fromVolume.id) : undefined;
}

/** "Alessandro Favero 0001" -> "Alessandro Favero" (DBLP's suffix for namesakes), with its pid. */
function dblpAuthor(node: unknown): WorkAuthor {
  const name = textOf(node).replace(/\s+\d{4}$/, '');
  const attributes = (typeof node === 'object' && node !== null ? node : {}) as XmlNode;
  const ids = {
    ...(typeof attributes.pid === 'string' ? { dblpPid: attributes.pid } : {}),
    ...(typeof attributes.orcid === 'string' ? { orcid: attributes.orcid } : {}),
  };
  return Object.keys(ids).length > 0 ? { name, ids } : { name };
}

function publicationOf(
  type: string,
  entry: XmlNode,
  doi: string | undefined,
  year: number,
): Publication | undefined {
  const venue = textOf(entry.journal) || textOf(entry.booktitle);
  if (!venue || venue === 'CoRR') return undefined;
  const volume = textOf(entry.volume);
  const issue = textOf(entry.number);
  const pages = textOf(entry.pages);
  return {
    type: ENTRY_TYPES[type]!,
    venue,
    ...(doi ? { doi: doi.slice(4) } : {}),
    ...(volume ? { volume } : {}),
    ...(issue ? { issue } : {}),
    ...(pages ? { pages } : {}),
    year: String(year),
  };
}

function publishedDate(year: number, mdate: string): string {
  const start = startOfPartialDate([year])!;
  return mdate.startsWith(`${year}-`) ? (startOfPartialDate(mdate.split('-').map(Number)) ?? start) : start;
}
