import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TalkRecord } from '../../src/records/record.js';
import { seedPapers } from '../search/seed-papers.js';
import { member, NOW, type ServiceFixture, serviceFixture } from './service-fixture.js';

function talk(n: number, title: string, start: string, extra: Partial<TalkRecord> = {}): TalkRecord {
  const end = new Date(Date.parse(start) + 60 * 60_000).toISOString();
  return {
    kind: 'talk',
    id: `talk:${n}`,
    title,
    abstract: `A seminar on ${title.toLowerCase()}.`,
    url: `https://seminars.example.org/${n}`,
    links: {},
    people: [],
    source: 'feed:seminars',
    published: '2026-11-01T00:00:00Z',
    speakers: ['Alessandro Favero'],
    start,
    end,
    timezone: 'Europe/Zurich',
    location: 'Room 101',
    status: 'confirmed',
    series: 'Theory seminar',
    ...extra,
  };
}

const hour = (hours: number) => new Date(NOW.getTime() + hours * 60 * 60_000).toISOString();

const talks = [
  talk(1, 'Diffusion models and grammars', hour(48)),
  talk(2, 'Scaling laws of data', hour(2)),
  talk(3, 'Kernel methods revisited', hour(-48)), // over
  talk(4, 'Cancelled: diffusion in physics', hour(24), { status: 'cancelled' }),
  talk(5, 'Lifelong model editing', hour(-0.5), { speakers: ['Ke Wang'] }), // running now
  talk(6, 'Task arithmetic for merging', hour(24 * 30)),
];

let fixture: ServiceFixture;

beforeAll(async () => {
  fixture = await serviceFixture({ records: [...seedPapers(), ...talks] });
});
afterAll(() => fixture.close());

describe('/talks', () => {
  it('lists upcoming and running talks, soonest first, without cancelled or past ones', async () => {
    const reply = await fixture.run({ name: 'talks' }, member);
    expect(reply.status).toBe('ok');
    expect(reply.text).toBe('Next 4 upcoming talks');
    expect(reply.items!.map((item) => item.title)).toEqual([
      'Lifelong model editing',
      'Scaling laws of data',
      'Diffusion models and grammars',
      'Task arithmetic for merging',
    ]);
    const first = reply.items![1]!;
    expect(first.start).toBe(hour(2));
    expect(first.end).toBe(hour(3));
    expect(first.people).toEqual([{ name: 'Alessandro Favero', watched: true }]);
    expect(first.fields).toContainEqual({ name: 'Where', value: 'Room 101' });
  });

  it('matches words, and a speaker with author:', async () => {
    const diffusion = await fixture.run({ name: 'talks', query: 'diffusion' }, member);
    expect(diffusion.items!.map((item) => item.title)).toEqual(['Diffusion models and grammars']);
    const speaker = await fixture.run({ name: 'talks', query: 'author:"Ke Wang"' }, member);
    expect(speaker.items!.map((item) => item.title)).toEqual(['Lifelong model editing']);
  });

  it('says so when no talk is coming up', async () => {
    const reply = await fixture.run({ name: 'talks', query: 'kernel' }, member);
    expect(reply.status).toBe('empty');
    expect(reply.text).toBe('No upcoming talks matching "kernel".');
  });

  it('keeps talks out of /papers unless asked for them', async () => {
    const papers = await fixture.run({ name: 'papers', query: '' }, member);
    expect(papers.items!.every((item) => item.start === undefined)).toBe(true);
    const asked = await fixture.run({ name: 'papers', query: 'diffusion type:talk' }, member);
    expect(asked.items!.map((item) => item.title).sort()).toEqual([
      'Cancelled: diffusion in physics',
      'Diffusion models and grammars',
    ]);
  });
});
