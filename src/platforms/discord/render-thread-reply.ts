/**
 * ThreadReply -> one Discord message (JSON body plus attached files). Pure. One reply is always one
 * message, so a retried reply can be deduplicated by its nonce and never half-posted.
 */
import type { RawFile } from '@discordjs/rest';
import { MessageFlags } from 'discord-api-types/v10';
import type { LinkItem, ThreadReply } from '../../announce/announcement.js';
import { clampEmbed, DISCORD_LIMITS, joinWithin, singleLine, truncateText } from './limits.js';
import { codeBlockSafe, escapeUntrusted, maskedLink, safeUrl } from './markdown.js';
import { type MessageBody, NO_MENTIONS } from './render-announcement.js';
import { renderDigestReply } from './render-digest.js';
import { timestampTag } from './timestamps.js';

export interface RenderedMessage {
  body: MessageBody;
  files: RawFile[];
}

export function renderThreadReply(reply: ThreadReply): RenderedMessage {
  switch (reply.kind) {
    case 'abstract':
      return textEmbed(singleLine(reply.title) || 'Abstract', reply.text);
    case 'links':
      return renderLinks(reply.links);
    case 'bibtex':
      return renderBibtex(reply.text);
    case 'calendar':
      return renderCalendar(reply.googleCalendarUrl, reply.ics);
    case 'bio':
      return textEmbed('About the speaker', reply.text);
    case 'notice':
      return content(renderNoticeText(reply.text, reply.start));
    case 'digest':
      return { body: renderDigestReply(reply), files: [] };
  }
}

/** Said instead of a notice with no text: Discord refuses an empty message. */
const EMPTY_NOTICE = '(no text)';

/** A standalone notice: escaped text, and when a talk start is given, its time in the reader's zone. */
export function renderNoticeText(text: string, start?: string): string {
  const when = start ? `\nStarts ${timestampTag(start, 'F')} (${timestampTag(start, 'R')})` : '';
  const body = truncateText(escapeUntrusted(text.trim()), DISCORD_LIMITS.content - when.length);
  return (body || (when ? '' : EMPTY_NOTICE)) + when;
}

/** Long plain text goes in an embed description: 4096 characters instead of 2000. */
function textEmbed(title: string, text: string): RenderedMessage {
  const embed = clampEmbed({ title: escapeUntrusted(title), description: escapeUntrusted(text.trim()) });
  return { body: { embeds: [embed], allowed_mentions: NO_MENTIONS }, files: [] };
}

function renderLinks(links: readonly LinkItem[]): RenderedMessage {
  const header = '**Links**';
  const lines = links
    .filter((link) => safeUrl(link.url) !== undefined)
    .map((link) => `- ${maskedLink(singleLine(link.label) || 'Link', link.url)}`);
  const list = joinWithin(lines, '\n', DISCORD_LIMITS.content - header.length - 1, (n) => `- and ${n} more`);
  const rendered = content(lines.length > 0 ? `${header}\n${list}` : `${header}: none`);
  // One list of links should not unfurl into four previews.
  rendered.body.flags = MessageFlags.SuppressEmbeds;
  return rendered;
}

function renderBibtex(text: string): RenderedMessage {
  const block = `\`\`\`bibtex\n${codeBlockSafe(text.trim())}\n\`\`\``;
  if (block.length <= DISCORD_LIMITS.content) return content(block);
  // A cut BibTeX entry is useless: too long for a message, it goes as a file instead.
  return {
    ...content('BibTeX entry attached.'),
    files: [{ name: 'citation.bib', data: text, contentType: 'text/x-bibtex' }],
  };
}

function renderCalendar(googleCalendarUrl: string, ics: string): RenderedMessage {
  const link = safeUrl(googleCalendarUrl) ? maskedLink('Google Calendar', googleCalendarUrl) : undefined;
  const withLink = link ? `📅 Add to ${link}, or open the attached .ics file.` : undefined;
  // A URL too long for a message is dropped whole, never cut.
  const text =
    withLink && withLink.length <= DISCORD_LIMITS.content
      ? withLink
      : '📅 Open the attached .ics file to add this talk to your calendar.';
  const rendered = content(text);
  rendered.body.flags = MessageFlags.SuppressEmbeds;
  return { ...rendered, files: [{ name: 'talk.ics', data: ics, contentType: 'text/calendar' }] };
}

function content(text: string): RenderedMessage {
  return { body: { content: text, allowed_mentions: NO_MENTIONS }, files: [] };
}
