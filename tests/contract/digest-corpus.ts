/**
 * Digests for the contract tests, composed by the real digest composer from the contract corpus:
 * every seed and adversarial paper (a reply each, titles and author lists far beyond every limit),
 * the published follow-up of a paper from an earlier digest (an update), and every calendar and
 * adversarial talk in lists, with talk updates: long enough to be split over many replies. Also
 * the one-line digest of an empty period.
 */
import type { Announcement } from '../../src/announce/announcement.js';
import { composePublishedFollowUp } from '../../src/announce/compose-paper.js';
import { composeDigest } from '../../src/announce/digest/compose-digest.js';
import type { DigestAnnouncement } from '../../src/announce/digest/digest-model.js';
import { personMatcher } from '../../src/records/person-names.js';
import type { DigestItemEntry } from '../../src/store/digest-repository.js';
import { adversarialPaper, contractCorpus, filled, MARKUP, UNICODE } from './announcement-corpus.js';

const MATCHERS = [personMatcher({ id: 'favero', name: 'Alessandro Favero' })];

export function contractDigests(channelId: string): DigestAnnouncement[] {
  const corpus = contractCorpus();
  const starts = corpus.flatMap((a) => (a.record.kind === 'talk' ? [Date.parse(a.record.start)] : []));
  const to = new Date(Math.min(...starts) - 86_400_000);
  const from = new Date(to.getTime() - 7 * 86_400_000);
  // Most talks new; some only changed or cancelled (updates of talks an earlier digest listed).
  const talkIds = [...new Set(corpus.flatMap((a) => (a.record.kind === 'talk' ? [a.record.id] : [])))];
  const kept = (announcement: Announcement): boolean => {
    const { record, event } = announcement;
    if (record.kind !== 'talk') return true;
    const position = talkIds.indexOf(record.id) % 6;
    if (position === 0) return event === 'changed';
    if (position === 3) return event === 'changed' || event === 'cancelled';
    return event === 'new';
  };
  const announcements = corpus.filter(kept);
  const published = composePublishedFollowUp(
    adversarialPaper({ id: 'arxiv:published-earlier', venue: filled(MARKUP + UNICODE, 3000) }),
    channelId,
    MATCHERS,
  );
  const entries = [...announcements, published].map(
    (announcement: Announcement, index): DigestItemEntry => ({
      key: `${channelId}|${announcement.key}`,
      channelId,
      announcement,
      queuedAt: new Date(from.getTime() + index * 1000).toISOString(),
    }),
  );
  const compose = (items: DigestItemEntry[], sendEmpty: boolean) =>
    composeDigest({ channelId, items, from, to, every: 'weekly', sendEmpty, zone: 'Europe/Zurich' })
      .announcement!;
  return [compose(entries, false), compose([], true)];
}
