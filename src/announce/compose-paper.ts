/**
 * The announcement of a new paper: a short head (title, authors, link) and a thread with the
 * abstract, the links and a BibTeX entry.
 */
import { isWatchedName, type PersonMatcher } from '../records/person-names.js';
import { publishedNotice } from '../records/publication.js';
import type { PaperRecord } from '../records/record.js';
import type {
  Announcement,
  AnnouncementEvent,
  AnnouncementHead,
  LinkItem,
  ThreadReply,
} from './announcement.js';
import { bibtexFor } from './bibtex.js';

export function composePaperAnnouncement(
  paper: PaperRecord,
  channelId: string,
  matchers: readonly PersonMatcher[],
  sourceLabel: string,
): Announcement {
  return {
    key: paper.id,
    channelId,
    event: 'new',
    record: paper,
    head: paperHead(paper, 'new', matchers, sourceLabel),
    replies: paperReplies(paper),
  };
}

/**
 * The follow-up when an announced paper is published: the head as it is now (with the venue, to
 * rewrite the first head), and in the thread where it appeared, the citation and the BibTeX of
 * the published version. Its delivery key is `<id>#published`: one per paper and channel.
 */
export function composePublishedFollowUp(
  paper: PaperRecord,
  channelId: string,
  matchers: readonly PersonMatcher[],
): Announcement {
  return {
    key: `${paper.id}#published`,
    channelId,
    event: 'published',
    record: paper,
    head: paperHead(paper, 'published', matchers, sourceLabelOf(paper.source)),
    replies: [
      ...(paper.publication ? [{ kind: 'notice' as const, text: publishedNotice(paper.publication) }] : []),
      { kind: 'bibtex', text: bibtexFor(paper) },
    ],
  };
}

function paperHead(
  paper: PaperRecord,
  event: AnnouncementEvent,
  matchers: readonly PersonMatcher[],
  sourceLabel: string,
): AnnouncementHead {
  return {
    kind: 'paper',
    event,
    title: paper.title,
    url: paper.url,
    people: paper.authors.map((name) => ({ name, watched: isWatchedName(name, matchers) })),
    date: paper.published,
    ...(paper.primaryCategory ? { category: paper.primaryCategory } : {}),
    ...(paper.venue ? { venue: paper.venue } : {}),
    sourceLabel,
  };
}

function paperReplies(paper: PaperRecord): ThreadReply[] {
  const replies: ThreadReply[] = [];
  if (paper.abstract) replies.push({ kind: 'abstract', title: paper.title, text: paper.abstract });
  const links = paperLinks(paper);
  if (links.length > 0) replies.push({ kind: 'links', links });
  replies.push({ kind: 'bibtex', text: bibtexFor(paper) });
  return replies;
}

function paperLinks(paper: PaperRecord): LinkItem[] {
  const links: LinkItem[] = [];
  if (paper.links.abs) links.push({ label: paper.arxivId ? 'Abstract page' : 'Page', url: paper.links.abs });
  if (paper.links.pdf) links.push({ label: 'PDF', url: paper.links.pdf });
  if (paper.links.html) links.push({ label: 'HTML', url: paper.links.html });
  if (paper.links.doi) links.push({ label: 'DOI', url: paper.links.doi });
  return links;
}

const SOURCE_NAMES: Readonly<Record<string, string>> = {
  crossref: 'Crossref',
  openalex: 'OpenAlex',
  inspire: 'INSPIRE-HEP',
  biorxiv: 'bioRxiv / medRxiv',
  pubmed: 'PubMed',
  dblp: 'dblp',
};

/** The line that names where a record came from. */
export function sourceLabelOf(sourceId: string, feedUrl?: string): string {
  if (sourceId.startsWith('arxiv')) return 'arXiv';
  const name = SOURCE_NAMES[sourceId];
  if (name) return name;
  if (!feedUrl) return sourceId;
  try {
    return new URL(feedUrl).hostname.replace(/^www\./, '');
  } catch {
    return sourceId;
  }
}
