/**
 * One announcement as one JSON object: the `--output jsonl` format, one line per
 * (announcement, channel).
 */
import type { Announcement } from '../../announce/announcement.js';
import { type DigestAnnouncement, type DigestItem, digestItems } from '../../announce/digest/digest-model.js';
import { idsOfPaper } from '../../records/paper-ids.js';

export function announcementJson(announcement: Announcement): Record<string, unknown> {
  const { record } = announcement;
  const base = {
    channel: announcement.channelId,
    type: record.kind,
    ...(announcement.event !== 'new' ? { event: announcement.event } : {}),
    id: record.id,
    title: record.title,
  };
  if (record.kind === 'paper') {
    return {
      ...base,
      authors: record.authors,
      people: record.people,
      url: record.url,
      published: record.published,
      categories: record.categories,
      ...(record.venue ? { venue: record.venue } : {}),
      ...(record.doi ? { doi: record.doi } : {}),
      ids: idsOfPaper(record),
      abstract: record.abstract,
    };
  }
  return {
    ...base,
    speakers: record.speakers,
    people: record.people,
    url: record.url,
    start: announcement.head.start ?? record.start,
    end: announcement.head.end ?? record.end,
    location: record.location ?? null,
    ...(record.status === 'cancelled' ? { cancelled: true } : {}),
    abstract: record.abstract,
  };
}

/** A digest as one JSON line: the period and every item, papers first, then talks by start. */
export function digestJson(digest: DigestAnnouncement): Record<string, unknown> {
  return {
    type: 'digest',
    channel: digest.channelId,
    from: digest.digest.from,
    to: digest.digest.to,
    items: digestItems(digest).map(digestItemJson),
  };
}

function digestItemJson(item: DigestItem): Record<string, unknown> {
  const names = item.people.map((person) => person.name);
  return {
    id: item.id,
    type: item.type,
    ...(item.update ? { update: item.update } : {}),
    ...(item.note ? { note: item.note } : {}),
    title: item.title,
    url: item.url,
    ...(item.type === 'paper'
      ? {
          authors: names,
          ...(item.published ? { published: item.published } : {}),
          ...(item.venue ? { venue: item.venue } : {}),
        }
      : {
          speakers: names,
          start: item.start,
          ...(item.end ? { end: item.end } : {}),
          location: item.location ?? null,
        }),
  };
}
