/**
 * The head of an announcement as a Slack message: one section (linked title, people with the
 * watched ones in bold, date or talk time, category, venue, place) and a context line naming the
 * source. Every piece of feed text goes through escapeText.
 */
import type { AnnouncementEvent, AnnouncementHead, NamedPerson } from '../../announce/announcement.js';
import { context, fitMessage, type SlackMessage, section } from './blocks.js';
import { bold, escapeText, link } from './escape.js';
import { fallbackText, isoDay, slackTimeRange } from './slack-date.js';

/** Long author lists are shortened after this many names, watched people always kept. */
const MAX_NAMES = 15;

const EVENT_PREFIX: Readonly<Record<AnnouncementEvent, string>> = {
  new: '',
  published: '',
  changed: 'Updated: ',
  cancelled: 'Cancelled: ',
  reminder: 'Reminder: ',
};

export function renderHead(head: AnnouncementHead): SlackMessage {
  const lines = [titleLine(head), peopleLine(head.people), detailsLine(head)].filter(Boolean);
  return fitMessage({
    text: notificationText(head),
    blocks: [section(lines.join('\n'), true), context(`Source: ${escapeText(head.sourceLabel)}`)],
  });
}

function isCancelled(head: AnnouncementHead): boolean {
  return head.cancelled === true || head.event === 'cancelled';
}

function prefix(head: AnnouncementHead): string {
  return isCancelled(head) ? EVENT_PREFIX.cancelled : EVENT_PREFIX[head.event];
}

function titleLine(head: AnnouncementHead): string {
  const title = bold(link(head.url, head.title));
  const label = prefix(head);
  // A cancelled talk keeps its title readable but struck through.
  const shown = isCancelled(head) ? `~${title}~` : title;
  return label ? `${bold(label.trim())} ${shown}` : shown;
}

/** Names joined by commas, watched people in bold. */
export function peopleLine(people: NamedPerson[]): string {
  const shown = selectNames(people);
  const names = shown.map((person) =>
    person.watched ? bold(escapeText(person.name)) : escapeText(person.name),
  );
  const omitted = people.length - shown.length;
  return omitted > 0 ? `${names.join(', ')} and ${omitted} more` : names.join(', ');
}

/** The first names in order, plus any watched person further down the list. */
function selectNames(people: NamedPerson[]): NamedPerson[] {
  if (people.length <= MAX_NAMES) return people;
  return people.filter((person, index) => index < MAX_NAMES || person.watched);
}

function detailsLine(head: AnnouncementHead): string {
  const parts: string[] = [];
  if (head.kind === 'talk' && head.start) {
    parts.push(slackTimeRange(head.start, head.end, head.timezone, head.allDay));
  } else {
    parts.push(escapeText(isoDay(head.date)));
  }
  if (head.category) parts.push(escapeText(head.category));
  if (head.venue) parts.push(escapeText(head.venue));
  if (head.location) parts.push(`:round_pushpin: ${escapeText(head.location)}`);
  return parts.join(' · ');
}

/** Shown in notifications and by clients that cannot draw blocks; still mrkdwn, so escaped. */
function notificationText(head: AnnouncementHead): string {
  const names = head.people.map((person) => person.name).join(', ');
  const when =
    head.kind === 'talk' && head.start
      ? fallbackText(new Date(head.start), head.allDay ? 'date' : 'dateTime', head.timezone ?? 'UTC')
      : isoDay(head.date);
  return escapeText(`${prefix(head)}${head.title} — ${names} (${when})`);
}
