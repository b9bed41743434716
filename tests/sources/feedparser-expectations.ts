/**
 * The expectations feedparser's test files state in their header comment
 * (`Expect: not bozo and entries[0]['title'] == u'...'`), for the fields the bot reads: an
 * entry's or the feed's title and link, and an entry's id. Python string literals (quotes,
 * escapes, `u`/`r` prefixes, `+` concatenation) are decoded.
 */

export interface FeedparserExpectation {
  target: 'entry' | 'feed';
  field: 'title' | 'link' | 'id';
  value: string;
}

const SUBJECT =
  /^(?:(entries)\[0\]\s*(?:\[\s*'(title|link|id)'\s*\]|\.(title|link|id))|(feed)\s*(?:\[\s*'(title|link)'\s*\]|\.(title|link)))$/;

export function expectationsOf(text: string): FeedparserExpectation[] {
  const line = /^Expect:\s*(.*)$/m.exec(text)?.[1];
  if (!line) return [];
  return splitTopLevel(line, ' and ').flatMap((clause) => {
    const sides = splitTopLevel(clause, '==').map((side) => side.trim());
    if (sides.length < 2) return [];
    const subject = SUBJECT.exec(sides[0]!);
    const value = pythonString(sides.at(-1)!);
    if (!subject || value === undefined) return [];
    const field = (subject[2] ?? subject[3] ?? subject[5] ?? subject[6]) as FeedparserExpectation['field'];
    return [{ target: subject[1] ? 'entry' : 'feed', field, value }];
  });
}

/** Splits on `separator` outside string literals. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `u'a\xe9' + 'b'` -> `aéb`; undefined when the expression is not only string literals. */
function pythonString(expression: string): string | undefined {
  const parts = splitTopLevel(expression, '+').map((part) => part.trim());
  let value = '';
  for (const part of parts) {
    const literal = /^([uUrRbB]*)(['"])([\s\S]*)\2$/.exec(part);
    if (!literal) return undefined;
    value += /r/i.test(literal[1]!) ? literal[3]! : unescapePython(literal[3]!);
  }
  return value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

function unescapePython(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (whole, sequence: string) => {
    if (/^[xuU]/.test(sequence) && sequence.length > 1)
      return String.fromCodePoint(Number.parseInt(sequence.slice(1), 16));
    return SIMPLE_ESCAPES[sequence] ?? whole;
  });
}
