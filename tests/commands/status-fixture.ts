/**
 * What `/status` reports beyond sources and deliveries, stored as the bot leaves it: items waiting
 * in digest channels (one weekly, one daily whose time has passed, one switched back to instant
 * with items left), a member's personal weekly digest, and members whose follows are paused.
 * Times are relative to the service fixture's NOW (Monday 2026-11-23 10:00 Europe/Zurich).
 */
import { composePaperAnnouncement } from '../../src/announce/compose-paper.js';
import { deliveryKey } from '../../src/store/outbox-repository.js';
import type { Store } from '../../src/store/store.js';
import { composeTalkAnnouncement } from '../../src/talks/compose-talk.js';
import { adversarialTalk } from '../contract/announcement-corpus.js';
import { paper } from '../store/sample-data.js';

export const STATUS_CHANNELS = [
  {
    id: 'lab-weekly',
    platform: 'discord',
    target: '900000000000000101',
    mode: 'digest',
    digest: { every: 'weekly', at: 'Mon 09:00' },
  },
  {
    id: 'lab-daily',
    platform: 'slack',
    target: 'C0DAILY',
    mode: 'digest',
    digest: { every: 'daily', at: '09:00' },
  },
  { id: 'lab-instant', platform: 'slack', target: 'C0INSTANT' },
];

/** What a `/status` answer shows of what seedWaitingForStatus stored, whatever the platform. */
export const STATUS_DIGEST_AND_FOLLOW_TEXTS = [
  '7 items waiting for a digest',
  'Digest: lab-weekly',
  'Next digest',
  'Paused follows: 40 members',
  'and 35 more',
  'herald follows',
];

/** The member with a personal weekly digest (not paused). */
export const DIGEST_MEMBER = { platform: 'discord', userId: '900000000000000555' } as const;

export function pausedMember(n: number) {
  const nn = String(n).padStart(2, '0');
  return n % 2 === 0
    ? ({ platform: 'discord', userId: `9000000000000007${nn}` } as const)
    : ({ platform: 'slack', userId: `U0PAUSED${nn}` } as const);
}

export async function seedWaitingForStatus(store: Store, options: { pausedMembers: number }): Promise<void> {
  const item = (channelId: string, n: number, queuedAt: string) => {
    const announcement = composePaperAnnouncement(paper(n), channelId, [], 'arXiv');
    return { key: deliveryKey(channelId, announcement.key), channelId, announcement, queuedAt };
  };
  const talk = composeTalkAnnouncement(adversarialTalk(), {
    channelId: 'lab-weekly',
    matchers: [],
    sourceLabel: 'Seminars',
    now: new Date('2026-11-23T08:40:00Z'),
  });
  await store.digests.add([
    item('lab-weekly', 1, '2026-11-23T08:40:00.000Z'),
    item('lab-weekly', 2, '2026-11-23T08:45:00.000Z'),
    {
      key: deliveryKey('lab-weekly', talk.key),
      channelId: 'lab-weekly',
      announcement: talk,
      queuedAt: '2026-11-23T08:50:00.000Z',
    },
    item('lab-daily', 3, '2026-11-22T12:00:00.000Z'),
    item('lab-instant', 4, '2026-11-21T12:00:00.000Z'),
    item(`dm:discord:${DIGEST_MEMBER.userId}`, 5, '2026-11-20T12:00:00.000Z'),
    item(`dm:discord:${DIGEST_MEMBER.userId}`, 6, '2026-11-21T12:00:00.000Z'),
  ]);
  // The weekly digest went out at this Monday's 09:00; the daily one's time has passed since its last.
  await store.digests.saveState({ channelId: 'lab-weekly', lastTo: '2026-11-23T08:00:00.000Z' });
  await store.digests.saveState({ channelId: 'lab-daily', lastTo: '2026-11-22T08:00:00.000Z' });
  await store.digests.saveState({
    channelId: `dm:discord:${DIGEST_MEMBER.userId}`,
    lastTo: '2026-11-23T08:00:00.000Z',
  });
  const follow = {
    target: { kind: 'person' as const, personId: 'favero' },
    addedAt: '2026-11-01T00:00:00.000Z',
  };
  await store.follows.save({
    ...DIGEST_MEMBER,
    follows: [follow],
    digest: 'weekly',
    updatedAt: '2026-11-01T00:00:00.000Z',
  });
  for (let n = 0; n < options.pausedMembers; n++) {
    const pausedAt = new Date(Date.UTC(2026, 10, 10 + n)).toISOString();
    await store.follows.save({
      ...pausedMember(n),
      follows:
        n === 0
          ? [follow, { target: { kind: 'keyword', words: 'diffusion' }, addedAt: follow.addedAt }]
          : [follow],
      pausedAt,
      pausedReason: 'Discord refused (403, code 50007): Cannot send messages to this user',
      updatedAt: pausedAt,
    });
  }
}
