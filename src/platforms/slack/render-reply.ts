/**
 * One thread reply as a Slack message. Long text (a 10,000-character abstract) is split over
 * several sections; code blocks are cut inside their fences so they always close.
 */
import type { LinkItem, ThreadReply } from '../../announce/announcement.js';
import { fitMessage, type SlackMessage, section, sections } from './blocks.js';
import { bold, codeBlock, escapeCode, escapeText, link } from './escape.js';
import { cutAtWord, SLACK_LIMITS } from './limits.js';
import { renderDigestReply } from './render-digest.js';
import { slackDate } from './slack-date.js';

/** Room for the code inside a section once the two ``` fences are added. */
const CODE_ROOM = SLACK_LIMITS.sectionText - 6;

export function renderReply(reply: ThreadReply): SlackMessage {
  switch (reply.kind) {
    case 'abstract':
      return titledText(reply.title, reply.text);
    case 'links':
      return single(linksLine(reply.links));
    case 'bibtex':
      return single(fencedCode(reply.text));
    case 'calendar':
      return renderCalendar(reply.googleCalendarUrl, reply.ics);
    case 'bio':
      return titledText('About the speaker', reply.text);
    case 'notice':
      return single(noticeText(reply.text, reply.start));
    case 'digest':
      return renderDigestReply(reply);
  }
}

function single(text: string): SlackMessage {
  return fitMessage({ text, blocks: [section(text)] });
}

function titledText(title: string, text: string): SlackMessage {
  const heading = bold(escapeText(title));
  const body = escapeText(text);
  return fitMessage({ text: `${heading}\n${body}`, blocks: [section(heading), ...sections(body)] });
}

function linksLine(links: LinkItem[]): string {
  return links.map((item) => link(item.url, item.label)).join('  ·  ');
}

function fencedCode(code: string): string {
  return codeBlock(cutAtWord(escapeCode(code.trim()), CODE_ROOM));
}

function renderCalendar(googleCalendarUrl: string, ics: string): SlackMessage {
  const addLink = `:calendar: ${link(googleCalendarUrl, 'Add to Google Calendar')}`;
  const snippet = `${bold('.ics')}\n${fencedCode(ics)}`;
  return fitMessage({ text: `${addLink}\n${snippet}`, blocks: [section(addLink), section(snippet)] });
}

/** A reminder names its start as a date token, so each reader sees it in their own zone. */
function noticeText(text: string, start: string | undefined): string {
  const body = escapeText(text);
  return start ? `${body} (${slackDate(start, 'dateTime')})` : body;
}
