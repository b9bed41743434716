/**
 * Text from feeds made fit for chat: HTML to plain text, white space collapsed, common LaTeX
 * simplified, and the usual UTF-8-read-as-Latin-1 mojibake repaired. Escaping for a platform's
 * markup is the platform adapter's job, not this module's.
 */
import { convert } from 'html-to-text';

const HTML_OPTIONS = {
  wordwrap: false as const,
  // Deeply nested markup would otherwise exhaust the stack (found by fuzzing).
  limits: { maxDepth: 64, maxInputLength: 2_000_000 },
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** Plain text from text that may hold HTML; safe on plain text with `<` in it. */
export function htmlToText(text: string, options: { preserveNewlines?: boolean } = {}): string {
  if (!/<\/?[a-z][a-z0-9]*[\s/>]|&[a-z#0-9]+;/i.test(text)) return text;
  try {
    return convert(text, { ...HTML_OPTIONS, preserveNewlines: options.preserveNewlines ?? false });
  } catch {
    // Markup the converter cannot walk: drop the tags rather than the item.
    return text.replace(/<[^>]*>/g, ' ');
  }
}

/**
 * Runs of white space or invisible control characters, or a single one that is not a plain
 * space. Plain single spaces are left alone: replacing each with itself is most of the cost.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters count as white space here
const WHITE_SPACE = /[\s\u0000-\u001f\u007f\ufeff\u200b]{2,}|[^\S ]|[\u0000-\u001f\u007f\ufeff\u200b]/g;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters count as white space here
const OTHER_WHITE_SPACE = /[^\S ]|[\u0000-\u001f\u007f\ufeff\u200b]/;

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

/** The whole cleaning for a title or abstract. */
export function cleanText(text: string | undefined | null): string {
  if (text === undefined || text === null) return '';
  return collapseWhitespace(simplifyLatex(htmlToText(repairMojibake(String(text)))));
}

/** A person's name as printed: mojibake repaired, white space collapsed (no markup expected). */
export function cleanName(name: string): string {
  return collapseWhitespace(repairMojibake(name));
}
