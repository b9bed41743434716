/**
 * One announcement as one JSON object: the `--output jsonl` format, one line per
 * (announcement, channel).
 */
import type { Announcement } from '../../announce/announcement.js';
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
