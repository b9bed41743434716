/**
 * Slack's size limits (https://api.slack.com/reference/block-kit/blocks) and cutting mrkdwn to
 * fit them without breaking a link `<...>` or an entity `&amp;` in half.
 */

export const SLACK_LIMITS = {
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  contextText: 3000,
  header: 150,
  blocks: 50,
  /** Slack truncates `text` beyond this. */
  fallbackText: 40_000,
} as const;

const ELLIPSIS = '…';

/** Links, mentions, dates and entities: cutting inside one would leave broken markup. */
const ATOMIC = /<[^<>]*>|&(?:amp|lt|gt);/g;

/** Cuts escaped mrkdwn to at most `max` characters, at a word where possible, adding an ellipsis. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = safeCutPoint(text, max - ELLIPSIS.length);
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, each ending at a word where
 * possible; no piece breaks a link or an entity.
 */
export function splitAtWords(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const end = safeCutPoint(rest, max);
    pieces.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(end).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * The largest index <= limit at which the text may be cut: never inside an atomic span, and at
 * the last whitespace when that keeps at least half of the room (a single long word is cut).
 */
function safeCutPoint(text: string, limit: number): number {
  let cut = Math.max(0, limit);
  for (const match of text.matchAll(ATOMIC)) {
    const start = match.index;
    if (start >= cut) break;
    if (start + match[0].length > cut) {
      cut = start;
      break;
    }
  }
  const lastSpace = text.slice(0, cut + 1).search(/\s\S*$/);
  if (lastSpace > cut / 2) return lastSpace;
  // A piece must make progress even when the text starts with one atomic span longer than `limit`.
  return cut > 0 ? cut : Math.min(limit, text.length) || 1;
}
