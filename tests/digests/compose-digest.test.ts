/**
 * Composing a digest from what waited for it: papers one reply each in date order, updates
 * marked, talks of the next period in lists of DIGEST_LIST_MAX by start, later talks left waiting,
 * past or cancelled ones dropped, and the headline counting each. Through the real composers of
 * papers and talks.
 */
import { describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/announce/announcement.js';
import { composePaperAnnouncement, composePublishedFollowUp } from '../../src/announce/compose-paper.js';
import {
  composeDigest,
  DIGEST_LIST_MAX,
  type DigestInput,
} from '../../src/announce/digest/compose-digest.js';
import { digestItems } from '../../src/announce/digest/digest-model.js';
import { personMatcher } from '../../src/records/person-names.js';
import type { TalkRecord } from '../../src/records/record.js';
import type { DigestItemEntry } from '../../src/store/digest-repository.js';
import { deliveryKey } from '../../src/store/outbox-repository.js';
import { composeTalkAnnouncement, composeTalkFollowUp } from '../../src/talks/compose-talk.js';
import { paper } from '../store/sample-data.js';

const matchers = [personMatcher({ id: 'favero', name: 'Alessandro Favero' })];
const from = new Date('2026-06-01T09:00:00Z');
const to = new Date('2026-06-08T09:00:00Z');
const next = new Date('2026-06-15T09:00:00Z');

function talk(n: number, start: string, overrides: Partial<TalkRecord> = {}): TalkRecord {
  return {
    id: `talk:${n}`,
    kind: 'talk',
    title: `Talk ${n}`,
    abstract: '',
    url: `https://seminar.example.org/${n}`,
    links: {},
    people: ['favero'],
    source: 'feed:seminar',
    published: start,
    speakers: ['Alessandro Favero'],
    start,
    end: new Date(Date.parse(start) + 3_600_000).toISOString(),
    status: 'confirmed',
    ...overrides,
  };
}

let queued = 0;
function waiting(announcement: Announcement): DigestItemEntry {
  queued++;
  return {
    key: deliveryKey('lab', announcement.key),
    channelId: 'lab',
    announcement,
    queuedAt: new Date(from.getTime() + queued * 60_000).toISOString(),
  };
}

const newPaper = (n: number, overrides = {}) =>
  waiting(composePaperAnnouncement(paper(n, overrides), 'lab', matchers, 'arXiv'));
const context = { channelId: 'lab', matchers, sourceLabel: 'Seminar', now: from };
const newTalk = (record: TalkRecord) => waiting(composeTalkAnnouncement(record, context));

function compose(items: DigestItemEntry[], extra: Partial<DigestInput> = {}) {
  return composeDigest({
    channelId: 'lab',
    items,
    from,
    to,
    talksBefore: next,
    every: 'weekly',
    sendEmpty: false,
    zone: 'Europe/London',
    ...extra,
  });
}

describe('a digest', () => {
  it('has one reply per paper, oldest first, then the talks of the next period by start', () => {
    const items = [
      newPaper(2, { published: '2026-06-03T10:00:00Z' }),
      newPaper(1, { published: '2026-06-02T10:00:00Z' }),
      newTalk(talk(2, '2026-06-12T15:00:00Z')),
      newTalk(talk(1, '2026-06-09T15:00:00Z')),
      newTalk(talk(3, '2026-06-20T15:00:00Z')),
    ];
    const { announcement, used } = compose(items);
    expect(announcement?.key).toBe('digest:2026-06-01T09:00:00.000Z');
    expect(announcement?.digest).toEqual({
      from: from.toISOString(),
      to: to.toISOString(),
      papers: 2,
      updates: 0,
      talks: 2,
      headline: 'This week: 2 papers, 2 upcoming talks',
    });
    expect(
      announcement?.replies.map((reply) => reply.kind === 'digest' && reply.items.map((i) => i.id)),
    ).toEqual([['arxiv:2401.00001'], ['arxiv:2401.00002'], ['talk:1', 'talk:2']]);
    // The talk after the next period waits for a later digest.
    expect(used).toHaveLength(4);
    expect(used).not.toContain(items[4]!.key);
    const first = digestItems(announcement!)[0]!;
    expect(first).toMatchObject({ type: 'paper', title: paper(1).title, url: paper(1).url });
    expect(first.people).toContainEqual({ name: 'Alessandro Favero', watched: true });
  });

  it('splits many talks into lists, never more than fit a reply, in order', () => {
    const talks = Array.from({ length: DIGEST_LIST_MAX * 2 + 1 }, (_, i) =>
      newTalk(talk(100 + i, new Date(Date.UTC(2026, 5, 9, 8 + i)).toISOString())),
    );
    const { announcement } = compose(talks.reverse());
    const lists = announcement!.replies.map((reply) => (reply.kind === 'digest' ? reply.items.length : 0));
    expect(lists).toEqual([DIGEST_LIST_MAX, DIGEST_LIST_MAX, 1]);
    const starts = digestItems(announcement!).map((item) => Date.parse(item.start!));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('marks a paper of an earlier digest now published as an update; published in the same week, it is new', () => {
    const earlier = paper(7, { venue: 'Physical Review X 16, 011001 (2026)' });
    const update = waiting(
      composePublishedFollowUp(
        {
          ...earlier,
          publication: {
            type: 'journal',
            venue: 'Physical Review X',
            volume: '16',
            pages: '011001',
            year: '2026',
          },
        },
        'lab',
        matchers,
      ),
    );
    const both = [
      newPaper(8),
      waiting(composePublishedFollowUp(paper(8, { venue: 'NeurIPS 2026' }), 'lab', matchers)),
    ];
    const { announcement, used } = compose([update, ...both]);
    const items = digestItems(announcement!);
    expect(items).toEqual([
      expect.objectContaining({ id: 'arxiv:2401.00008', venue: 'NeurIPS 2026' }),
      expect.objectContaining({
        id: 'arxiv:2401.00007',
        update: 'published',
        note: expect.stringContaining('Published in Physical Review X'),
      }),
    ]);
    expect(items[0]!.update).toBeUndefined();
    expect(announcement!.digest.headline).toBe('This week: 1 paper, 1 update');
    expect(used).toHaveLength(3);
  });

  it('drops a talk cancelled before its digest, and past talks; lists a change of an earlier one as an update', () => {
    const cancelled = talk(1, '2026-06-10T15:00:00Z');
    const moved = talk(2, '2026-06-11T15:00:00Z');
    const items = [
      newTalk(cancelled),
      waiting(composeTalkFollowUp({ ...cancelled, status: 'cancelled' }, { event: 'cancelled' }, context)),
      newTalk(talk(3, '2026-06-05T15:00:00Z')),
      waiting(
        composeTalkFollowUp(
          moved,
          {
            event: 'changed',
            changes: [{ field: 'place', from: 'Room A', to: 'Room B' }],
          },
          context,
        ),
      ),
    ];
    const { announcement, used } = compose(items);
    expect(digestItems(announcement!)).toEqual([
      expect.objectContaining({ id: 'talk:2', update: 'changed' }),
    ]);
    expect(used).toHaveLength(4);
    expect(announcement!.digest.headline).toBe('This week: 1 update');
  });

  it('is nothing for an empty period, or one line when empty digests are sent', () => {
    expect(compose([]).announcement).toBeUndefined();
    const empty = compose([], { sendEmpty: true }).announcement!;
    expect(empty.digest.headline).toBe('Nothing new this week.');
    expect(empty.replies).toEqual([]);
  });

  it('names the whole gap when it covers more than one period (after downtime)', () => {
    const { announcement } = compose([newPaper(1)], { from: new Date('2026-05-11T08:00:00Z') });
    expect(announcement!.digest.headline).toBe('Since 11 May 2026: 1 paper');
  });
});
