import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/search/edit-distance.js';
import { personToken } from '../../src/search/index-document.js';
import { queryTerms } from '../../src/search/query-terms.js';
import { MATCH_END, MATCH_START, toSegments } from '../../src/search/snippets.js';
import { splitWords, WordCounter } from '../../src/search/words.js';

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('difusion', 'diffusion', 2)).toBe(1);
    expect(editDistance('arithmetc', 'arithmetic', 2)).toBe(1);
    expect(editDistance('modle', 'model', 2)).toBe(1);
    expect(editDistance('kernel', 'kernal', 2)).toBe(1);
    expect(editDistance('kernel', 'kernel', 2)).toBe(0);
  });

  it('stops at the bound', () => {
    expect(editDistance('diffusion', 'attention', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('words', () => {
  it('splits as the unicode61 tokenizer does, without accents', () => {
    expect(splitWords('Sample-complexity of Zdeborová’s data2vec')).toEqual([
      'sample',
      'complexity',
      'of',
      'zdeborova',
      's',
      'data2vec',
    ]);
  });

  it('counts each word once per document, and takes documents back out', () => {
    const counter = new WordCounter();
    counter.add('diffusion models diffusion');
    counter.add('diffusion of heat');
    counter.add('models of heat', -1);
    expect(counter.deltas()).toEqual(
      new Map([
        ['diffusion', 2],
        ['models', 0],
        ['heat', 0],
      ]),
    );
  });
});

describe('query terms', () => {
  it('reads words, phrases and prefixes', () => {
    expect(queryTerms(['Diffusion', '"phase transition"', 'hallucin*', 'pre-trained', '*'])).toEqual([
      { kind: 'word', word: 'diffusion' },
      { kind: 'phrase', words: ['phase', 'transition'] },
      { kind: 'prefix', prefix: 'hallucin' },
      { kind: 'phrase', words: ['pre', 'trained'] },
    ]);
  });
});

describe('person tokens', () => {
  it('keeps ids apart that the tokenizer or the stemmer would merge', () => {
    const ids = ['favero', 'faveros', 'del_maestro', 'del-maestro', 'delxumaestro', 'maestro'];
    const tokens = ids.map(personToken);
    expect(new Set(tokens).size).toBe(ids.length);
    for (const token of tokens) expect(token).toMatch(/^p[a-z0-9]+0$/);
  });
});

describe('snippet segments', () => {
  it('turns markers into matched segments', () => {
    const marked = `…the ${MATCH_START}task${MATCH_END} ${MATCH_START}arithmetic${MATCH_END} of models…`;
    expect(toSegments(marked)).toEqual([
      { text: '…the ', match: false },
      { text: 'task', match: true },
      { text: ' ', match: false },
      { text: 'arithmetic', match: true },
      { text: ' of models…', match: false },
    ]);
  });
});
