/**
 * CommandReply -> one Discord embed. Pure. Items are blocks in the description (title linked,
 * people with watched ones in bold, date, snippet with the query's matches in bold, fields), kept
 * whole: an item that does not fit is left out and counted, never cut in the middle of a link.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import type { CommandReply, ReplyItem, ReplyStatus, TextSegment } from '../../commands/command.js';
import { clampEmbed, DISCORD_LIMITS, joinWithin, singleLine, truncateText } from './limits.js';
import { bold, escapeUntrusted, maskedLink } from './markdown.js';
import { peopleLine } from './render-announcement.js';
import { calendarDate, describeTalkTime } from './timestamps.js';

const STATUS_COLOURS: Record<ReplyStatus, number> = {
  ok: 0x3b82f6,
  empty: 0x9ca3af,
  invalid: 0xf59e0b,
  refused: 0xf59e0b,
  error: 0xef4444,
};

/** Room per item, so one huge snippet cannot crowd out the others. */
const ITEM_BUDGET = 900;
const SNIPPET_BUDGET = 400;
const FIELD_BUDGET = 300;

export function renderCommandReply(reply: CommandReply): APIEmbed {
  const summary = truncateText(escapeUntrusted(reply.text.trim()), 1000);
  const items = (reply.items ?? []).map(renderItem);
  const room = DISCORD_LIMITS.embedDescription - summary.length - 2;
  const list = joinWithin(items, '\n\n', room, (omitted) => `…and ${omitted} more`);
  return clampEmbed({
    description: list ? `${summary}\n\n${list}` : summary || '(no answer)',
    color: STATUS_COLOURS[reply.status],
    ...(reply.footer ? { footer: { text: singleLine(reply.footer) } } : {}),
  });
}

export function renderItem(item: ReplyItem): string {
  const lines = [bold(maskedLink(singleLine(item.title), item.url))];
  const details = [
    item.people?.length ? peopleLine(item.people, 300) : '',
    item.start ? describeTalkTime(item.start, item.end).replace('\n', ' ') : '',
    item.date && !item.start ? calendarDate(item.date) : '',
  ].filter(Boolean);
  if (details.length > 0) lines.push(details.join(' · '));
  if (item.snippet?.length) lines.push(`> ${renderSnippet(item.snippet)}`);
  for (const field of item.fields ?? []) {
    const value = truncateText(escapeUntrusted(singleLine(field.value)), FIELD_BUDGET);
    lines.push(`${bold(escapeUntrusted(singleLine(field.name)))}: ${value}`);
  }
  return truncateText(lines.join('\n'), ITEM_BUDGET);
}

/** Segments on one line, matches in bold, cut to a budget without leaving a bold marker open. */
export function renderSnippet(segments: readonly TextSegment[]): string {
  let remaining = SNIPPET_BUDGET;
  let rendered = '';
  for (const segment of mergeSegments(segments)) {
    const escaped = escapeUntrusted(segment.text.replace(/\s+/g, ' '));
    const fitted = escaped.length > remaining ? truncateText(escaped, remaining) : escaped;
    rendered += segment.match ? bold(fitted) : fitted;
    remaining -= fitted.length;
    if (fitted !== escaped || remaining <= 0) break;
  }
  return rendered.trim();
}

function mergeSegments(segments: readonly TextSegment[]): TextSegment[] {
  const merged: TextSegment[] = [];
  for (const segment of segments) {
    const last = merged.at(-1);
    if (last && last.match === segment.match) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}
