import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply } from '../../src/commands/command.js';
import type { PaperRecord } from '../../src/records/record.js';
import { member, type ServiceFixture, serviceFixture } from './service-fixture.js';

let fixture: ServiceFixture;

beforeAll(async () => {
  fixture = await serviceFixture();
});
afterAll(() => fixture.close());

const papers = (query: string, extra: { author?: string; since?: string; page?: number } = {}) =>
  fixture.run({ name: 'papers', query, ...extra }, member);

const titles = (reply: CommandReply) => (reply.items ?? []).map((item) => item.title);

describe('/papers', () => {
  it('answers anyone with five results a page, watched authors marked, and a snippet', async () => {
    const reply = await papers('diffusion');
    expect(reply.status).toBe('ok');
    expect(reply.ephemeral).toBe(false);
    expect(reply.text).toBe('5 results for "diffusion"');
    expect(
      titles(reply)
        .slice(0, 4)
        .every((title) => /diffusion/i.test(title)),
    ).toBe(true);
    const first = reply.items![0]!;
    expect(first.url).toMatch(/^https:\/\/arxiv\.org\/abs\//);
    expect(first.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(first.people).toContainEqual({ name: 'Alessandro Favero', watched: true });
    expect(first.people).toContainEqual({ name: 'Antonio Sclocchi', watched: false });
    expect(first.snippet!.some((segment) => segment.match && /diffusion/i.test(segment.text))).toBe(true);
    expect(reply.footer).toBe('Page 1 of 1');
    expect((reply.data as PaperRecord[]).map((record) => record.title)).toEqual(titles(reply));
  });

  it('finds the task-arithmetic papers first, and through a typo', async () => {
    const exact = await papers('task arithmetic');
    expect(titles(exact)[0]).toBe(
      'Task Arithmetic in the Tangent Space: Improved Editing of Pre-Trained Models',
    );
    const typo = await papers('task arithmetc');
    expect(titles(typo)[0]).toBe(titles(exact)[0]);
    expect(typo.text).toContain('"arithmetic" for "arithmetc"');
  });

  it('pages, saying where it is and how to get the next page', async () => {
    const first = await papers('');
    expect(first.text).toBe('Newest papers: 17');
    expect(first.items).toHaveLength(5);
    expect(first.footer).toBe('Page 1 of 4 - next: /papers page:2');
    const last = await papers('page:4');
    expect(last.items).toHaveLength(2);
    expect(last.footer).toBe('Page 4 of 4');
    const seen = new Set<string>();
    for (let page = 1; page <= 4; page++)
      for (const title of titles(await papers('', { page }))) seen.add(title);
    expect(seen.size).toBe(17);
    const past = await papers('', { page: 5 });
    expect(past.status).toBe('invalid');
    expect(past.text).toContain('page:5 is past the last page (4)');
  });

  it('lists the newest papers for an empty query', async () => {
    const reply = await papers('');
    expect(titles(reply)[0]).toBe(
      'Learn from your own latents and not from tokens: A sample-complexity theory',
    );
    const dates = reply.items!.map((item) => item.date!);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('applies author, since and type filters, inline or as options', async () => {
    const inline = await papers('diffusion author:sclocchi since:2025');
    expect(titles(inline)).toEqual([
      "Bigger Isn't Always Memorizing: Early Stopping Overparameterized Diffusion Models",
      'How Compositional Generalization and Creativity Improve as Diffusion Models are Trained',
    ]);
    const options = await papers('diffusion', { author: 'sclocchi', since: '2025' });
    expect(titles(options)).toEqual(titles(inline));
    expect(inline.footer).toBe('Page 1 of 1');
    const watched = await papers('author:favero', {});
    expect(watched.text).toBe('Newest papers (author:favero): 15');
    const byName = await papers('author:"Pascal Frossard"');
    expect(titles(byName)).toHaveLength(2);
    const talks = await papers('diffusion type:talk');
    expect(talks.status).toBe('empty');
    const month = await papers('since:2025-10');
    expect(titles(month)).toHaveLength(4);
  });

  it('looks up an arXiv id, an arXiv URL and a versioned id directly', async () => {
    for (const query of ['2305.00015', 'https://arxiv.org/abs/2305.00015v2', 'arXiv:2305.00015v1']) {
      const reply = await papers(query);
      expect(reply.status).toBe('ok');
      expect(titles(reply)).toEqual([
        'Task Arithmetic in the Tangent Space: Improved Editing of Pre-Trained Models',
      ]);
    }
    const unknown = await papers('2301.99999');
    expect(unknown.status).toBe('empty');
    expect(unknown.text).toBe('arXiv:2301.99999 is not among the papers and talks I know.');
  });

  it('says when nothing matches, with the closest known words', async () => {
    const reply = await papers('diffeomorfism');
    expect(reply.status).toBe('empty');
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toBe('Nothing matches "diffeomorfism". Did you mean: diffeomorphisms?');
    const known = await papers('hallucination diffeomorphisms');
    expect(known.text).toBe('Nothing matches "hallucination diffeomorphisms". Try fewer words.');
  });

  it('refuses bad filters with what was wrong and the usage', async () => {
    const cases: [string, string][] = [
      ['since:yesterday', 'since:yesterday is not a date such as 2024, 2024-05 or 2024-05-17'],
      ['since:2024-02-30', 'since:2024-02-30 is not a date'],
      ['type:poster', 'type:poster is not a kind of record'],
      ['author:x author:y', 'author: is given twice'],
      ['page:two', 'page:two is not a page number'],
    ];
    for (const [query, problem] of cases) {
      const reply = await papers(query);
      expect(reply.status, query).toBe('invalid');
      expect(reply.text, query).toContain(problem);
      expect(reply.text, query).toContain('Usage: /papers');
    }
    const both = await papers('author:x', { author: 'y' });
    expect(both.text).toContain('author: is given twice');
  });
});
