/**
 * /follow, /unfollow, /following and /channel digest through the command service, over a real
 * store: what a member may do for themselves and an admin for others, the requests to watch
 * someone new, and every bad argument refused by name with nothing stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller, CommandRequest } from '../../src/commands/command.js';
import { MAX_FOLLOWS } from '../../src/follows/follow.js';
import { admin, member, NOW, type ServiceFixture, serviceFixture, testConfig } from './service-fixture.js';

let fixture: ServiceFixture;
const inChannel: Caller = { ...member, channelId: 'C_GENERAL' };

beforeEach(async () => {
  fixture = await serviceFixture({
    config: testConfig({
      feeds: [{ id: 'seminar', url: 'https://seminar.example.org/talks.ics', kind: 'talk' }],
      channels: [
        { id: 'lab', platform: 'slack', target: 'C_LAB' },
        { id: 'news', platform: 'discord', target: '123456789012345678', mode: 'digest' },
      ],
    }),
  });
});

afterEach(() => fixture.close());

const follow = (target: string, caller = inChannel, extra: Partial<CommandRequest> = {}) =>
  fixture.run({ name: 'follow', target, ...extra } as CommandRequest, caller);
const stored = () => fixture.store.follows.get({ platform: 'slack', userId: 'U200' });

describe('/follow', () => {
  it('lets any member follow a watched person (by id or name), a keyword and a talk series', async () => {
    expect((await follow('favero')).text).toContain('Now following Alessandro Favero (favero)');
    expect((await follow('A. Favero')).text).toContain('You already follow Alessandro Favero');
    expect((await follow('keyword:"diffusion models"')).status).toBe('ok');
    expect((await follow('talk-series:seminar')).status).toBe('ok');
    const saved = await stored();
    expect(saved).toMatchObject({
      platform: 'slack',
      userId: 'U200',
      lastChannel: 'C_GENERAL',
      follows: [
        { target: { kind: 'person', personId: 'favero' }, addedAt: NOW.toISOString() },
        { target: { kind: 'keyword', words: 'diffusion models' } },
        { target: { kind: 'talk-series', feedId: 'seminar' } },
      ],
    });
    const listed = await fixture.run({ name: 'following' }, inChannel);
    expect(listed.ephemeral).toBe(true);
    expect(listed.items?.[0]?.title).toBe('dm:slack:U200: 3 followed');
    expect((await fixture.run({ name: 'follow', digest: 'weekly' }, inChannel)).text).toContain(
      'one direct message a week',
    );
    expect((await stored())?.digest).toBe('weekly');
  });

  it('turns a person nobody watches into a request for the admins, storing no follow', async () => {
    const reply = await follow('Yann LeCun');
    expect(reply).toMatchObject({ status: 'invalid', ephemeral: true });
    expect(reply.text).toContain('"Yann LeCun" is not a person the bot watches');
    expect(reply.text).toContain('the admins have been asked to watch them');
    expect(await stored()).toBeUndefined();
    await follow('Yann LeCun');
    const requests = await fixture.store.follows.unnotifiedRequests();
    expect(requests.map(({ request }) => [request.platform, request.userId, request.name])).toEqual([
      ['slack', 'U200', 'Yann LeCun'],
    ]);
  });

  it.each<[string, string, string]>([
    ['an empty keyword', 'keyword:', 'keyword: is empty'],
    ['a keyword of quotes', 'keyword:""', 'keyword: is empty'],
    [
      'a keyword over 100 characters',
      `keyword:${'x'.repeat(101)}`,
      'keyword: is 101 characters long; at most 100',
    ],
    [
      'an unknown talk series',
      'talk-series:colloquium',
      'talk-series:colloquium names no watched talk feed (known: seminar)',
    ],
    ['a paper feed as talk series', 'talk-series:group-blog', 'names no watched talk feed'],
    ['nothing', '  ', 'the person, keyword: or talk-series: to follow is missing'],
  ])('refuses %s by name, storing nothing', async (_, target, problem) => {
    await follow('favero');
    const before = await stored();
    const reply = await follow(target);
    expect(reply).toMatchObject({ status: 'invalid', ephemeral: true });
    expect(reply.text).toContain(problem);
    expect(reply.text).toContain('Usage: /follow');
    expect(await stored()).toEqual(before);
  });

  it(`refuses more than ${MAX_FOLLOWS} follows per member`, async () => {
    for (let i = 0; i < MAX_FOLLOWS; i++) expect((await follow(`keyword:topic ${i}`)).status).toBe('ok');
    const reply = await follow('keyword:one too many');
    expect(reply.status).toBe('invalid');
    expect(reply.text).toContain(`you follow ${MAX_FOLLOWS} already, the most a member may (${MAX_FOLLOWS})`);
    expect((await stored())?.follows).toHaveLength(MAX_FOLLOWS);
  });

  it('lets only admins change or list another member’s follows; admins can remove them', async () => {
    await follow('favero');
    const other: Caller = { platform: 'slack', userId: 'U300', isAdmin: false };
    const refused = await fixture.run({ name: 'unfollow', target: 'all', member: { userId: 'U200' } }, other);
    expect(refused.text).toContain("only admins can change or list another member's follows");
    expect(await stored()).toBeDefined();
    const slackAdmin: Caller = { platform: 'slack', userId: 'U999', isAdmin: true };
    const removed = await fixture.run(
      { name: 'unfollow', target: 'all', member: { userId: 'U200' } },
      slackAdmin,
    );
    expect(removed.text).toBe('No longer following Alessandro Favero (favero).');
    expect(await stored()).toBeUndefined();
    expect((await fixture.run({ name: 'following', all: true }, admin)).text).toBe(
      'No member follows anything.',
    );
  });

  it('says what is not followed when unfollowing it', async () => {
    await follow('keyword:diffusion');
    const reply = await fixture.run({ name: 'unfollow', target: 'favero' }, inChannel);
    expect(reply.status).toBe('invalid');
    expect(reply.text).toContain('"favero" is not followed (you follow: keyword:diffusion)');
  });

  it('survives a restart of the service and store', async () => {
    await follow('favero');
    await fixture.restartService();
    expect((await stored())?.follows).toHaveLength(1);
  });
});

describe('/channel digest', () => {
  const slackAdmin: Caller = { platform: 'slack', userId: 'U999', isAdmin: true, channelId: 'C_LAB' };

  it('switches the channel it is run in, for admins only', async () => {
    expect(
      (
        await fixture.run(
          { name: 'channel', action: 'digest', every: 'daily' },
          { ...slackAdmin, isAdmin: false },
        )
      ).status,
    ).toBe('refused');
    const reply = await fixture.run({ name: 'channel', action: 'digest', every: 'daily' }, slackAdmin);
    expect(reply.text).toBe(
      'lab now gets a daily digest (09:00, Europe/Zurich) instead of each announcement; the first covers what comes from now on.',
    );
    expect((await fixture.store.digests.modes()).get('lab')).toMatchObject({
      mode: 'digest',
      every: 'daily',
    });
    expect(await fixture.store.digests.state('lab')).toEqual({ channelId: 'lab', lastTo: NOW.toISOString() });
    const off = await fixture.run({ name: 'channel', action: 'digest', every: 'off' }, slackAdmin);
    expect(off.text).toContain('lab is back to announcing each paper and talk');
  });

  it('refuses a channel the bot does not announce to', async () => {
    const reply = await fixture.run(
      { name: 'channel', action: 'digest', every: 'weekly' },
      { ...slackAdmin, channelId: 'C_ELSEWHERE' },
    );
    expect(reply.status).toBe('invalid');
    expect(reply.text).toContain('run it in a channel the bot announces to');
    expect((await fixture.store.digests.modes()).size).toBe(0);
  });
});
