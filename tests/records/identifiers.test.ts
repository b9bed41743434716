import { describe, expect, it } from 'vitest';
import { normaliseDoi, parseArxivId, singleArxivLink } from '../../src/records/identifiers.js';

describe('arXiv ids and DOIs', () => {
  it.each([
    ['http://arxiv.org/abs/2605.27734v2', { id: '2605.27734', version: 2 }],
    ['https://arxiv.org/pdf/2605.27734', { id: '2605.27734' }],
    ['arxiv.org/abs/2605.23821', { id: '2605.23821' }],
    ['https://arxiv.org/abs/astro-ph/0601001v1', { id: 'astro-ph/0601001', version: 1 }],
    ['http://arxiv.org/abs/cond-mat/0412498v1', { id: 'cond-mat/0412498', version: 1 }],
    ['oai:arXiv.org:2203.01250v3', { id: '2203.01250', version: 3 }],
    ['arXiv:2504.17830v1', { id: '2504.17830', version: 1 }],
    ['10.48550/arXiv.2605.27734', { id: '2605.27734' }],
    ['https://arxiv.org/html/2605.27734v1', { id: '2605.27734', version: 1 }],
  ])('%s', (text, expected) => {
    expect(parseArxivId(text)).toEqual(expected);
  });

  it('finds no id in an error page or a plain link', () => {
    expect(parseArxivId('https://arxiv.org/api/errors#incorrect_id_format_for_abc')).toBeUndefined();
    expect(parseArxivId('https://example.org/2605.27734')).toBeUndefined();
  });

  it('takes a linked paper only when exactly one is linked', () => {
    expect(singleArxivLink('see arxiv.org/pdf/2605.27734 and arxiv.org/abs/2605.27734v2')).toEqual({
      id: '2605.27734',
    });
    expect(singleArxivLink('see arxiv.org/abs/2605.27734 and arxiv.org/abs/2605.23821')).toBeUndefined();
  });

  it('normalises DOIs', () => {
    expect(normaliseDoi('doi:10.1101/743294')).toBe('10.1101/743294');
    expect(normaliseDoi('https://doi.org/10.1142/S021797921244002X')).toBe('10.1142/s021797921244002x');
    expect(normaliseDoi('http://dx.doi.org/10.1073/pnas.2408799121')).toBe('10.1073/pnas.2408799121');
    expect(normaliseDoi('not a doi')).toBeUndefined();
  });
});
