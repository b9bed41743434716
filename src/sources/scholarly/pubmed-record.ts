/**
 * PubMed E-utilities responses: esearch (the PMIDs of a query) and efetch (PubmedArticleSet XML)
 * as paper records. Notices are skipped by publication type (Published Erratum, Retraction of
 * Publication, Expression of Concern...); PubMed's own preprint records carry no publication.
 */
import { bareOrcid } from '../../records/author-identity.js';
import { doiOrArxivId, paperId, pmcidOf } from '../../records/paper-ids.js';
import type { Publication } from '../../records/record.js';
import { isNoticeTitle } from './notices.js';
import { endOfPartialDate, type MappedWork, startOfPartialDate } from './scholarly-poll.js';
import { asArray, textOf, withoutTags, type XmlNode, xmlReader } from './scholarly-xml.js';
import { type WorkAuthor, workRecord } from './work-record.js';

const readSearch = xmlReader({ arrays: ['Id'] });
const readArticles = xmlReader({
  arrays: [
    'PubmedArticle',
    'Author',
    'AbstractText',
    'ArticleId',
    'PublicationType',
    'Identifier',
    'ELocationID',
    'PubMedPubDate',
  ],
  raw: ['ArticleTitle', 'AbstractText'],
});

const NOTICE_TYPES =
  /^(?:Published Erratum|Retraction of Publication|Retraction Notice|Expression of Concern|Retracted Publication|Comment|Editorial|News)$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export const PUBMED_SKIPPED =
  'errata, retraction notices, retracted publications, expressions of concern, comments, editorials and news';

export interface SearchPage {
  count: number;
  ids: string[];
}

/** esearch: the count and PMIDs, or an error message (`<ERROR>`, a bad field). Zero hits is no error. */
export function parseSearch(xml: string): SearchPage | { error: string } {
  const result = readSearch(xml)?.eSearchResult as XmlNode | undefined;
  if (!result) return { error: 'not an esearch result' };
  const error = textOf(result.ERROR) || textOf((result.ErrorList as XmlNode | undefined)?.FieldNotFound);
  if (error) return { error };
  const count = Number.parseInt(textOf(result.Count), 10);
  if (!Number.isFinite(count)) return { error: 'esearch result without a Count' };
  const ids = asArray((result.IdList as XmlNode | undefined)?.Id)
    .map(textOf)
    .filter((id) => /^\d+$/.test(id));
  return { count, ids };
}

/** efetch: the articles, or undefined when the body is not a PubmedArticleSet. */
export function parseArticles(xml: string): XmlNode[] | undefined {
  const document = readArticles(xml);
  if (!document || !('PubmedArticleSet' in document)) return undefined;
  // An empty set parses as "".
  const set = document.PubmedArticleSet;
  return typeof set === 'object' && set !== null ? asArray((set as XmlNode).PubmedArticle as XmlNode[]) : [];
}

export function pubmedWork(article: XmlNode, sourceId: string): MappedWork | undefined {
  const citation = article.MedlineCitation as XmlNode | undefined;
  const data = article.PubmedData as XmlNode | undefined;
  const fields = citation?.Article as XmlNode | undefined;
  const pmid = textOf(citation?.PMID);
  if (!citation || !fields || !/^\d+$/.test(pmid)) return undefined;
  const title = withoutTags(textOf(fields.ArticleTitle));
  const types = asArray((fields.PublicationTypeList as XmlNode | undefined)?.PublicationType).map(textOf);
  if (types.some((type) => NOTICE_TYPES.test(type)) || isNoticeTitle(title)) return undefined;
  const parts = publicationDate(fields);
  const entrez = historyDate(data, 'entrez');
  const published = startOfPartialDate(parts ?? entrez);
  const datedUntil = endOfPartialDate(entrez ?? parts);
  if (!published || !datedUntil) return undefined;
  const articleIds = asArray((data?.ArticleIdList as XmlNode | undefined)?.ArticleId);
  const idOfType = (type: string) => textOf(articleIds.find((id) => (id as XmlNode).IdType === type));
  const doi =
    idOfType('doi') || textOf(asArray(fields.ELocationID as XmlNode[]).find((id) => id.EIdType === 'doi'));
  const preprint = types.some((type) => /^preprint$/i.test(type));
  const record = workRecord({
    sourceId,
    ids: [doiOrArxivId(doi), paperId('pmid', pmid), pmcidOf(idOfType('pmc') || undefined)],
    title,
    abstract: asArray((fields.Abstract as XmlNode | undefined)?.AbstractText)
      .map((part) => withoutTags(textOf(part)))
      .join('\n'),
    authors: asArray((fields.AuthorList as XmlNode | undefined)?.Author as XmlNode[]).map(pubmedAuthor),
    published,
    url: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`,
    publication: preprint ? undefined : journalOf(fields, doi, parts),
  });
  return record ? { record, datedUntil } : undefined;
}

function pubmedAuthor(author: XmlNode): WorkAuthor {
  const name =
    textOf(author.CollectiveName) ||
    [textOf(author.ForeName) || textOf(author.Initials), textOf(author.LastName)].filter(Boolean).join(' ');
  const orcidNode = asArray(author.Identifier as XmlNode[]).find((id) => id.Source === 'ORCID');
  const orcid = bareOrcid(textOf(orcidNode));
  return orcid ? { name, ids: { orcid } } : { name };
}

function journalOf(fields: XmlNode, doi: string, parts: number[] | undefined): Publication | undefined {
  const journal = fields.Journal as XmlNode | undefined;
  const venue = textOf(journal?.Title).replace(/\s*\(.*\)\s*$/, '');
  if (!venue) return undefined;
  const issue = journal?.JournalIssue as XmlNode | undefined;
  const pages = textOf((fields.Pagination as XmlNode | undefined)?.MedlinePgn);
  return {
    type: 'journal',
    venue,
    ...(doi ? { doi: doi.toLowerCase() } : {}),
    ...(textOf(issue?.Volume) ? { volume: textOf(issue?.Volume) } : {}),
    ...(textOf(issue?.Issue) ? { issue: textOf(issue?.Issue) } : {}),
    ...(pages ? { pages } : {}),
    ...(parts?.[0] ? { year: String(parts[0]) } : {}),
  };
}

/** The electronic date of the article if given, else the issue's PubDate. */
function publicationDate(fields: XmlNode): number[] | undefined {
  const electronic = asArray(fields.ArticleDate as XmlNode | XmlNode[] | undefined)[0];
  const issue = ((fields.Journal as XmlNode | undefined)?.JournalIssue as XmlNode | undefined)?.PubDate as
    | XmlNode
    | undefined;
  return partsOf(electronic) ?? partsOf(issue);
}

function historyDate(data: XmlNode | undefined, status: string): number[] | undefined {
  const dates = asArray((data?.History as XmlNode | undefined)?.PubMedPubDate as XmlNode[] | undefined);
  return partsOf(dates.find((date) => date.PubStatus === status));
}

/** `<Year>2018</Year><Month>Apr</Month><Day>3</Day>` (months as numbers or names) -> [2018, 4, 3]. */
function partsOf(node: XmlNode | undefined): number[] | undefined {
  const year = Number.parseInt(textOf(node?.Year), 10);
  if (!node || !Number.isFinite(year)) return undefined;
  const monthText = textOf(node.Month).toLowerCase();
  const month = /^\d+$/.test(monthText) ? Number(monthText) : MONTHS.indexOf(monthText.slice(0, 3)) + 1;
  const day = Number.parseInt(textOf(node.Day), 10);
  if (!month) return [year];
  return Number.isFinite(day) ? [year, month, day] : [year, month];
}
