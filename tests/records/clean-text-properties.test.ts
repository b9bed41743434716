/**
 * Properties of cleaning, over generated input (fast-check): HTML of any element names (custom,
 * hyphenated, namespaced, raw-text, unknown) and attributes (event handlers, javascript: links)
 * comes out as its text, with no tag, no `javascript:`, no script text and no C1 control; plain
 * text with `<` and `>` comes out unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanHtml } from '../../src/records/clean-html.js';
import { cleanText, fixControlCharacters } from '../../src/records/clean-text.js';

const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((list) => list.join(' '));

const elementName = fc.oneof(
  fc.constantFrom('p', 'b', 'div', 'span', 'a', 'em', 'h1', 'li', 'td', 'blink', 'font', 'center'),
  fc.constantFrom('x-card', 'my-element', 'svg:g', 'foo:bar', 'svg:svg', 'mml:math', 'o:p'),
  fc.constantFrom('title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes'),
  fc.constantFrom('DIV', 'X-Card', 'Svg:G'),
);
const attribute = fc.oneof(
  fc.constantFrom(
    ' onmouseover="alert(1)"',
    ' href="javascript:alert(1)"',
    " href='JaVaScRiPt:alert(1)'",
    ' src="javascript:void(0)"',
    ' style="background:url(javascript:x)"',
    ' title="a > b"',
    ' data-x=1',
    ' class="c"',
  ),
  fc.constant(''),
);

/** HTML and the words it holds outside scripts and styles. */
interface Html {
  html: string;
  words: string[];
}

const htmlTree: fc.Arbitrary<Html> = fc.letrec<{ node: Html }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    words.map((text) => ({ html: text, words: text.split(' ') })),
    fc
      .tuple(elementName, attribute, fc.array(tie('node'), { maxLength: 3 }))
      .map(([name, attributes, children]) => element(name, attributes, children)),
    fc
      .tuple(fc.constantFrom('script', 'style', 'svg:script', 'x:style', 'SCRIPT'), words)
      .map(([name, text]) => ({ html: `<${name}>alert("${text}")</${name}>`, words: [] })),
  ),
})).node;

function element(name: string, attributes: string, children: Html[]): Html {
  // A raw-text element's content is text to the HTML parser: it may not hold another element.
  const raw = /^(title|textarea|xmp|iframe|noembed|noframes)$/i.test(name);
  const kept = raw ? children.filter((child) => !child.html.includes('<')) : children;
  const inner = kept.map((child) => child.html).join(' ');
  return { html: `<${name}${attributes}>${inner}</${name}>`, words: kept.flatMap((child) => child.words) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;

describe('cleaning, over generated input', () => {
  it('HTML of any element names and attributes comes out as its text and nothing else', () => {
    fc.assert(
      fc.property(htmlTree, ({ html, words: expected }) => {
        const text = cleanHtml(html);
        expect(text).not.toMatch(/<[A-Za-z/!?]/);
        expect(text.toLowerCase()).not.toContain('javascript:');
        expect(text).not.toMatch(/alert|onmouseover/);
        expect(text).not.toMatch(CONTROLS);
        expect(text.split(' ').filter(Boolean)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('plain text with < and > in it survives unchanged', () => {
    const token = fc.stringMatching(/^[a-zA-Z0-9<>=&;.,()+*/|-]{1,10}$/);
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 12 }), (tokens) => {
        const text = tokens.join(' ');
        expect(cleanText(text)).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('no output of any string holds a control character (C1 mapped from Windows-1252)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(cleanText(text)).not.toMatch(CONTROLS);
        expect(cleanHtml(text)).not.toMatch(CONTROLS);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('cleaning, the cases of the issue', () => {
  it('removes hyphenated and namespaced tags, with the text inside kept and scripts dropped', () => {
    expect(cleanHtml('<x-card onmouseover="alert(1)">Deep nets</x-card>')).toBe('Deep nets');
    expect(cleanHtml('A <svg:script>alert(1)</svg:script>B')).toBe('A B');
    expect(cleanHtml('Example <b>bold</b> words')).toBe('Example bold words');
  });

  it('keeps plain text with < and > whole, however long', () => {
    const sentence = 'We show that for n<m and m>k the bound holds, and for 0<x<1 too.';
    expect(cleanText(sentence)).toBe(sentence);
    const long = `${'x<y & y>z '.repeat(6_000)}end`;
    expect(cleanText(long)).toBe(long);
  });

  it('maps C1 controls of Windows-1252 text and drops other controls', () => {
    expect(cleanText('don\u0092t \u0093quote\u0094 \u0080 5')).toBe('don’t “quote” € 5');
    expect(fixControlCharacters('a\u0000b\u0007c\u0081d')).toBe('abcd');
    expect(cleanText('tab\tand\nnew line')).toBe('tab and new line');
  });
});
