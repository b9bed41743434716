/**
 * A digest as Discord messages. Pure. The head is one line of text (the thread's first message);
 * each paper is one reply with an embed; the upcoming talks are lists, one embed each, every talk
 * at most ITEM_MAX characters so a list of DIGEST_LIST_MAX always fits an embed description:
 * a long digest is split between items, by the composer, never inside one.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import { DIGEST_LIST_MAX } from '../../announce/digest/compose-digest.js';
import type { DigestAnnouncement, DigestItem, DigestReply } from '../../announce/digest/digest-model.js';
import { clampEmbed, DISCORD_LIMITS, singleLine, truncateText } from './limits.js';
import { escapeUntrusted, maskedLink, safeUrl } from './markdown.js';
import { Colours, type MessageBody, NO_MENTIONS, peopleLine } from './render-announcement.js';
import { calendarDate, describeTalkTime } from './timestamps.js';

/** One talk of a list; DIGEST_LIST_MAX of them, with separators, stay within 4096. */
const ITEM_MAX = Math.floor(DISCORD_LIMITS.embedDescription / DIGEST_LIST_MAX) - 4;
const PEOPLE_MAX = 250;

export function renderDigestHead(digest: DigestAnnouncement): MessageBody {
  return {
    content: truncateText(`📬 ${escapeUntrusted(digest.digest.headline)}`, DISCORD_LIMITS.content),
    allowed_mentions: NO_MENTIONS,
  };
}

/** The digest's thread: named after its period's end, as a reader scans a list of threads. */
export function renderDigestThreadName(digest: DigestAnnouncement): string {
  return truncateText(`Digest ${calendarDate(digest.digest.to)}: ${singleLine(digest.digest.headline)}`, 100);
}

export function renderDigestReply(reply: DigestReply): MessageBody {
  const embeds = reply.section === 'paper' ? reply.items.map(paperEmbed) : [talkList(reply.items)];
  return { embeds, allowed_mentions: NO_MENTIONS };
}

function paperEmbed(item: DigestItem): APIEmbed {
  const url = safeUrl(item.url);
  const lines = [peopleLine(item.people, PEOPLE_MAX), item.note ? escapeUntrusted(singleLine(item.note)) : '']
    .filter(Boolean)
    .join('\n');
  return clampEmbed({
    title: `${updateLabel(item)}${escapeUntrusted(singleLine(item.title))}`,
    ...(url ? { url } : {}),
    ...(lines ? { description: lines } : {}),
    color: item.update ? Colours.changed : Colours.paper,
    fields: [
      ...(item.published ? [{ name: 'Published', value: calendarDate(item.published), inline: true }] : []),
      ...(item.venue ? [{ name: 'Venue', value: escapeUntrusted(singleLine(item.venue)) }] : []),
    ],
  });
}

function talkList(items: readonly DigestItem[]): APIEmbed {
  const description = items.map(talkText).join('\n\n');
  return { title: 'Upcoming talks', description, color: Colours.talk };
}

/** A talk in a list: linked title, time, place, speakers, what changed; cut at a word if long. */
function talkText(item: DigestItem): string {
  // A very long URL would crowd out the talk: the title then goes unlinked.
  const title = maskedLink(
    truncateText(singleLine(item.title), 150),
    item.url.length <= 300 ? item.url : undefined,
  );
  const where = item.location ? ` · ${escapeUntrusted(truncateText(singleLine(item.location), 120))}` : '';
  const lines = [
    `${updateLabel(item)}**${title}**`,
    `${describeTalkTime(item.start ?? '', item.end, item.allDay).replace('\n', ' ')}${where}`,
    peopleLine(item.people, PEOPLE_MAX),
    item.note ? escapeUntrusted(singleLine(item.note)) : '',
  ];
  return truncateText(lines.filter(Boolean).join('\n'), ITEM_MAX);
}

function updateLabel(item: DigestItem): string {
  if (item.update === 'cancelled') return '❌ Cancelled: ';
  if (item.update === 'changed') return '✏️ Updated: ';
  if (item.update === 'published') return '📰 Published: ';
  return '';
}
