/**
 * Files reach Discord whatever loads first. @discordjs/rest builds a multipart body as Node's global
 * FormData, which undici 7's `request` cannot stream ("action is not a function"; once, with
 * @discordjs/rest on its own undici 6, it was that undici 7 installed itself as the global dispatcher
 * when loaded first): src/platforms/discord/rest-request.ts encodes it. Each order runs in a child
 * process of its own
 * (module loading happens once per process): the real @discordjs/rest posts a talk's .ics and a
 * BibTeX too long for a message to the fake Discord, which parses the multipart body
 * (`payload_json` and `files[n]`) and keeps the bytes; the same replies go through the real Slack
 * WebClient, which shows them inline.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Announcement } from '../../../src/announce/announcement.js';
import { FakeDiscord, type Json } from '../../fakes/discord/fake-discord.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { PROJECT_ROOT, runNode } from '../../support/run-cli.js';
import { paperAnnouncement, talkAnnouncement } from '../discord/fixtures.js';

const PROBE = fileURLToPath(new URL('./upload-probe.ts', import.meta.url));

/** Non-ASCII on purpose: the bytes must arrive unchanged. */
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//paper-herald//uploads test//EN',
  'BEGIN:VEVENT',
  'UID:colloquium-favero@herald.test',
  'DTSTART:20260610T140000Z',
  'SUMMARY:Séminaire: Wie tiefe Netze hierarchische Daten lernen (Zürich)',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const AUTHORS = Array.from({ length: 60 }, (_, i) => `Müller-Lüdenscheidt, Anaïs ${i}`).join(' and ');
const LONG_BIBTEX = `@article{favero2026many,\n  title  = {A paper with sixty authors},\n  author = {${AUTHORS}},\n  year   = {2026}\n}`;

function uploads(): Announcement[] {
  const talk = talkAnnouncement();
  talk.replies = talk.replies.map((reply) => (reply.kind === 'calendar' ? { ...reply, ics: ICS } : reply));
  const paper = paperAnnouncement();
  paper.replies = paper.replies.map((reply) =>
    reply.kind === 'bibtex' ? { ...reply, text: LONG_BIBTEX } : reply,
  );
  return [talk, paper];
}

let discord: FakeDiscord;
let slack: FakeSlack;

beforeAll(async () => {
  [discord, slack] = await Promise.all([FakeDiscord.start(), FakeSlack.start()]);
});

afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close()]);
});

function runProbe(order: string, slackChannel: string) {
  // From the checkout: `--import tsx` is resolved from the working directory.
  return runNode(
    ['--import', 'tsx', PROBE, order, discord.apiUrl, discord.textChannelId, slack.apiUrl, slackChannel],
    { ...process.env, PROBE_ANNOUNCEMENTS: JSON.stringify(uploads()) },
    PROJECT_ROOT,
  );
}

describe.each([{ order: 'undici7-first' }, { order: 'discord-first' }])('with $order', ({ order }) => {
  it('uploads the .ics and the long BibTeX to Discord byte for byte, and shows them in Slack', async () => {
    const before = discord.requests.length;
    const slackChannel = `C_${order.toUpperCase().replace(/\W/g, '_')}`;
    const result = await runProbe(order, slackChannel);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // One undici in the process: the one @discordjs/rest's requests go through is ours.
    expect(JSON.parse(result.stdout)).toEqual({ order, oneUndici: true });

    const uploaded = discord.requests.slice(before).filter((request) => request.files.length > 0);
    expect(
      uploaded.map((request) => request.files.map((file) => [file.field, file.name, file.contentType])),
    ).toEqual([[['files[0]', 'talk.ics', 'text/calendar']], [['files[0]', 'citation.bib', 'text/x-bibtex']]]);
    expect(uploaded[0]!.files[0]!.bytes.equals(Buffer.from(ICS, 'utf8'))).toBe(true);
    expect(uploaded[1]!.files[0]!.bytes.equals(Buffer.from(LONG_BIBTEX, 'utf8'))).toBe(true);
    // The JSON part travelled beside the file, with its mentions switched off.
    expect(uploaded.map((request) => request.body.allowed_mentions)).toEqual([{ parse: [] }, { parse: [] }]);
    const stored = uploaded.map((request) =>
      [...discord.state.messages.values()].find((m: Json) => m.nonce === request.body.nonce),
    );
    expect(stored.map((message) => message?.attachments.map((a: Json) => a.filename))).toEqual([
      ['talk.ics'],
      ['citation.bib'],
    ]);

    const slackTexts = slack.messagesIn(slackChannel).map((message) => JSON.stringify(message.blocks));
    expect(slackTexts.some((text) => text.includes('UID:colloquium-favero@herald.test'))).toBe(true);
    expect(slackTexts.some((text) => text.includes('Séminaire'))).toBe(true);
  });
});
