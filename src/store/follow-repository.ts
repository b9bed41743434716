/**
 * Members' personal follows, one entry per platform user id (`member:discord:1234`), and the
 * requests to watch someone new that members made (`request:...`), until the admin channel has
 * been told. Everything a member follows is one value, so a member's limit is checked on what is
 * written.
 */

import { byCodeUnits } from '../code-unit-order.js';
import { type Member, type MemberFollows, memberKey, type WatchRequest } from '../follows/follow.js';
import type { KeyValueStore } from './key-value-store.js';

type FollowValue = MemberFollows | WatchRequest;

const MEMBER = 'member:';
const REQUEST = 'request:';

export class FollowRepository {
  constructor(private readonly entries: KeyValueStore<FollowValue>) {}

  get(member: Member): Promise<MemberFollows | undefined> {
    return this.entries.get(MEMBER + memberKey(member)) as Promise<MemberFollows | undefined>;
  }

  /** A member without follows left is forgotten. */
  async save(member: MemberFollows): Promise<void> {
    const key = MEMBER + memberKey(member);
    if (member.follows.length === 0 && !member.digest) await this.entries.delete(key);
    else await this.entries.set(key, member);
  }

  /** Every member with follows, in a stable order. */
  async members(): Promise<MemberFollows[]> {
    const members: MemberFollows[] = [];
    for await (const [key, value] of this.entries.entries())
      if (key.startsWith(MEMBER)) members.push(value as MemberFollows);
    return members.sort((a, b) => byCodeUnits(memberKey(a), memberKey(b)));
  }

  /** Records a request once per member and name; false when it was already there. */
  async request(request: WatchRequest): Promise<boolean> {
    const key = `${REQUEST}${memberKey(request)}:${request.name.toLowerCase()}`;
    if (await this.entries.get(key)) return false;
    await this.entries.set(key, request);
    return true;
  }

  /** Requests the admin channel has not been told of yet. */
  async unnotifiedRequests(): Promise<{ key: string; request: WatchRequest }[]> {
    const found: { key: string; request: WatchRequest }[] = [];
    for await (const [key, value] of this.entries.entries()) {
      const request = value as WatchRequest;
      if (key.startsWith(REQUEST) && !request.notifiedAt) found.push({ key, request });
    }
    return found.sort((a, b) => byCodeUnits(a.request.at, b.request.at));
  }

  markNotified(key: string, request: WatchRequest, at: Date): Promise<void> {
    return this.entries.set(key, { ...request, notifiedAt: at.toISOString() });
  }
}
