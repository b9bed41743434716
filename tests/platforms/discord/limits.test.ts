import { describe, expect, it } from 'vitest';
import { clampEmbed, embedLength, joinWithin, truncateText } from '../../../src/platforms/discord/limits.js';
import {
  codeBlockSafe,
  escapeUntrusted,
  maskedLink,
  safeUrl,
} from '../../../src/platforms/discord/markdown.js';

describe('truncateText', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateText('short text', 10)).toBe('short text');
  });

  it('cuts at the last whole word and marks the cut', () => {
    expect(truncateText('one two three four', 12)).toBe('one two…');
  });

  it('drops a URL that would be cut instead of cutting it', () => {
    const text = 'see https://example.org/a/very/long/path/to/a/paper for more';
    expect(truncateText(text, 40)).toBe('see…');
  });

  it('keeps a masked link whole even though its label has spaces', () => {
    const text = 'read [the full paper here](<https://example.org/paper>) now please';
    expect(truncateText(text, 50)).toBe('read…');
    expect(truncateText(text, 62)).toBe('read [the full paper here](<https://example.org/paper>) now…');
  });

  it('hard-cuts one giant word, but never inside a link', () => {
    expect(truncateText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(truncateText(`https://example.org/${'y'.repeat(50)}`, 20)).toBe('…');
  });
});

describe('joinWithin', () => {
  it('keeps whole parts and counts the rest', () => {
    const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'];
    expect(joinWithin(names, ', ', 40, (n) => `and ${n} more`)).toBe('Ada Lovelace, Alan Turing, and 2 more');
  });
});

describe('clampEmbed', () => {
  it('brings every part and the 6000 total within the limits', () => {
    const long = (n: number) => `${'word '.repeat(n)}end`;
    const embed = clampEmbed({
      title: long(100),
      description: long(1000),
      footer: { text: long(500) },
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `field ${i}`, value: long(300) })),
    });
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.footer!.text.length).toBeLessThanOrEqual(2048);
    expect(embed.fields!.length).toBeLessThanOrEqual(25);
    for (const field of embed.fields!) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
  });
});

describe('markdown safety', () => {
  it('escapes markdown in feed text but leaves URLs whole', () => {
    expect(escapeUntrusted('a *bold* claim_x at https://e.org/a_b_c')).toBe(
      'a \\*bold\\* claim\\_x at https://e.org/a_b_c',
    );
  });

  it('neutralises mentions and block quotes', () => {
    expect(escapeUntrusted('@everyone <@&123> <@456> <#789> @here')).toBe(
      '@\u200beveryone <\u200b@&123> <\u200b@456> <\u200b#789> @\u200bhere',
    );
    expect(escapeUntrusted('> quoted')).toBe('\\> quoted');
  });

  it('keeps a code block closed whatever the text contains', () => {
    const block = `\`\`\`bibtex\n${codeBlockSafe('title = {```evil```}')}\n\`\`\``;
    expect(block.match(/```/g)).toHaveLength(2);
  });

  it('accepts only http(s) URLs and encodes what would end a markdown link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://e.org/a_(b)')).toBe('https://e.org/a_%28b%29');
    expect(maskedLink('PDF [v2]', 'https://e.org/x.pdf')).toBe('[PDF \\[v2\\]](<https://e.org/x.pdf>)');
    expect(maskedLink('No link', 'ftp://e.org')).toBe('No link');
  });
});
