import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../src/commands/parse-text.js';
import type { PaperRecord } from '../../src/records/record.js';
import { queryTerms } from '../../src/search/query-terms.js';
import type { SearchRequest } from '../../src/search/run-search.js';
import { type SearchFixture, searchFixture } from './search-fixture.js';
import { seedPapers } from './seed-papers.js';

const papers = seedPapers();
const byId = new Map(papers.map((paper) => [paper.id, paper]));
const DIFFUSION_TITLES = papers.filter((paper) => /diffusion/i.test(paper.title)).map((paper) => paper.id);
let fixture: SearchFixture;

beforeAll(async () => {
  fixture = await searchFixture(papers);
  await fixture.index.sync();
});
afterAll(() => fixture.close());

async function search(text: string, extra: Partial<SearchRequest> = {}) {
  const results = await fixture.index.search({
    terms: queryTerms(tokenize(text)),
    offset: 0,
    limit: 5,
    ...extra,
  });
  return { ...results, papers: results.hits.map((hit) => byId.get(hit.id) as PaperRecord) };
}

describe('relevance on the seed corpus', () => {
  it('puts the four papers with diffusion in the title first', async () => {
    expect(DIFFUSION_TITLES).toHaveLength(4);
    const { papers: found, total } = await search('diffusion');
    expect(
      found
        .slice(0, 4)
        .map((paper) => paper.id)
        .sort(),
    ).toEqual([...DIFFUSION_TITLES].sort());
    // The fifth only mentions diffusion models once in its abstract.
    expect(total).toBe(5);
    expect(found[4]!.title).toMatch(/^Learn from your own latents/);
  });

  it('puts the task-arithmetic papers first', async () => {
    const { papers: found, total } = await search('task arithmetic');
    expect(total).toBe(2);
    expect(found[0]!.title).toBe(
      'Task Arithmetic in the Tangent Space: Improved Editing of Pre-Trained Models',
    );
    expect(found[1]!.title).toBe('Task Addition and Weight Disentanglement in Closed-Vocabulary Models');
  });

  it('still finds them through a typo, and says which word it read instead', async () => {
    const typo = await search('difusion');
    expect(
      typo.papers
        .slice(0, 4)
        .map((paper) => paper.id)
        .sort(),
    ).toEqual([...DIFFUSION_TITLES].sort());
    expect(typo.corrections).toEqual([{ from: 'difusion', to: 'diffusion' }]);
    const both = await search('task arithmetc');
    expect(both.papers[0]!.title).toMatch(/^Task Arithmetic in the Tangent Space/);
    expect(both.corrections).toEqual([{ from: 'arithmetc', to: 'arithmetic' }]);
  });

  it('matches prefixes, even where the stem is shorter than the prefix ("diffusi*")', async () => {
    const { papers: found } = await search('diffusi*');
    expect(
      found
        .slice(0, 4)
        .map((paper) => paper.id)
        .sort(),
    ).toEqual([...DIFFUSION_TITLES].sort());
    const hallucin = await search('hallucin*');
    expect(hallucin.papers[0]!.title).toBe(
      'Multi-Modal Hallucination Control by Visual Information Grounding',
    );
  });

  it('matches quoted phrases only with the words together', async () => {
    const phrase = await search('"phase transition"');
    expect(phrase.papers[0]!.title).toMatch(/^A Phase Transition in Diffusion Models/);
    const words = await search('"transition phase"');
    expect(words.total).toBe(0);
  });

  it('finds authors and ranks by the title when a name is all there is', async () => {
    const { total } = await search('sclocchi');
    expect(total).toBe(papers.filter((paper) => paper.authors.includes('Antonio Sclocchi')).length);
  });

  it('marks the matches in a snippet of the abstract', async () => {
    const { hits } = await search('task arithmetic');
    const snippet = hits[0]!.snippet!;
    expect(snippet.filter((segment) => segment.match).map((segment) => segment.text.toLowerCase())).toContain(
      'arithmetic',
    );
    expect(snippet.map((segment) => segment.text).join('')).toContain('has recently emerged');
  });

  it('says what it would have matched when a word is too far from any known one', async () => {
    const far = await search('diffeomorfism');
    expect(far.total).toBe(0);
    expect(far.suggestions).toContain('diffeomorphisms');
    const near = await search('difeomorphisms');
    expect(near.papers[0]!.title).toMatch(/^Relative stability toward diffeomorphisms/);
  });

  it('suggests nothing for words close to nothing, or when every word is known', async () => {
    const unknown = await search('xylophone');
    expect(unknown.total).toBe(0);
    expect(unknown.suggestions).toEqual([]);
    const known = await search('hallucination diffeomorphisms');
    expect(known.total).toBe(0);
    expect(known.suggestions).toEqual([]);
  });

  it('lists the newest first when there are no words', async () => {
    const { papers: found, total } = await search('', { kind: 'paper' });
    expect(total).toBe(17);
    const newest = [...papers].sort((a, b) => b.published.localeCompare(a.published)).slice(0, 5);
    expect(found.map((paper) => paper.id)).toEqual(newest.map((paper) => paper.id));
  });
});

describe('filters and paging', () => {
  it('filters by a watched person id, and by a name', async () => {
    const byPerson = await search('', { author: { personIds: ['favero'], names: [] }, limit: 50 });
    expect(byPerson.total).toBe(papers.filter((paper) => paper.people.includes('favero')).length);
    const byName = await search('diffusion', { author: { personIds: [], names: ['Francesco Cagnetta'] } });
    expect(byName.papers.map((paper) => paper.title)).toEqual([
      'How Compositional Generalization and Creativity Improve as Diffusion Models are Trained',
    ]);
    const nobody = await search('diffusion', { author: { personIds: ['nobody'], names: ['Zebra Quux'] } });
    expect(nobody.total).toBe(0);
  });

  it('filters by date', async () => {
    const since = new Date('2025-01-01T00:00:00Z');
    const { papers: found, total } = await search('diffusion', { since });
    expect(total).toBe(3);
    for (const paper of found) expect(paper.published >= since.toISOString()).toBe(true);
  });

  it('filters by kind', async () => {
    expect((await search('diffusion', { kind: 'talk' })).total).toBe(0);
    expect((await search('diffusion', { kind: 'paper' })).total).toBe(5);
  });

  it('pages through the results without repeating one', async () => {
    const seen: string[] = [];
    for (let page = 0; page < 4; page++) {
      const { hits, total } = await search('', { kind: 'paper', offset: page * 5 });
      expect(total).toBe(17);
      seen.push(...hits.map((hit) => hit.id));
    }
    expect(seen).toHaveLength(17);
    expect(new Set(seen).size).toBe(17);
  });
});
