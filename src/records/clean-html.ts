/**
 * HTML fields (RSS descriptions, Atom `type="html"`/`"xhtml"`, calendar descriptions that look
 * like HTML) made fit for chat: every tag removed whatever its name, the text inside kept, scripts
 * and styles dropped, then cleaned as plain text is (clean-text.ts). Apart from clean-text.ts so
 * that html-to-text and its parser load only with the feed and calendar readers.
 */
import { convert, type FormatCallback } from 'html-to-text';
import { collapseWhitespace, fixControlCharacters, repairMojibake, simplifyLatex } from './clean-text.js';

/**
 * Elements whose content htmlparser2 keeps as raw text (tags inside are not parsed): their text
 * is read as HTML once more, so that no tag survives.
 */
const RAW_TEXT_ELEMENTS = ['title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes'];

const rawTextAsHtml: FormatCallback = (elem, _walk, builder) => {
  const inner = (elem.children ?? []).map((child) => child.data ?? '').join('');
  builder.addInline(htmlToText(inner));
};

const HTML_OPTIONS = {
  wordwrap: false as const,
  // Deeply nested markup would otherwise exhaust the stack (found by fuzzing).
  limits: { maxDepth: 64, maxInputLength: 2_000_000 },
  preserveNewlines: false,
  formatters: { rawTextAsHtml },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
    ...RAW_TEXT_ELEMENTS.map((selector) => ({ selector, format: 'rawTextAsHtml' })),
  ],
};

/** `<svg:script>`, `<x:style>`: a prefix must not let a script's text through. */
const PREFIXED_SCRIPT = /<(\/?)[\w.-]+:(script|style)(?=[\s/>])/gi;

/** HTML to plain text; text without `<` or `&` is returned as it is. */
export function htmlToText(html: string, options: { preserveNewlines?: boolean } = {}): string {
  if (!html.includes('<') && !html.includes('&')) return html;
  try {
    return convert(html.replace(PREFIXED_SCRIPT, '<$1$2'), {
      ...HTML_OPTIONS,
      preserveNewlines: options.preserveNewlines ?? false,
    });
  } catch {
    // Markup the converter cannot walk: drop the tags rather than the item.
    return html.replace(/<[^>]*>/g, ' ');
  }
}

/** An HTML title or abstract for chat: the text of the markup, cleaned as plain text is. */
export function cleanHtml(html: string | undefined | null): string {
  if (html === undefined || html === null) return '';
  return collapseWhitespace(simplifyLatex(fixControlCharacters(htmlToText(repairMojibake(String(html))))));
}
