/**
 * Announcement -> Discord message JSON. Pure: no I/O, so every rule (limits, escaping, colours,
 * timestamps) is unit-testable. Every body carries `allowed_mentions: { parse: [] }`: feed text must
 * never ping anyone.
 */
import type {
  APIAllowedMentions,
  APIEmbed,
  APIEmbedField,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { AnnouncementHead, NamedPerson } from '../../announce/announcement.js';
import { clampEmbed, DISCORD_LIMITS, joinWithin, singleLine, truncateText } from './limits.js';
import { bold, escapeUntrusted, safeUrl } from './markdown.js';
import { calendarDate, describeTalkTime } from './timestamps.js';

export type MessageBody = RESTPostAPIChannelMessageJSONBody;

/** Nothing in a message pings: not users, not roles, not @everyone. */
export const NO_MENTIONS: APIAllowedMentions = { parse: [] };

export const Colours = {
  paper: 0x3b82f6,
  talk: 0x10b981,
  changed: 0xf59e0b,
  cancelled: 0x9ca3af,
} as const;

/** Room for the people in a head: enough for a long author list, short enough to stay readable. */
const PEOPLE_BUDGET = 1000;

/** The head: one line naming the event and the watched people, and an embed with the details. */
export function renderHeadMessage(head: AnnouncementHead): MessageBody {
  return {
    content: truncateText(headLine(head), DISCORD_LIMITS.content),
    embeds: [renderHeadEmbed(head)],
    allowed_mentions: NO_MENTIONS,
  };
}

export function renderHeadEmbed(head: AnnouncementHead): APIEmbed {
  const url = safeUrl(head.url);
  const people = peopleLine(head.people, PEOPLE_BUDGET);
  return clampEmbed({
    title: `${titlePrefix(head)}${escapeUntrusted(singleLine(head.title))}`,
    ...(url ? { url } : {}),
    ...(people ? { description: people } : {}),
    color: colourOf(head),
    fields: head.kind === 'talk' ? talkFields(head) : paperFields(head),
    // Footers render no markdown, so the label goes in as written.
    footer: { text: singleLine(head.sourceLabel) || 'paper-herald' },
  });
}

/** Thread names are plain text, one line, at most 100 characters. */
export function renderThreadName(head: Pick<AnnouncementHead, 'title' | 'kind'>): string {
  const name = singleLine(head.title) || (head.kind === 'talk' ? 'Talk' : 'Paper');
  return truncateText(name, DISCORD_LIMITS.threadName);
}

/** Names joined by commas, watched people in bold; long lists end in "and N more". */
export function peopleLine(people: readonly NamedPerson[], max: number): string {
  const names = people.map((person) => {
    const name = escapeUntrusted(singleLine(person.name));
    return person.watched ? bold(name) : name;
  });
  return joinWithin(names, ', ', max, (omitted) => `and ${omitted} more`);
}

export function colourOf(head: Pick<AnnouncementHead, 'kind' | 'event' | 'cancelled'>): number {
  if (head.cancelled || head.event === 'cancelled') return Colours.cancelled;
  if (head.event === 'changed') return Colours.changed;
  return head.kind === 'talk' ? Colours.talk : Colours.paper;
}

function headLine(head: AnnouncementHead): string {
  const watched = head.people.filter((person) => person.watched);
  const names = peopleLine(watched, 1500);
  return names ? `${eventLabel(head)} by ${names}` : eventLabel(head);
}

function eventLabel(head: AnnouncementHead): string {
  if (head.cancelled || head.event === 'cancelled') return '❌ Talk cancelled';
  if (head.event === 'changed') return '✏️ Talk updated';
  if (head.event === 'reminder') return '⏰ Talk reminder';
  return head.kind === 'talk' ? '🎤 New talk' : '📄 New paper';
}

function titlePrefix(head: AnnouncementHead): string {
  if (head.cancelled || head.event === 'cancelled') return 'Cancelled: ';
  if (head.event === 'changed') return 'Updated: ';
  return '';
}

function paperFields(head: AnnouncementHead): APIEmbedField[] {
  const fields: APIEmbedField[] = [{ name: 'Published', value: calendarDate(head.date), inline: true }];
  if (head.category) fields.push({ name: 'Category', value: escapeUntrusted(head.category), inline: true });
  if (head.venue) fields.push({ name: 'Venue', value: escapeUntrusted(singleLine(head.venue)) });
  return fields;
}

function talkFields(head: AnnouncementHead): APIEmbedField[] {
  const when = describeTalkTime(head.start ?? head.date, head.end, head.allDay);
  const fields: APIEmbedField[] = [{ name: 'When', value: when }];
  if (head.location) fields.push({ name: 'Where', value: escapeUntrusted(singleLine(head.location)) });
  if (head.venue) fields.push({ name: 'Venue', value: escapeUntrusted(singleLine(head.venue)) });
  return fields;
}
