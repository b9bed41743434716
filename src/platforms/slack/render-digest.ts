/**
 * A digest as Slack messages. Pure. The head is one line; each paper is one reply (a section);
 * each list of upcoming talks is one reply with a section per talk (a section holds 3,000
 * characters, a message 50 blocks: a list of DIGEST_LIST_MAX talks always fits, and a talk is cut
 * at a word, never a link, if it alone is too long). Feed text goes through escapeText.
 */
import type { DigestAnnouncement, DigestItem, DigestReply } from '../../announce/digest/digest-model.js';
import { fitMessage, type SlackMessage, section } from './blocks.js';
import { bold, escapeText, link } from './escape.js';
import { peopleLine } from './render-announcement.js';
import { isoDay, slackTimeRange } from './slack-date.js';

export function renderDigestHead(digest: DigestAnnouncement): SlackMessage {
  const text = escapeText(digest.digest.headline);
  return fitMessage({ text, blocks: [section(`:mailbox_with_mail: ${bold(text)}`)] });
}

export function renderDigestReply(reply: DigestReply): SlackMessage {
  const items = reply.items.map(itemText);
  const heading = reply.section === 'talks' ? [section(bold('Upcoming talks'))] : [];
  const titles = reply.items.map((item) => escapeText(item.title)).join('; ');
  return fitMessage({
    text: reply.section === 'talks' ? `Upcoming talks: ${titles}` : titles,
    blocks: [...heading, ...items.map((text) => section(text))],
  });
}

function itemText(item: DigestItem): string {
  const when =
    item.type === 'talk' && item.start
      ? slackTimeRange(item.start, item.end, item.timezone, item.allDay)
      : item.published
        ? escapeText(isoDay(item.published))
        : '';
  const details = [
    when,
    item.venue ? escapeText(item.venue) : '',
    item.location ? `:round_pushpin: ${escapeText(item.location)}` : '',
  ].filter(Boolean);
  return [
    `${updateLabel(item)}${bold(link(item.url, item.title))}`,
    peopleLine(item.people),
    details.join(' · '),
    item.note ? escapeText(item.note) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function updateLabel(item: DigestItem): string {
  if (item.update === 'cancelled') return `${bold('Cancelled:')} `;
  if (item.update === 'changed') return `${bold('Updated:')} `;
  if (item.update === 'published') return `${bold('Published:')} `;
  return '';
}
