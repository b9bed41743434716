/**
 * The console "platform": announcements printed to stdout, readable or as JSON lines. It stands
 * in for Discord and Slack when their tokens are not set, so a new user sees what would be posted.
 */
import type { Writable } from 'node:stream';
import type { Announcement, AnnouncementHead, ThreadReply } from '../../announce/announcement.js';
import type { ChatPlatform, MessageRef } from '../../announce/chat-platform.js';
import type { DigestAnnouncement, DigestItem } from '../../announce/digest/digest-model.js';
import type { ChannelConfig } from '../../config/schema.js';
import { announcementJson, digestJson } from './announcement-json.js';

export type ConsoleFormat = 'console' | 'jsonl';

export class ConsolePlatform implements ChatPlatform {
  readonly name = 'console';
  #posted = 0;

  constructor(
    private readonly format: ConsoleFormat,
    private readonly out: Writable = process.stdout,
  ) {}

  async postHead(channel: ChannelConfig, announcement: Announcement): Promise<MessageRef> {
    this.#posted++;
    const ref = { messageId: String(this.#posted), threadId: String(this.#posted), channelId: channel.id };
    if (this.format === 'jsonl') this.#write(`${JSON.stringify(announcementJson(announcement))}\n`);
    else this.#write(`\n${renderHead(channel, announcement.head)}\n`);
    return ref;
  }

  async postDigestHead(channel: ChannelConfig, digest: DigestAnnouncement): Promise<MessageRef> {
    this.#posted++;
    const ref = { messageId: String(this.#posted), threadId: String(this.#posted), channelId: channel.id };
    if (this.format === 'jsonl') this.#write(`${JSON.stringify(digestJson(digest))}\n`);
    else this.#write(`\n[${channel.id}] ${digest.digest.headline}\n`);
    return ref;
  }

  async postReply(_channel: ChannelConfig, _ref: MessageRef, reply: ThreadReply): Promise<void> {
    if (this.format === 'console') this.#write(`${indent(renderReply(reply))}\n`);
  }

  async editHead(channel: ChannelConfig, _ref: MessageRef, head: AnnouncementHead): Promise<void> {
    if (this.format === 'console') this.#write(`\n(edited) ${renderHead(channel, head)}\n`);
  }

  async followUpDelivered(_channel: ChannelConfig, announcement: Announcement): Promise<void> {
    if (this.format === 'jsonl') this.#write(`${JSON.stringify(announcementJson(announcement))}\n`);
  }

  async postNotice(channel: ChannelConfig, text: string): Promise<void> {
    if (this.format === 'jsonl')
      this.#write(`${JSON.stringify({ channel: channel.id, type: 'notice', text })}\n`);
    else this.#write(`\n[${channel.id}] ${text}\n`);
  }

  async close(): Promise<void> {}

  #write(text: string): void {
    this.out.write(text);
  }
}

function renderHead(channel: ChannelConfig, head: AnnouncementHead): string {
  const label = head.event === 'new' ? `New ${head.kind}` : `${head.kind} ${head.event}`;
  const people = head.people.map((person) => (person.watched ? `*${person.name}*` : person.name)).join(', ');
  const lines = [`[${channel.id}] ${label}: ${head.title}`, `  ${people}`];
  if (head.start)
    lines.push(
      `  ${head.start}${head.end ? ` to ${head.end}` : ''}${head.location ? `, ${head.location}` : ''}`,
    );
  else
    lines.push(
      `  ${head.date.slice(0, 10)}${head.category ? ` · ${head.category}` : ''}${head.venue ? ` · ${head.venue}` : ''}`,
    );
  lines.push(`  ${head.url}`);
  return lines.join('\n');
}

function renderReply(reply: ThreadReply): string {
  switch (reply.kind) {
    case 'abstract':
      return `Abstract: ${reply.text}`;
    case 'links':
      return reply.links.map((link) => `${link.label}: ${link.url}`).join('\n');
    case 'bibtex':
      return reply.text;
    case 'calendar':
      return `Add to calendar: ${reply.googleCalendarUrl}`;
    case 'bio':
      return `Speaker: ${reply.text}`;
    case 'notice':
      return reply.text;
    case 'digest':
      return reply.items.map(renderDigestItem).join('\n');
  }
}

function renderDigestItem(item: DigestItem): string {
  const people = item.people.map((person) => (person.watched ? `*${person.name}*` : person.name)).join(', ');
  const when = item.type === 'talk' ? item.start : item.published?.slice(0, 10);
  const details = [when, item.venue, item.location].filter(Boolean).join(' · ');
  const update = item.update ? `[${item.update}] ` : '';
  const note = item.note ? `\n  ${item.note}` : '';
  return `${update}${item.title}\n  ${people}${details ? `\n  ${details}` : ''}\n  ${item.url}${note}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    │ ${line}`)
    .join('\n');
}
