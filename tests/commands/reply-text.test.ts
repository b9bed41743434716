import { describe, expect, it } from 'vitest';
import { renderReplyText } from '../../src/commands/reply-text.js';

describe('plain-text replies', () => {
  it('marks watched people and matches with stars, and gives talk times in the zone', () => {
    const text = renderReplyText(
      {
        status: 'ok',
        ephemeral: false,
        text: '2 results for "diffusion"',
        items: [
          {
            title: 'A paper',
            url: 'https://arxiv.org/abs/2401.00001',
            date: '2024-01-01T17:00:00Z',
            people: [
              { name: 'Alessandro Favero', watched: true },
              { name: 'Ada Lovelace', watched: false },
            ],
            snippet: [
              { text: '…on ', match: false },
              { text: 'diffusion', match: true },
              { text: '\nmodels…', match: false },
            ],
          },
          {
            title: 'A talk',
            start: '2026-11-24T15:00:00Z',
            end: '2026-11-24T16:00:00Z',
            fields: [{ name: 'Where', value: 'Room 101' }],
          },
        ],
        footer: 'Page 1 of 3 - next: /papers diffusion page:2',
      },
      'Europe/Zurich',
    );
    expect(text).toBe(
      [
        '2 results for "diffusion"',
        '',
        '1. A paper',
        '   *Alessandro Favero*, Ada Lovelace',
        '   2024-01-01 - https://arxiv.org/abs/2401.00001',
        '   …on *diffusion* models…',
        '',
        '2. A talk',
        '   2026-11-24 16:00 Europe/Zurich to 17:00 Europe/Zurich',
        '   Where: Room 101',
        '',
        'Page 1 of 3 - next: /papers diffusion page:2',
        '',
      ].join('\n'),
    );
  });
});
