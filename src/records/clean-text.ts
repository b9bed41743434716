/**
 * Text from feeds made fit for chat. Two kinds of field: plain text (arXiv titles and abstracts,
 * Atom `type="text"`, iCalendar values), where `<` and `>` are characters like any other, and
 * HTML (RSS descriptions, Atom `type="html"`/`"xhtml"`), which is turned into text: every tag
 * removed whatever its name, the text inside kept, scripts and styles dropped. Both then get
 * white space collapsed, common LaTeX simplified, UTF-8-read-as-Latin-1 mojibake repaired, C1
 * controls of text that was really Windows-1252 mapped and other control characters removed.
 * Escaping for a platform's markup is the platform adapter's job, not this module's. HTML to text
 * is clean-html.ts: only feeds and calendars need it (and its parser), loaded when they are read.
 */
/** Names of HTML elements, for telling text that holds HTML from text with a `<` in it. */
const HTML_ELEMENTS = new Set(
  (
    'a abbr acronym address area article aside audio b bdi bdo big blockquote br button caption center ' +
    'cite code col colgroup data dd del details dfn dialog dir div dl dt em fieldset figcaption figure ' +
    'font footer form h1 h2 h3 h4 h5 h6 header hr i iframe img input ins kbd label legend li main map mark ' +
    'menu meter nav noscript ol optgroup option output p picture pre q rp rt ruby s samp script section ' +
    'select small source span strike strong style sub summary sup table tbody td template textarea tfoot ' +
    'th thead time tr tt u ul var video wbr math mi mn mo mrow msub msup mfrac svg html head body meta link base title'
  ).split(' '),
);

/**
 * Whether text of a field that may be either (an RSS title, an iCalendar description) holds HTML:
 * a closing tag, a line break or image tag, or an entity, and every tag an HTML element. The rule
 * is feedparser's (`_looks_like_html`, plus `<br>`), so `for n<m and m>k`, `0<a<1` and
 * `Why x <y> z fails` stay plain text.
 */
export function looksLikeHtml(text: string): boolean {
  if (!text.includes('<') && !text.includes('&')) return false;
  if (!HTML_EVIDENCE.test(text)) return false;
  for (const match of text.matchAll(/<\/?([A-Za-z][\w-]*)/g)) {
    if (!HTML_ELEMENTS.has(match[1]!.toLowerCase())) return false;
  }
  return true;
}

const HTML_EVIDENCE =
  /<\/[A-Za-z][\w-]*\s*>|<(?:br|hr)\s*\/?>|<img\s[^<>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** C1 controls mapped to their Windows-1252 characters; other controls (white space aside) removed. */
export function fixControlCharacters(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (char) => {
    const code = char.charCodeAt(0);
    return code >= 0x80 ? (CP1252_BY_BYTE.get(code) ?? '') : '';
  });
}

/**
 * Runs of white space or invisible characters, or a single one that is not a plain space.
 * Plain single spaces are left alone: replacing each with itself is most of the cost.
 */
const WHITE_SPACE = /[\s\ufeff\u200b]{2,}|[^\S ]|[\ufeff\u200b]/g;

const OTHER_WHITE_SPACE = /[^\S ]|[\ufeff\u200b]/;

/** One space between words, none at the ends. */
export function collapseWhitespace(text: string): string {
  // Already clean (the common case): a scan for one character class and for a double space.
  if (!OTHER_WHITE_SPACE.test(text) && !text.includes('  ')) return text.trim();
  return text.replace(WHITE_SPACE, ' ').trim();
}

const LATEX_SYMBOLS: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Pi: 'Π',
  Sigma: 'Σ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  sim: '~',
  approx: '≈',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  neq: '≠',
  ne: '≠',
  times: '×',
  cdot: '·',
  pm: '±',
  infty: '∞',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  partial: '∂',
  nabla: '∇',
  sum: 'Σ',
  prod: 'Π',
  int: '∫',
  propto: '∝',
  ll: '≪',
  gg: '≫',
  in: '∈',
  ell: 'ℓ',
  dots: '…',
  ldots: '…',
  cdots: '⋯',
  log: 'log',
  exp: 'exp',
  sqrt: '√',
  langle: '⟨',
  rangle: '⟩',
  mathbb: '',
  mathcal: '',
  mathrm: '',
  mathbf: '',
};

/**
 * One pass over every LaTeX construct abstracts carry: `\emph{own}` -> `own` (text commands keep
 * their argument), `\sqrt{x}` -> `√(x)`, `\beta` -> `β`, `\%` -> `%`. One alternation rather than
 * a pass per construct: cleaning runs on every item of every poll.
 */
const LATEX =
  /\\(?:(?:emph|textit|textbf|textrm|textsc|texttt|text|mathrm|mathbf|mathcal|mathbb|mathit|operatorname|underline)\s*\{([^{}]*)\}|sqrt\s*\{([^{}]*)\}|([A-Za-z]+)(?![A-Za-z])|([%&$#_{}]))/g;

function replaceLatex(whole: string, text?: string, root?: string, name?: string, escaped?: string): string {
  if (text !== undefined) return text;
  if (root !== undefined) return `√(${root})`;
  if (name !== undefined) return LATEX_SYMBOLS[name] ?? whole;
  return escaped ?? whole;
}

/** Simplifies the LaTeX that abstracts carry: `$L$` -> `L`, `\emph{x}` -> `x`, `$\beta$` -> `β`. */
export function simplifyLatex(text: string): string {
  let result = text;
  // Again only for nesting such as \emph{\textbf{x}}; most text has no backslash at all.
  for (let depth = 0; depth < 3 && result.includes('\\'); depth++) {
    const next = result.replace(LATEX, replaceLatex);
    if (next === result) break;
    result = next;
  }
  if (result.includes('~')) result = result.replace(/(?<=\w)~(?=\w)/g, ' ');
  if (result.includes('``') || result.includes("''")) result = result.replace(/``|''/g, '"');
  // Inline math: drop the dollars and the braces that only group.
  if (result.includes('$'))
    result = result.replace(/\$\$?([^$]{1,300}?)\$\$?/g, (_, math: string) => math.replace(/[{}]/g, ''));
  return result;
}

/** Pairs that betray UTF-8 bytes decoded as Latin-1 or Windows-1252 ("RamÃ­rez"). */
const MOJIBAKE = /[ÃÂâÅÄ][\u0080-\u00bf\u2018-\u203a\u0152-\u017e\u02c6\u02dc]/;

/** Repairs text that was UTF-8 read as Latin-1, when the repair is clean; else leaves it. */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const bytes = latin1Bytes(text);
  if (!bytes) return text;
  const repaired = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return repaired.includes('\ufffd') ? text : repaired;
}

const CP1252_EXTRAS: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/**
 * Windows-1252's characters for the C1 range: text decoded as ISO-8859-1 that was really 1252
 * carries U+0092 where a right quote was meant. Positions 1252 leaves undefined map to nothing.
 */
const CP1252_BY_BYTE = new Map(Object.entries(CP1252_EXTRAS).map(([char, byte]) => [byte, char]));

function latin1Bytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = char.charCodeAt(0);
    const byte = code < 0x100 ? code : CP1252_EXTRAS[char];
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}

/** Characters fixed: mojibake repaired, then C1 controls mapped and other controls removed. */
function fixCharacters(text: string): string {
  return fixControlCharacters(repairMojibake(text));
}

/** A plain-text title or abstract for chat: `<` and `>` are kept as the characters they are. */
export function cleanText(text: string | undefined | null): string {
  if (text === undefined || text === null) return '';
  return collapseWhitespace(simplifyLatex(fixCharacters(String(text))));
}

/** A person's name as printed: characters fixed, white space collapsed (no markup expected). */
export function cleanName(name: string): string {
  return collapseWhitespace(fixCharacters(name));
}
