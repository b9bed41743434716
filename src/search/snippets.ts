/**
 * Snippets come from FTS5's snippet() with private-use characters around each match; here they
 * become TextSegment[] so every platform marks matches its own way (bold, `*...*`).
 */
import type { TextSegment } from '../commands/command.js';

export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

export function toSegments(marked: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(MATCH_START);
    if (start < 0) break;
    const end = rest.indexOf(MATCH_END, start);
    push(rest.slice(0, start), false);
    push(rest.slice(start + 1, end < 0 ? undefined : end), true);
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  push(rest.replaceAll(MATCH_START, '').replaceAll(MATCH_END, ''), false);
  return segments;
}
