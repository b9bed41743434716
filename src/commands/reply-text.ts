/**
 * A CommandReply as plain text, for the command line (and any front without rich messages):
 * watched people and matches in *stars*, times in the given zone.
 */
import type { CommandReply, ReplyItem, TextSegment } from './command.js';
import { formatInstant } from './format-instant.js';

export function renderReplyText(reply: CommandReply, timezone: string): string {
  const lines = [reply.text];
  (reply.items ?? []).forEach((item, index) => {
    lines.push('', ...renderItem(item, index + 1, timezone));
  });
  if (reply.footer) lines.push('', reply.footer);
  return `${lines.join('\n')}\n`;
}

function renderItem(item: ReplyItem, position: number, timezone: string): string[] {
  const lines = [`${position}. ${item.title}`];
  const indent = (text: string) => `   ${text}`;
  if (item.people && item.people.length > 0) {
    lines.push(
      indent(item.people.map((person) => (person.watched ? `*${person.name}*` : person.name)).join(', ')),
    );
  }
  const when = whenOf(item, timezone);
  const where = [when, item.url].filter(Boolean).join(' - ');
  if (where) lines.push(indent(where));
  if (item.snippet && item.snippet.length > 0) lines.push(indent(renderSnippet(item.snippet)));
  for (const field of item.fields ?? []) lines.push(indent(`${field.name}: ${field.value}`));
  return lines;
}

function whenOf(item: ReplyItem, timezone: string): string {
  if (item.start) {
    const start = formatInstant(new Date(item.start), timezone);
    return item.end ? `${start} to ${formatInstant(new Date(item.end), timezone).slice(11)}` : start;
  }
  return item.date ? item.date.slice(0, 10) : '';
}

export function renderSnippet(segments: readonly TextSegment[]): string {
  return segments
    .map((segment) => (segment.match ? `*${segment.text}*` : segment.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
