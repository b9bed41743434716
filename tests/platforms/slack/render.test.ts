import { describe, expect, it } from 'vitest';
import type { AnnouncementHead } from '../../../src/announce/announcement.js';
import { escapeText, link } from '../../../src/platforms/slack/escape.js';
import { cutAtWord, splitAtWords } from '../../../src/platforms/slack/limits.js';
import { renderHead } from '../../../src/platforms/slack/render-announcement.js';
import { renderCommandReply, snippetText } from '../../../src/platforms/slack/render-command-reply.js';
import { renderReply } from '../../../src/platforms/slack/render-reply.js';

const TALK: AnnouncementHead = {
  kind: 'talk',
  event: 'new',
  title: 'Scaling laws for <everyone>',
  url: 'https://example.org/talks/1',
  people: [{ name: 'Matthieu Wyart', watched: true }],
  date: '2024-06-04T14:00:00+02:00',
  start: '2024-06-04T14:00:00+02:00',
  end: '2024-06-04T15:00:00+02:00',
  timezone: 'Europe/Zurich',
  location: 'EPFL, room CM 1 4',
  sourceLabel: 'EPFL physics seminars',
};

function sectionTexts(blocks: unknown[]): string[] {
  return (blocks as { text?: { text: string } }[]).map((block) => block.text?.text ?? '');
}

describe('escaping', () => {
  it('escapes entities, mentions and formatting that would change the meaning', () => {
    expect(escapeText('<!here> & <@U1> *bold* _it_ ~no~ `code`')).toBe(
      '&lt;!here&gt; &amp; &lt;@U1&gt; \u2217bold\u2217 \uFF3Fit\uFF3F \u223Cno\u223C \u02CBcode\u02CB',
    );
    expect(escapeText('snake_case and p*q stay')).toBe('snake_case and p*q stay');
    expect(escapeText('> not a quote')).toBe('\u200B&gt; not a quote');
  });

  it('keeps a link whole: odd characters in the URL encoded, non-web URLs not linked', () => {
    expect(link('https://e.org/a|b>c d', 'A <b>')).toBe('<https://e.org/a%7Cb%3Ec%20d|A &lt;b&gt;>');
    expect(link('javascript:alert(1)', 'x')).toBe('x');
  });
});

describe('cutting', () => {
  it('cuts at a word and never inside a link or entity', () => {
    const text = `word ${'<https://example.org/very/long/path|label>'} &amp; tail`;
    for (let max = 6; max < text.length; max += 1) {
      const cut = cutAtWord(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
      expect(cut).not.toMatch(/&[a-z]*…$/);
    }
  });

  it('splits long text into pieces that join back to it', () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitAtWords(text, 100);
    expect(pieces.every((piece) => piece.length <= 100)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });
});

describe('renderHead', () => {
  it('shows a talk with date tokens in the reader zone, fallback in the talk zone, and the place', () => {
    const { text, blocks } = renderHead(TALK);
    const [main] = sectionTexts(blocks);
    expect(main).toContain('*<https://example.org/talks/1|Scaling laws for &lt;everyone&gt;>*');
    expect(main).toContain('*Matthieu Wyart*');
    expect(main).toContain('<!date^1717502400^{date_short_pretty} {time}|Tue, 4 Jun 2024, 14:00 CEST>');
    expect(main).toContain('– <!date^1717506000^{time}|15:00 CEST>');
    expect(main).toContain('EPFL, room CM 1 4');
    expect(text).toContain('Scaling laws for &lt;everyone&gt;');
  });

  it('marks a cancelled talk and shortens a long author list, keeping watched people', () => {
    const people = Array.from({ length: 40 }, (_, i) => ({ name: `Author ${i}`, watched: i === 30 }));
    const { blocks } = renderHead({ ...TALK, cancelled: true, people });
    const [main] = sectionTexts(blocks);
    expect(main).toMatch(/^\*Cancelled:\* ~\*<https/);
    expect(main).toContain('Author 14, *Author 30* and 24 more');
  });
});

describe('renderReply', () => {
  it('keeps BibTeX in one code block even when it contains ```', () => {
    const { blocks } = renderReply({ kind: 'bibtex', text: '@misc{x, note = {```<!channel>```}}' });
    const [code] = sectionTexts(blocks);
    expect(code!.match(/```/g)).toHaveLength(2);
    expect(code).toContain('&lt;!channel&gt;');
  });

  it('renders a calendar link with an .ics snippet, and a reminder with a date token', () => {
    const calendar = renderReply({
      kind: 'calendar',
      googleCalendarUrl: 'https://calendar.google.com/calendar/render?action=TEMPLATE&text=x',
      ics: 'BEGIN:VCALENDAR\nEND:VCALENDAR',
    });
    expect(sectionTexts(calendar.blocks).join('\n')).toContain(
      '<https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=x|Add to Google Calendar>',
    );
    expect(sectionTexts(calendar.blocks).join('\n')).toContain('```BEGIN:VCALENDAR\nEND:VCALENDAR```');
    const notice = renderReply({ kind: 'notice', text: 'Starts in one hour', start: '2024-06-04T12:00:00Z' });
    expect(notice.text).toBe(
      'Starts in one hour (<!date^1717502400^{date_short_pretty} {time}|Tue, 4 Jun 2024, 12:00 UTC>)',
    );
  });
});

describe('messages with nothing to show', () => {
  // Slack refuses a text object of 0 characters (invalid_blocks) and a message with neither
  // text nor blocks (no_text): found by tests/contract/slack.contract.test.ts.
  it('drop blank sections and fall back to a text', () => {
    for (const reply of [
      { kind: 'abstract' as const, title: ' ', text: ' ' },
      { kind: 'links' as const, links: [] },
      { kind: 'notice' as const, text: ' ' },
    ]) {
      const message = renderReply(reply);
      expect(message.blocks, reply.kind).toEqual([]);
      expect(message.text, reply.kind).toBe('(no text)');
    }
    const titled = renderReply({ kind: 'abstract', title: ' ', text: 'Only the abstract.' });
    expect(sectionTexts(titled.blocks)).toEqual(['Only the abstract.']);
  });

  it('answer a command whose reply is empty with "(no answer)"', () => {
    const reply = renderCommandReply({ status: 'empty', ephemeral: false, text: '' });
    expect(reply.blocks).toEqual([]);
    expect(reply.text).toBe('(no answer)');
  });
});

describe('renderCommandReply', () => {
  it('stays within 50 blocks however many items there are', () => {
    const items = Array.from({ length: 80 }, (_, i) => ({
      title: `Paper ${i}`,
      fields: [{ name: 'n', value: 'v' }],
    }));
    const reply = renderCommandReply({ status: 'ok', ephemeral: true, text: 'many', items, footer: 'end' });
    expect(reply.blocks).toHaveLength(50);
    expect(JSON.stringify(reply.blocks.at(-1))).toContain('more blocks not shown');
    expect(reply.response_type).toBe('ephemeral');
  });

  it('bolds whole-word matches but not a match inside a longer word', () => {
    expect(
      snippetText([
        { text: 'un', match: false },
        { text: 'diffusion', match: true },
        { text: ' and ', match: false },
        { text: 'diffusion ', match: true },
        { text: 'models', match: false },
      ]),
    ).toBe('undiffusion and *diffusion* models');
  });
});
