/**
 * Text constructs that carry their markup as child elements (Atom `type="xhtml"`, `<b>` inside an
 * RSS title, unescaped HTML in a description) are turned into CDATA holding that markup, before
 * the XML is parsed. xml2js would otherwise put the element's text in one string and its child
 * elements beside it, losing their order: `Example <b>bold</b> words` read as "Example words".
 * The element is marked `type="xhtml"` so that its text is read as markup, which it is.
 */

/** Elements whose content is text for people to read: the only ones rewritten. */
const TEXT_CONSTRUCT =
  '(?:(?:atom\\d*|dc):)?(?:title|subtitle|tagline|summary|content|description|rights|copyright|info)|content:encoded';
/** Attributes, quoted values allowed to hold `>`. */
const ATTRIBUTES = `(?:\\s(?:[^>"']|"[^"]*"|'[^']*')*)?`;
const COMMENT_OR_CDATA = `<!--[\\s\\S]*?-->|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<\\?[\\s\\S]*?\\?>`;
const OPENING = new RegExp(`${COMMENT_OR_CDATA}|<(${TEXT_CONSTRUCT})(${ATTRIBUTES})>`, 'g');
const CHILD_ELEMENT = /<[A-Za-z_]/;
const COMMENTS_AND_CDATA = new RegExp(COMMENT_OR_CDATA, 'g');

/** The document with every text construct that holds child elements rewritten as CDATA markup. */
export function inlineMarkupAsCdata(xml: string): string {
  const pieces: string[] = [];
  let copied = 0;
  OPENING.lastIndex = 0;
  for (let match = OPENING.exec(xml); match; match = OPENING.exec(xml)) {
    const [opening, name, attributes = ''] = match;
    if (name === undefined || attributes.endsWith('/')) continue;
    const contentStart = match.index + opening.length;
    const close = closingTag(xml, name, contentStart);
    // Unclosed: the parser will say so; looking further could only cost time.
    if (!close) break;
    const content = xml.slice(contentStart, close.start);
    OPENING.lastIndex = close.end;
    if (!content.includes('<') || !CHILD_ELEMENT.test(content.replace(COMMENTS_AND_CDATA, ''))) continue;
    pieces.push(
      xml.slice(copied, match.index),
      `<${name}${asXhtml(attributes)}>`,
      cdata(markupOf(content)),
      xml.slice(close.start, close.end),
    );
    copied = close.end;
  }
  if (copied === 0) return xml;
  pieces.push(xml.slice(copied));
  return pieces.join('');
}

/** Where the element opened before `from` closes, counting nested elements of the same name. */
function closingTag(xml: string, name: string, from: number): { start: number; end: number } | undefined {
  const tags = tagsNamed(name);
  tags.lastIndex = from;
  let depth = 1;
  for (let match = tags.exec(xml); match; match = tags.exec(xml)) {
    const [tag, slash, attributes = ''] = match;
    if (slash === undefined) continue;
    if (slash === '/') depth -= 1;
    else if (!attributes.endsWith('/')) depth += 1;
    if (depth === 0) return { start: match.index, end: match.index + tag.length };
  }
  return undefined;
}

const TAGS_BY_NAME = new Map<string, RegExp>();

/** Comments, CDATA, and opening or closing tags of one element name. */
function tagsNamed(name: string): RegExp {
  let tags = TAGS_BY_NAME.get(name);
  if (!tags) {
    tags = new RegExp(`${COMMENT_OR_CDATA}|<(/?)${name}(${ATTRIBUTES})>`, 'g');
    TAGS_BY_NAME.set(name, tags);
  }
  return tags;
}

function asXhtml(attributes: string): string {
  const typed = attributes.replace(/(\stype\s*=\s*)("[^"]*"|'[^']*')/, '$1"xhtml"');
  return typed === attributes && !/\stype\s*=/.test(attributes) ? `${attributes} type="xhtml"` : typed;
}

/** The content as markup text: CDATA sections become escaped text, comments go. */
function markupOf(content: string): string {
  return content.replace(COMMENTS_AND_CDATA, (part) =>
    part.startsWith('<![CDATA[') ? escapeMarkup(part.slice(9, -3)) : part.startsWith('<?') ? part : '',
  );
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** CDATA cannot hold `]]>`: it is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}
