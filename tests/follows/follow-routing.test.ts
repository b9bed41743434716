/**
 * Where records go for members: a member's direct messages are one channel, whatever the number of
 * their follows a record matches; person, keyword and talk-series follows; paused members and
 * members without follows get nothing; a channel's mode set from the chat wins over the config's.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryChannels } from '../../src/announce/delivery-channels.js';
import { channelsFor } from '../../src/announce/route.js';
import { configSchema } from '../../src/config/schema.js';
import type { MemberFollows } from '../../src/follows/follow.js';
import type { TalkRecord } from '../../src/records/record.js';
import { openSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createStore, type Store } from '../../src/store/store.js';
import { paper } from '../store/sample-data.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
let store: Store;
const config = configSchema.parse({
  people: [{ id: 'favero', name: 'Alessandro Favero' }],
  channels: [{ id: 'lab', platform: 'discord', target: '123456789012345678', people: ['favero'] }],
});

beforeEach(async () => {
  workspace = await createWorkspace();
  store = await createStore(await openSqliteBackend(join(workspace.dataDir, 'herald.sqlite')));
});

afterEach(async () => {
  await store.close();
  await workspace.remove();
});

const member = (userId: string, follows: MemberFollows['follows'], extra: Partial<MemberFollows> = {}) =>
  store.follows.save({ platform: 'slack', userId, follows, updatedAt: '2026-06-01T00:00:00Z', ...extra });
const at = '2026-06-01T00:00:00Z';

const talk: TalkRecord = {
  id: 'talk:1',
  kind: 'talk',
  title: 'A seminar on spin glasses',
  abstract: '',
  url: 'https://seminar.example.org/1',
  links: {},
  people: [],
  source: 'feed:seminar',
  published: '2026-06-10T14:00:00Z',
  speakers: ['Marc Mézard'],
  start: '2026-06-10T14:00:00Z',
  end: '2026-06-10T15:00:00Z',
  status: 'confirmed',
};

describe("members' direct messages as channels", () => {
  it('route each record once per member, by person, keyword or talk series', async () => {
    await member('U1', [
      { target: { kind: 'person', personId: 'favero' }, addedAt: at },
      { target: { kind: 'keyword', words: 'SCALING LAWS' }, addedAt: at },
    ]);
    await member('U2', [{ target: { kind: 'talk-series', feedId: 'seminar' }, addedAt: at }]);
    await member('U3', [{ target: { kind: 'person', personId: 'favero' }, addedAt: at }], {
      pausedAt: at,
    });
    await member('U4', [], { digest: 'weekly' });
    const channels = await deliveryChannels(config, store);
    expect(channels.map((channel) => channel.id)).toEqual(['lab', 'dm:slack:U1', 'dm:slack:U2']);
    const scaling = paper(1, { title: 'Scaling laws of diffusion' });
    expect(channelsFor(scaling, channels, false).map((channel) => channel.id)).toEqual([
      'lab',
      'dm:slack:U1',
    ]);
    const other = paper(2, { people: [], title: 'Scaling laws elsewhere' });
    expect(channelsFor(other, channels, true).map((channel) => channel.id)).toEqual(['dm:slack:U1']);
    expect(channelsFor(talk, channels, true).map((channel) => channel.id)).toEqual(['dm:slack:U2']);
    expect(channelsFor({ ...talk, source: 'feed:colloquium' }, channels, true)).toEqual([]);
  });

  it('carry a member’s weekly digest, and the mode set from the chat over the config’s', async () => {
    await member('U1', [{ target: { kind: 'person', personId: 'favero' }, addedAt: at }], {
      digest: 'weekly',
    });
    await store.digests.setMode({ channelId: 'lab', mode: 'digest', every: 'daily', by: 'slack:U9', at });
    const [lab, dm] = await deliveryChannels(config, store);
    expect(lab).toMatchObject({ id: 'lab', mode: 'digest', digest: { every: 'daily', sendEmpty: false } });
    expect(dm).toMatchObject({ id: 'dm:slack:U1', mode: 'digest', digest: { every: 'weekly' } });
  });
});
