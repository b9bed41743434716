/**
 * The announcement of a new paper: a short head (title, authors, link) and a thread with the
 * abstract, the links and a BibTeX entry.
 */
import { isWatchedName, type PersonMatcher } from '../records/person-names.js';
import type { PaperRecord } from '../records/record.js';
import type { Announcement, LinkItem, ThreadReply } from './announcement.js';
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
    head: {
      kind: 'paper',
      event: 'new',
      title: paper.title,
      url: paper.url,
      people: paper.authors.map((name) => ({ name, watched: isWatchedName(name, matchers) })),
      date: paper.published,
      ...(paper.primaryCategory ? { category: paper.primaryCategory } : {}),
      ...(paper.venue ? { venue: paper.venue } : {}),
      sourceLabel,
    },
    replies: paperReplies(paper),
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

/** The line that names where a record came from. */
export function sourceLabelOf(sourceId: string, feedUrl?: string): string {
  if (sourceId.startsWith('arxiv')) return 'arXiv';
  if (!feedUrl) return sourceId;
  try {
    return new URL(feedUrl).hostname.replace(/^www\./, '');
  } catch {
    return sourceId;
  }
}
