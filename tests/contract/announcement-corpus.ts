/**
 * What the contract tests make the bot send: announcements composed by the real composers from the
 * seed corpus and from published seminar calendars (tests/fixtures/ical), their follow-ups, and
 * adversarial ones built to hit every limit: titles of thousands of characters, hundreds of
 * authors, huge abstracts and bios, hundreds of links, URLs longer than any limit, markdown and
 * mention syntax of both platforms, and unicode that is easy to cut in half. Also command replies
 * of the same kinds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Announcement, LinkItem } from '../../src/announce/announcement.js';
import { composePaperAnnouncement } from '../../src/announce/compose-paper.js';
import type { CommandReply, ReplyItem } from '../../src/commands/command.js';
import { personMatcher } from '../../src/records/person-names.js';
import type { PaperRecord, TalkRecord } from '../../src/records/record.js';
import { parseCalendar } from '../../src/sources/calendars/index.js';
import { channelNoticeFor } from '../../src/talks/compose-talk.js';
import { composeTalkAnnouncement, composeTalkFollowUp, talkRecordFrom } from '../../src/talks/index.js';
import { seedPapers } from '../support/seed-corpus.js';

export const NOW = new Date('2026-06-01T08:00:00Z');
const MATCHERS = [personMatcher({ id: 'favero', name: 'Alessandro Favero', aliases: ['A. Favero'] })];
const CONTEXT = { channelId: 'contract', matchers: MATCHERS, sourceLabel: 'EPFL colloquium', now: NOW };

/** Markup of Discord and Slack, and mentions of every kind: must reach readers as plain text. */
export const MARKUP =
  '**bold** __under__ *it* _it_ ~~strike~~ `code` ```block``` ||spoiler|| # Heading\n> quote\n- item ' +
  '[masked](https://evil.example/x) <https://wrapped.example> @everyone @here <@123456789012345678> ' +
  '<@&123456789012345678> <#123456789012345678> </papers:1> <!channel> <!here> <@U0123> ' +
  '<!subteam^S0123> &amp; &lt; < > & | :smile: \\ \\* ';

/** Scripts, combining marks, emoji sequences, bidi controls and astral characters. */
export const UNICODE =
  'Ünïcödé façade 数学の定理 العربية עברית 👩‍👩‍👧‍👦 🏳️‍🌈 🇨🇭 𝔸𝔹ℂ𝕯 e\u0301 \u200b\u200e \u202ereversed\u202c ' +
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ ';

/**
 * `text` repeated to exactly `length` UTF-16 units. Never ends in half a surrogate pair: text
 * decoded from a feed is well-formed UTF-16, so only the bot's own cuts could split a pair.
 */
export function filled(text: string, length: number): string {
  const cut = text.repeat(Math.ceil(length / text.length)).slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? `${cut.slice(0, -1)}x` : cut;
}

const LONG_URL = `https://example.org/${filled('a(b)c>d<e|f_g*h~i', 2100)}?q=${'z'.repeat(50)}`;

function paperRecord(seed: ReturnType<typeof seedPapers>[number]): PaperRecord {
  return {
    id: `arxiv:${seed.arxivId}`,
    kind: 'paper',
    title: seed.title,
    abstract: seed.abstract,
    url: `https://arxiv.org/abs/${seed.arxivId}`,
    links: {
      abs: `https://arxiv.org/abs/${seed.arxivId}`,
      pdf: `https://arxiv.org/pdf/${seed.arxivId}`,
      html: `https://arxiv.org/html/${seed.arxivId}v1`,
    },
    people: ['favero'],
    source: 'arxiv',
    published: seed.published,
    authors: seed.authors,
    categories: [`cs.${seed.category}`],
    primaryCategory: `cs.${seed.category}`,
    arxivId: seed.arxivId,
    version: 1,
  };
}

/** The 17 papers of the seed listing, as the arXiv source would announce them. */
export function seedAnnouncements(): Announcement[] {
  return seedPapers().map((seed) =>
    composePaperAnnouncement(paperRecord(seed), 'contract', MATCHERS, 'arXiv'),
  );
}

/** Published calendars (tests/fixtures/ical, see PROVENANCE.md) and a hand-made seminar series. */
const CALENDARS = [
  'ical/seminar_emory_aggregator_long_folded_descriptions.ics',
  'ical/seminar_hkust_cse_scraped_tzid_without_vtimezone.ics',
  'ical/meetup_export_vtimezone_folded_escaped_commas.ics',
  'ical/wordpress_ai1ec_x_alt_desc_html_allday_german.ics',
  'talks/epfl_theory_seminar_google.ics',
];

/** Talks read by the real calendar parser from those calendars: the first few of each. */
export function calendarTalks(perCalendar = 3): TalkRecord[] {
  return CALENDARS.flatMap((file) => {
    const path = fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url));
    const events = parseCalendar(readFileSync(path, 'utf8'), {
      defaultTimezone: 'Europe/Zurich',
      now: new Date('2000-01-01T00:00:00Z'),
      horizonDays: 20_000,
    });
    return events.slice(0, perCalendar).map((event) => talkRecordFrom(event, file, file));
  });
}

/** A talk's first announcement (abstract, bio, calendar with .ics) and every kind of follow-up. */
export function talkAnnouncements(talk: TalkRecord): Announcement[] {
  const moved = { start: talk.start, end: talk.end };
  const later = {
    start: new Date(Date.parse(talk.start) + 86_400_000).toISOString(),
    end: new Date(Date.parse(talk.end) + 86_400_000).toISOString(),
  };
  return [
    composeTalkAnnouncement(talk, CONTEXT),
    composeTalkFollowUp(
      { ...talk, ...later },
      {
        event: 'changed',
        changes: [
          { field: 'time', from: moved, to: later },
          { field: 'place', from: talk.location, to: `${talk.location ?? 'nowhere'} (moved)` },
          { field: 'reinstated' },
        ],
      },
      CONTEXT,
    ),
    composeTalkFollowUp({ ...talk, status: 'cancelled' }, { event: 'cancelled' }, CONTEXT),
    composeTalkFollowUp(talk, { event: 'reminder', offsetMs: 3_600_000 }, CONTEXT),
  ];
}

/** The short channel message of a reminder an hour before the start. */
export function reminderNotice(talk: TalkRecord): string {
  const now = new Date(Date.parse(talk.start) - 3_600_000);
  return channelNoticeFor(talk, 3_600_000, now) ?? `Starting soon: ${talk.title}`;
}

function adversarialAuthors(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    if (index === Math.floor(count * 0.6)) return 'Alessandro Favero';
    if (index === count - 1) return 'A. Favero';
    return `${filled(UNICODE, 20 + (index % 40))} O'Brien-${index} **${index}** <@&${index}>`;
  });
}

/** A paper with every field far beyond its limit, full of markup and unicode. */
export function adversarialPaper(overrides: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id: 'arxiv:2606.99999',
    kind: 'paper',
    title: filled(MARKUP + UNICODE, 3000),
    abstract: `${filled(MARKUP + UNICODE, 12_000)} ${'x'.repeat(6000)} ${LONG_URL} ${filled(UNICODE, 8000)}`,
    url: LONG_URL,
    links: {
      abs: 'https://arxiv.org/abs/2606.99999',
      pdf: 'javascript:alert(1)',
      html: LONG_URL,
      doi: 'https://doi.org/10.1000/(weird)>|<*_~',
    },
    people: ['favero'],
    source: 'arxiv',
    published: '2026-05-31T17:59:59Z',
    authors: adversarialAuthors(500),
    categories: ['cs.LG'],
    primaryCategory: filled(MARKUP, 300),
    venue: filled(UNICODE + MARKUP, 3000),
    ...overrides,
  };
}

/** A talk with 200 speakers, a huge place, abstract and bio, and a URL that is not a link. */
export function adversarialTalk(overrides: Partial<TalkRecord> = {}): TalkRecord {
  return {
    id: 'talk:adversarial',
    kind: 'talk',
    title: filled(UNICODE + MARKUP, 2500),
    abstract: filled(MARKUP + UNICODE, 15_000),
    url: 'javascript:alert(1)',
    links: {},
    people: ['favero'],
    source: 'contract',
    published: '2026-06-10T14:00:00Z',
    speakers: adversarialAuthors(200),
    start: '2026-06-10T14:00:00Z',
    end: '2026-06-10T15:30:00Z',
    timezone: 'Europe/Zurich',
    location: filled(`${MARKUP}${UNICODE}`, 4000),
    status: 'confirmed',
    bio: filled(UNICODE + MARKUP, 12_000),
    ...overrides,
  };
}

function manyLinks(count: number): LinkItem[] {
  return Array.from({ length: count }, (_, index) => ({
    label: `${filled(MARKUP + UNICODE, 40 + (index % 200))} ${index}`,
    url:
      index % 7 === 0
        ? LONG_URL
        : index % 11 === 0
          ? 'ftp://not.a.link/'
          : `https://example.org/${index}?a=(1)&b=<2>`,
  }));
}

/** Hand-made announcements at the edges of what the renderers must handle. */
export function adversarialAnnouncements(): Announcement[] {
  const paper = composePaperAnnouncement(
    adversarialPaper(),
    'contract',
    MATCHERS,
    filled(MARKUP + UNICODE, 3000),
  );
  // Cuts that fall inside a surrogate pair: thread name (100), embed title (256), content (2,000).
  const edges = [99, 100, 255, 256, 1999].map((length) =>
    composePaperAnnouncement(
      adversarialPaper({
        id: `arxiv:edge-${length}`,
        title: `${'a'.repeat(length)}😀 tail`,
        authors: ['Alessandro Favero'],
      }),
      'contract',
      MATCHERS,
      'arXiv',
    ),
  );
  // Nothing to show: a blank title over an abstract, no authors, empty replies of every kind.
  const blank = composePaperAnnouncement(
    adversarialPaper({
      id: 'arxiv:blank',
      title: '   ',
      abstract: 'An abstract under a blank title.',
      authors: [],
      venue: undefined,
      primaryCategory: undefined,
    }),
    'contract',
    MATCHERS,
    '',
  );
  const empty: Announcement = {
    ...blank,
    key: 'arxiv:empty-replies',
    record: { ...blank.record, id: 'arxiv:empty-replies' },
    replies: [
      { kind: 'abstract', title: ' ', text: ' ' },
      { kind: 'links', links: [] },
      { kind: 'bibtex', text: ' ' },
      { kind: 'bio', text: '\n' },
      { kind: 'notice', text: ' ' },
    ],
  };
  const links: Announcement = {
    ...paper,
    key: 'arxiv:many-links',
    replies: [
      { kind: 'links', links: manyLinks(300) },
      { kind: 'bibtex', text: `@misc{x,\n  note = {\`\`\` ${filled(MARKUP, 1500)} \`\`\`}\n}` },
      { kind: 'notice', text: filled(MARKUP + UNICODE, 10_000), start: '2026-06-10T14:00:00Z' },
    ],
  };
  const talk = adversarialTalk();
  const allDay = adversarialTalk({
    id: 'talk:all-day',
    allDay: true,
    start: '2026-06-12T00:00:00+02:00',
    end: '2026-06-13T00:00:00+02:00',
  });
  return [paper, ...edges, blank, empty, links, ...talkAnnouncements(talk), ...talkAnnouncements(allDay)];
}

/**
 * Everything the contract tests deliver: seed papers, talks and their follow-ups, adversarial
 * announcements. `perCalendar` talks of each calendar and `seeds` of the seed papers (default all).
 */
export function contractCorpus(sample: { perCalendar?: number; seeds?: number } = {}): Announcement[] {
  return [
    ...seedAnnouncements().slice(0, sample.seeds),
    ...calendarTalks(sample.perCalendar).flatMap(talkAnnouncements),
    ...adversarialAnnouncements(),
  ];
}

/**
 * Notices the bot posts on its own (admin channel, reminders): realistic and adversarial. Never
 * blank: the bot writes them itself (a blank notice *reply* is in adversarialAnnouncements).
 */
export function notices(): string[] {
  return [
    'Feed group-blog (https://lab.example/feed.xml) paused after 10 failures: HTTP 503. Resume it with /feed resume group-blog.',
    reminderNotice(calendarTalks(1)[0]!),
    reminderNotice(adversarialTalk()),
    filled(MARKUP + UNICODE, 10_000),
  ];
}

function adversarialItem(index: number): ReplyItem {
  return {
    title: filled(MARKUP + UNICODE, 500 + index * 37),
    url: index % 3 === 0 ? LONG_URL : `https://arxiv.org/abs/2606.${String(index).padStart(5, '0')}`,
    people: adversarialAuthors(60).map((name, position) => ({ name, watched: position % 9 === 0 })),
    date: '2026-05-31T17:59:59Z',
    ...(index % 2 === 0 ? { start: '2026-06-10T14:00:00Z', end: '2026-06-10T15:30:00Z' } : {}),
    snippet: Array.from({ length: 40 }, (_, part) => ({
      text: filled(MARKUP + UNICODE, 50 + part),
      match: part % 2 === 1,
    })),
    fields: Array.from({ length: 15 }, (_, field) => ({
      name: filled(UNICODE + MARKUP, 300),
      value: filled(MARKUP + UNICODE, 3000 + field),
    })),
  };
}

/** Command replies far beyond every limit: 100 items, each with 15 fields of 3,000 characters. */
export function adversarialReplies(): CommandReply[] {
  return [
    {
      status: 'ok',
      ephemeral: false,
      text: filled(MARKUP + UNICODE, 10_000),
      items: Array.from({ length: 100 }, (_, index) => adversarialItem(index)),
      footer: filled(UNICODE + MARKUP, 5000),
    },
    { status: 'error', ephemeral: true, text: filled(MARKUP, 50_000) },
    { status: 'empty', ephemeral: false, text: '' },
  ];
}
