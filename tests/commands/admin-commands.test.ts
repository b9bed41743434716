import { afterEach, describe, expect, it } from 'vitest';
import { deliverableTitle } from '../../src/announce/announcement.js';
import type { CommandRequest } from '../../src/commands/command.js';
import type { PaperRecord } from '../../src/records/record.js';
import { seedPapers } from '../search/seed-papers.js';
import { outboxEntry } from '../store/sample-data.js';
import { admin, member, NOW, type ServiceFixture, serviceFixture, testConfig } from './service-fixture.js';
import { pausedMember, STATUS_CHANNELS, seedWaitingForStatus } from './status-fixture.js';

let fixture: ServiceFixture;
afterEach(() => fixture.close());

const ORCID = '0000-0002-1825-0097';

async function snapshot() {
  return {
    watchlist: await fixture.store.watchlist.apply(fixture.config.people, fixture.config.feeds),
    sources: [...(await fixture.store.sources.all())],
  };
}

describe('admin commands refused to members', () => {
  const requests: CommandRequest[] = [
    { name: 'watch', action: 'add', personName: 'Matthieu Wyart' },
    { name: 'watch', action: 'remove', id: 'favero' },
    { name: 'watch', action: 'list' },
    { name: 'feed', action: 'add', url: 'https://example.org/talks.ics', kind: 'talk' },
    { name: 'feed', action: 'remove', id: 'group-blog' },
    { name: 'feed', action: 'resume', id: 'group-blog' },
    { name: 'feed', action: 'list' },
    { name: 'status' },
  ];

  it('refuses each one clearly, privately, and changes nothing', async () => {
    fixture = await serviceFixture();
    await fixture.store.sources.update('feed:group-blog', { failures: 10, pausedAt: '2026-11-20T00:00:00Z' });
    const before = await snapshot();
    for (const request of requests) {
      const reply = await fixture.run(request, member);
      expect(reply, JSON.stringify(request)).toMatchObject({ status: 'refused', ephemeral: true });
      expect(reply.text).toBe(`Only admins can use /${request.name}. Nothing was changed.`);
      expect(reply.items).toBeUndefined();
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('/watch', () => {
  it('adds a person and answers with the names it will match, the arXiv query and their papers', async () => {
    const previewed: string[] = [];
    const preprint = {
      ...seedPapers()[0]!,
      id: 'arxiv:2611.00001',
      title: 'A brand new preprint',
    } as PaperRecord;
    fixture = await serviceFixture({
      preview: async (person, limit) => {
        previewed.push(`${person.name}/${limit}`);
        return [preprint];
      },
    });
    const reply = await fixture.run({ name: 'watch', action: 'add', personName: 'Matthieu Wyart' }, admin);
    expect(reply.status).toBe('ok');
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toBe(
      'Now watching Matthieu Wyart as "wyart"; the next poll looks for their papers. 5 stored paper(s) already match the name (listed last).',
    );
    const summary = reply.items![0]!;
    expect(summary.title).toBe('Matthieu Wyart (id wyart)');
    expect(summary.fields).toEqual([
      { name: 'Names matched', value: 'Matthieu Wyart; M. Wyart; Wyart, M.' },
      { name: 'arXiv', value: 'au:wyart_m' },
      { name: 'Newest on arXiv now', value: '1 paper(s), listed below' },
    ]);
    expect(reply.items![1]!.title).toBe('A brand new preprint');
    expect(reply.items!.slice(2)).toHaveLength(5);
    for (const item of reply.items!.slice(2)) {
      expect(item.people).toContainEqual({ name: 'Matthieu Wyart', watched: true });
    }
    expect(previewed).toEqual(['Matthieu Wyart/5']);
    const { people } = await fixture.store.watchlist.apply(fixture.config.people, fixture.config.feeds);
    expect(people.map((person) => person.id)).toEqual(['favero', 'wyart']);
  });

  it('keeps the arXiv author id and ORCID, and says when arXiv could not be asked', async () => {
    fixture = await serviceFixture({
      preview: async () => {
        throw new Error('arXiv answered 503');
      },
    });
    const reply = await fixture.run(
      {
        name: 'watch',
        action: 'add',
        personName: 'Pascal Frossard',
        arxivAuthorId: 'frossard_p_1',
        orcid: ORCID,
      },
      admin,
    );
    expect(reply.status).toBe('ok');
    expect(reply.items![0]!.fields).toContainEqual({
      name: 'arXiv',
      value: 'author feed arxiv.org/a/frossard_p_1',
    });
    expect(reply.items![0]!.fields).toContainEqual({
      name: 'Newest on arXiv now',
      value: 'could not be fetched: arXiv answered 503',
    });
    const { people } = await fixture.store.watchlist.apply([], []);
    expect(people).toEqual([
      { id: 'frossard', name: 'Pascal Frossard', aliases: [], arxivAuthorId: 'frossard_p_1', orcid: ORCID },
    ]);
    const absent = await serviceFixture();
    try {
      const without = await absent.run({ name: 'watch', action: 'add', personName: 'Adam Hazimeh' }, admin);
      expect(without.items![0]!.fields).toContainEqual({
        name: 'Newest on arXiv now',
        value: 'not fetched here (no arXiv access in this process)',
      });
    } finally {
      await absent.close();
    }
  });

  it('gives a namesake its own id and refuses someone already watched', async () => {
    fixture = await serviceFixture();
    const namesake = await fixture.run({ name: 'watch', action: 'add', personName: 'Andrea Favero' }, admin);
    expect(namesake.text).toContain('as "favero-a"');
    const again = await fixture.run({ name: 'watch', action: 'add', personName: 'A. Favero' }, admin);
    expect(again.status).toBe('invalid');
    expect(again.text).toContain('Alessandro Favero is already watched (id favero)');
  });

  it('removes and lists people, and the changes survive a restart', async () => {
    fixture = await serviceFixture();
    await fixture.run({ name: 'watch', action: 'add', personName: 'Matthieu Wyart' }, admin);
    const removed = await fixture.run({ name: 'watch', action: 'remove', id: 'favero' }, admin);
    expect(removed.status).toBe('ok');
    expect(removed.text).toContain('No longer watching Alessandro Favero ("favero")');
    await fixture.restartService();
    const list = await fixture.run({ name: 'watch', action: 'list' }, admin);
    expect(list.status).toBe('ok');
    expect(list.items!.map((item) => item.title)).toEqual(['Matthieu Wyart']);
    expect(list.items![0]!.fields).toContainEqual({ name: 'Id', value: 'wyart' });
    // /papers marks the new person at once, and no longer the removed one.
    const papers = await fixture.run({ name: 'papers', query: 'teacher-student' }, member);
    expect(papers.items![0]!.people).toContainEqual({ name: 'Matthieu Wyart', watched: true });
    expect(papers.items![0]!.people).toContainEqual({ name: 'Alessandro Favero', watched: false });
  });
});

describe('/feed', () => {
  it('adds, lists, resumes and removes feeds, and the changes survive a restart', async () => {
    fixture = await serviceFixture();
    const added = await fixture.run(
      { name: 'feed', action: 'add', url: 'https://www.example.org/seminars/theory.ics', kind: 'talk' },
      admin,
    );
    expect(added.status).toBe('ok');
    expect(added.text).toContain('Now watching the talk feed "example-org-seminars-theory"');
    const duplicate = await fixture.run(
      { name: 'feed', action: 'add', url: 'https://www.example.org/seminars/theory.ics', kind: 'paper' },
      admin,
    );
    expect(duplicate.status).toBe('invalid');
    expect(duplicate.text).toContain('is already watched (id example-org-seminars-theory)');

    await fixture.store.sources.update('feed:group-blog', { failures: 10, pausedAt: '2026-11-20T00:00:00Z' });
    const resumed = await fixture.run({ name: 'feed', action: 'resume', id: 'group-blog' }, admin);
    expect(resumed.text).toBe(
      'Feed "group-blog" resumed (it was paused since 2026-11-20T00:00:00Z); it is read again at the next feeds poll.',
    );
    expect(await fixture.store.sources.get('feed:group-blog')).toEqual({ failures: 0 });

    const removed = await fixture.run({ name: 'feed', action: 'remove', id: 'group-blog' }, admin);
    expect(removed.status).toBe('ok');
    await fixture.restartService();
    const list = await fixture.run({ name: 'feed', action: 'list' }, admin);
    expect(list.items!.map((item) => [item.title, item.url])).toEqual([
      ['example-org-seminars-theory', 'https://www.example.org/seminars/theory.ics'],
    ]);
  });
});

describe('/status', () => {
  it('shows every source with its last success, last error, failures, pause and next poll', async () => {
    const papersRun = new Date('2026-11-24T05:15:00Z');
    const feedsRun = new Date('2026-11-23T09:30:00Z');
    fixture = await serviceFixture({ status: { nextRuns: () => ({ papers: papersRun, feeds: feedsRun }) } });
    await fixture.run(
      { name: 'watch', action: 'add', personName: 'Pascal Frossard', arxivAuthorId: 'frossard_p_1' },
      admin,
    );
    await fixture.store.sources.update('arxiv', { failures: 0, lastSuccessAt: '2026-11-23T05:15:00Z' });
    await fixture.store.sources.update('arxiv-author:frossard', {
      failures: 2,
      lastError: 'HTTP 503',
      lastErrorAt: '2026-11-23T08:50:00Z',
      retryAfter: '2026-11-23T09:10:00Z',
    });
    await fixture.store.sources.update('feed:group-blog', {
      failures: 10,
      lastError: 'HTTP 404',
      lastErrorAt: '2026-11-20T00:00:00Z',
      pausedAt: '2026-11-20T00:00:00Z',
    });
    const reply = await fixture.run({ name: 'status' }, admin);
    expect(reply.status).toBe('ok');
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toBe('3 sources: 1 healthy, 1 failing, 1 paused');
    const [arxiv, author, feed] = reply.items!;
    expect(arxiv!.fields).toEqual([
      { name: 'Source', value: 'arxiv' },
      { name: 'Last success', value: '2026-11-23 06:15 Europe/Zurich' },
      { name: 'Next poll', value: '2026-11-24 06:15 Europe/Zurich' },
    ]);
    expect(author!.fields).toContainEqual({
      name: 'Last error',
      value: '2026-11-23 09:50 Europe/Zurich: HTTP 503',
    });
    expect(author!.fields).toContainEqual({ name: 'Next poll', value: '2026-11-23 10:10 Europe/Zurich' });
    expect(feed!.fields).toContainEqual({
      name: 'Paused',
      value:
        'since 2026-11-20 01:00 Europe/Zurich: /source resume feed:group-blog (herald source resume feed:group-blog)',
    });
    // Paused: tried by itself a day after its last attempt.
    expect(feed!.fields).toContainEqual({
      name: 'Next poll',
      value: '2026-11-21 01:00 Europe/Zurich (its daily try while paused)',
    });
  });

  it('lists held deliveries with their error and the command that posts them again, and those waiting for a token', async () => {
    fixture = await serviceFixture();
    const held = outboxEntry(1, 'lab-discord', '2026-11-20T10:00:00.000Z');
    const waiting = [2, 3].map((n) => outboxEntry(n, 'lab-slack', `2026-11-2${n}T08:00:00.000Z`));
    await fixture.store.outbox.enqueue([held, ...waiting]);
    await fixture.store.outbox.save({
      ...held,
      heldAt: '2026-11-20T10:05:00.000Z',
      lastError: 'post announcement: Discord refused (403, code 50001): Missing Access',
    });
    for (const entry of waiting)
      await fixture.store.outbox.save({ ...entry, waitingFor: 'SLACK_BOT_TOKEN is not set' });

    const reply = await fixture.run({ name: 'status' }, admin);
    expect(reply.text).toBe(
      '2 sources: 2 healthy, 0 failing, 0 paused; 1 delivery held, 2 waiting for a chat token',
    );
    const [, , heldItem, waitingItem] = reply.items!;
    expect(heldItem).toEqual({
      title: `Held: "${deliverableTitle(held.announcement)}" to lab-discord`,
      fields: [
        { name: 'Error', value: 'post announcement: Discord refused (403, code 50001): Missing Access' },
        { name: 'Held since', value: '2026-11-20 11:05 Europe/Zurich' },
        { name: 'Post it again', value: `herald redeliver ${held.key}` },
      ],
    });
    expect(waitingItem).toEqual({
      title: 'Waiting: 2 deliveries to lab-slack',
      fields: [
        { name: 'Why', value: 'SLACK_BOT_TOKEN is not set' },
        { name: 'Oldest queued', value: '2026-11-22 09:00 Europe/Zurich' },
      ],
    });
  });

  it('shows what waits in each digest and when it goes out, and the members whose follows are paused', async () => {
    fixture = await serviceFixture({ config: testConfig({ channels: STATUS_CHANNELS }) });
    await seedWaitingForStatus(fixture.store, { pausedMembers: 7 });
    const reply = await fixture.run({ name: 'status' }, admin);
    expect(reply.text).toBe(
      '2 sources: 2 healthy, 0 failing, 0 paused; 7 items waiting for a digest; 8 follows of 7 members paused',
    );
    const due = 'due now (sent within a minute by the running bot, or by the next herald run --once)';
    expect(reply.items!.slice(2)).toEqual([
      {
        title: 'Digest: lab-weekly (weekly, Mon 09:00)',
        fields: [
          {
            name: 'Waiting',
            value: '3 items (2 papers, 1 talk), the oldest since 2026-11-23 09:40 Europe/Zurich',
          },
          { name: 'Next digest', value: '2026-11-30 09:00 Europe/Zurich' },
        ],
      },
      {
        // Its 09:00 passed since the last daily digest: the next tick sends it.
        title: 'Digest: lab-daily (daily, 09:00)',
        fields: [
          { name: 'Waiting', value: '1 item (1 paper), the oldest since 2026-11-22 13:00 Europe/Zurich' },
          { name: 'Next digest', value: due },
        ],
      },
      {
        title: 'Digest: lab-instant (back to instant: what waited goes out as one last digest)',
        fields: [
          { name: 'Waiting', value: '1 item (1 paper), the oldest since 2026-11-21 13:00 Europe/Zurich' },
          { name: 'Next digest', value: due },
        ],
      },
      {
        title: 'Personal digests: 1 member',
        fields: [
          { name: 'Waiting', value: '2 items' },
          { name: 'Next digest', value: '2026-11-30 09:00 Europe/Zurich' },
        ],
      },
      {
        title: 'Paused follows: 7 members the bot cannot send direct messages to',
        fields: [
          {
            name: 'Members',
            value: `${[0, 1, 2, 3, 4].map((n) => `${pausedMember(n).platform}:${pausedMember(n).userId}`).join(', ')} and 2 more`,
          },
          { name: 'Oldest pause', value: '2026-11-10 01:00 Europe/Zurich' },
          {
            name: 'See them',
            value:
              'herald follows lists them all, /following member:<user> one of them; a member is resumed by their own next /follow',
          },
        ],
      },
    ]);
    expect(reply.data).toMatchObject({
      digests: { personal: { members: 1, waiting: 2 } },
      pausedFollows: expect.arrayContaining([
        {
          member: 'discord:900000000000000700',
          follows: 2,
          pausedAt: '2026-11-10T00:00:00.000Z',
          reason: expect.any(String),
        },
      ]),
    });
  });

  it('says when an empty digest would go out: only if something waits by then', async () => {
    fixture = await serviceFixture({ config: testConfig({ channels: STATUS_CHANNELS.slice(0, 1) }) });
    const reply = await fixture.run({ name: 'status' }, admin);
    expect(reply.text).toBe('2 sources: 2 healthy, 0 failing, 0 paused; 0 items waiting for a digest');
    expect(reply.items!.slice(2)).toEqual([
      {
        title: 'Digest: lab-weekly (weekly, Mon 09:00)',
        fields: [
          { name: 'Waiting', value: 'nothing yet' },
          {
            name: 'Next digest',
            value: '2026-11-30 09:00 Europe/Zurich (sent only if something waits by then)',
          },
        ],
      },
    ]);
  });

  it('shows the chat connections each running instance reported, not those of a process long gone', async () => {
    fixture = await serviceFixture();
    const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
    await fixture.store.connections.save({
      instance: 'bot-a:101',
      reportedAt: minutesAgo(1),
      connections: [
        { name: 'Discord gateway', status: 'connected', since: minutesAgo(30), failures: 0 },
        {
          name: 'Slack Socket Mode',
          status: 'failed',
          since: minutesAgo(1),
          lastError: 'Slack Socket Mode: no connection within 60 s',
          retryAt: minutesAgo(-4),
          failures: 3,
        },
      ],
    });
    await fixture.store.connections.save({
      instance: 'crashed:7',
      reportedAt: minutesAgo(60),
      connections: [{ name: 'Discord gateway', status: 'connecting', since: minutesAgo(61), failures: 0 }],
    });
    const reply = await fixture.run({ name: 'status' }, admin);
    expect(reply.text).toMatch(/paused; chat: Discord gateway connected, Slack Socket Mode failed$/);
    const chat = reply.items!.filter((item) => !item.fields!.some((field) => field.name === 'Source'));
    expect(chat).toEqual([
      {
        title: 'Discord gateway',
        fields: [{ name: 'State', value: 'connected since 2026-11-23 09:30 Europe/Zurich' }],
      },
      {
        title: 'Slack Socket Mode',
        fields: [
          { name: 'State', value: 'failed since 2026-11-23 09:59 Europe/Zurich' },
          { name: 'Last error', value: 'Slack Socket Mode: no connection within 60 s' },
          { name: 'Failed attempts in a row', value: '3' },
          { name: 'Next attempt', value: '2026-11-23 10:04 Europe/Zurich' },
        ],
      },
    ]);
  });

  it('works out next polls from the cron expressions when no scheduler runs', async () => {
    fixture = await serviceFixture();
    const reply = await fixture.run({ name: 'status' }, admin);
    const next = reply.items![0]!.fields!.find((field) => field.name === 'Next poll')!;
    expect(next.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Europe\/Zurich$/);
  });
});

describe('suggestions while typing', () => {
  it('offers watched people and feeds whose id, name or URL contains the text', async () => {
    fixture = await serviceFixture();
    expect(await fixture.service.suggest('person', 'FAV')).toEqual([
      { label: 'Alessandro Favero (favero)', value: 'favero' },
    ]);
    expect(await fixture.service.suggest('feed', 'example.org')).toEqual([
      { label: 'group-blog (https://blog.example.org/feed.xml)', value: 'group-blog' },
    ]);
    expect(await fixture.service.suggest('person', 'nobody')).toEqual([]);
  });
});
