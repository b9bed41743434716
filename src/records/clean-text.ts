/**
 * Text from feeds made fit for chat: HTML to plain text, white space collapsed, common LaTeX
 * simplified, and the usual UTF-8-read-as-Latin-1 mojibake repaired. Escaping for a platform's
 * markup is the platform adapter's job, not this module's.
 */
import { convert } from 'html-to-text';

const HTML_OPTIONS = {
  wordwrap: false as const,
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
export function htmlToText(text: string): string {
  if (!/<\/?[a-z][^>]*>|&[a-z#0-9]+;/i.test(text)) return text;
  return convert(text, HTML_OPTIONS);
}

export function collapseWhitespace(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff\u200b]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
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

/** Commands whose argument is kept as plain text: `\emph{own}` -> `own`. */
const TEXT_COMMANDS =
  /\\(?:emph|textit|textbf|textrm|textsc|texttt|text|mathrm|mathbf|mathcal|mathbb|mathit|operatorname|underline)\s*\{([^{}]*)\}/g;

/** Simplifies the LaTeX that abstracts carry: `$L$` -> `L`, `\emph{x}` -> `x`, `$\beta$` -> `β`. */
export function simplifyLatex(text: string): string {
  let result = text;
  // Repeated for nesting such as \emph{\textbf{x}}.
  for (let depth = 0; depth < 3; depth++) {
    const next = result.replace(TEXT_COMMANDS, '$1');
    if (next === result) break;
    result = next;
  }
  result = result
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, '√($1)')
    .replace(/\\([A-Za-z]+)(?![A-Za-z])/g, (whole, name: string) => LATEX_SYMBOLS[name] ?? whole)
    .replace(/\\([%&$#_{}])/g, '$1')
    .replace(/~/g, (tilde, offset: number, all: string) =>
      /\w/.test(all[offset - 1] ?? '') && /\w/.test(all[offset + 1] ?? '') ? ' ' : tilde,
    )
    .replace(/``|''/g, '"');
  // Inline math: drop the dollars and the braces that only group.
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
