/**
 * A CommandReply as the body of a Slack `respond()`: the summary, one section per item (linked
 * title, people with watched ones in bold, date or talk time, snippet with matches in bold,
 * fields), and the footer in a context line.
 */
import type { CommandReply, ReplyItem, TextSegment } from '../../commands/command.js';
import { context, fieldsSection, fitMessage, type SlackBlock, section } from './blocks.js';
import { bold, escapeText, link } from './escape.js';
import { peopleLine } from './render-announcement.js';
import { isoDay, slackTimeRange } from './slack-date.js';

export interface SlackCommandResponse {
  response_type: 'ephemeral' | 'in_channel';
  /** A new message, never a rewrite of the command's own. */
  replace_original: false;
  text: string;
  blocks: SlackBlock[];
}

export function renderCommandReply(reply: CommandReply): SlackCommandResponse {
  const summary = escapeText(reply.text);
  const blocks: SlackBlock[] = [section(summary)];
  for (const item of reply.items ?? []) blocks.push(...itemBlocks(item));
  if (reply.footer) blocks.push(context(escapeText(reply.footer)));
  const fitted = fitMessage({ text: summary, blocks }, '(no answer)');
  return {
    response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
    replace_original: false,
    text: fitted.text,
    blocks: fitted.blocks,
  };
}

function itemBlocks(item: ReplyItem): SlackBlock[] {
  const lines = [bold(link(item.url, item.title))];
  if (item.people?.length) lines.push(peopleLine(item.people));
  const when = itemTime(item);
  if (when) lines.push(when);
  if (item.snippet?.length) lines.push(`> ${snippetText(item.snippet)}`);
  const blocks: SlackBlock[] = [section(lines.join('\n'), true)];
  if (item.fields?.length) blocks.push(fieldsSection(item.fields));
  return blocks;
}

function itemTime(item: ReplyItem): string | undefined {
  if (item.start) return slackTimeRange(item.start, item.end);
  return item.date ? escapeText(isoDay(item.date)) : undefined;
}

/**
 * Matches in bold. Slack only honours `*` at a word boundary, so a match glued to letters on
 * either side (part of a longer word) is left plain rather than shown with stray asterisks.
 */
export function snippetText(segments: TextSegment[]): string {
  const flat = segments.map((segment) => segment.text.replace(/\s+/g, ' '));
  return flat
    .map((text, index) => {
      const segment = segments[index];
      const escaped = escapeText(text);
      if (!segment?.match) return escaped;
      const before = flat[index - 1]?.slice(-1) ?? '';
      const after = flat[index + 1]?.slice(0, 1) ?? '';
      const glued =
        (isWordChar(before) && isWordChar(text.slice(0, 1))) ||
        (isWordChar(text.slice(-1)) && isWordChar(after));
      return glued ? escaped : boldKeepingSpaces(escaped);
    })
    .join('');
}

function isWordChar(char: string): boolean {
  return /[\p{L}\p{N}]/u.test(char);
}

function boldKeepingSpaces(escaped: string): string {
  const lead = /^\s*/.exec(escaped)?.[0] ?? '';
  const trail = /\s*$/.exec(escaped)?.[0] ?? '';
  const core = escaped.trim();
  return core ? `${lead}${bold(core)}${trail}` : escaped;
}
