/**
 * Announcements built by hand for the Discord tests, from the seed paper listing
 * (shared/seeds/001: "Learn from your own latents...", arXiv 2605.27734 per seed 002) and a talk.
 */
import type { Announcement, AnnouncementHead } from '../../../src/announce/announcement.js';
import type { ChannelConfig } from '../../../src/config/schema.js';
import type { PaperRecord, TalkRecord } from '../../../src/records/record.js';

export const SEED_ABSTRACT =
  'Generative models, from diffusion models to large language models, achieve remarkable performance but at a cost in training data orders of magnitude larger than what biological learners require. An alternative paradigm has emerged in which networks are trained to predict their own latent representations of related views or masked regions, as in data2vec and JEPA -- an idea related to predictive-coding accounts of the cortex. Despite strong empirical results, the theoretical understanding of these methods remains limited. Central questions include: by how much does latent prediction actually improve data efficiency? Is there a benefit to stacking such methods into multi-scale hierarchies? We answer both using as data a tractable probabilistic context-free grammar that captures the compositional structure of natural language and images. Such a grammar generates strings of visible tokens by recursively applying production rules along a tree of hidden symbols of depth L. For such data, supervised or token-level SSL require a number of samples exponential in L to recover the latent tree; we prove that latent prediction achieves this with a number of samples constant in L, up to logarithmic factors.';

const PAPER: PaperRecord = {
  id: 'arxiv:2605.27734',
  kind: 'paper',
  title: 'Learn from your own latents and not from tokens: A sample-complexity theory',
  abstract: SEED_ABSTRACT,
  url: 'https://arxiv.org/abs/2605.27734',
  links: { abs: 'https://arxiv.org/abs/2605.27734', pdf: 'https://arxiv.org/pdf/2605.27734' },
  people: ['favero'],
  source: 'arxiv',
  published: '2026-05-26T17:59:00Z',
  authors: ['Daniel J. Korchinski', 'Alessandro Favero', 'Matthieu Wyart'],
  categories: ['cs.LG', 'stat.ML'],
  primaryCategory: 'cs.LG',
  arxivId: '2605.27734',
  version: 1,
};

export const BIBTEX = `@article{korchinski2026learn,
  title   = {Learn from your own latents and not from tokens: A sample-complexity theory},
  author  = {Korchinski, Daniel J. and Favero, Alessandro and Wyart, Matthieu},
  journal = {arXiv preprint arXiv:2605.27734},
  year    = {2026}
}`;

export function paperHead(overrides: Partial<AnnouncementHead> = {}): AnnouncementHead {
  return {
    kind: 'paper',
    event: 'new',
    title: PAPER.title,
    url: PAPER.url,
    people: [
      { name: 'Daniel J. Korchinski', watched: false },
      { name: 'Alessandro Favero', watched: true },
      { name: 'Matthieu Wyart', watched: false },
    ],
    date: PAPER.published,
    category: 'cs.LG',
    sourceLabel: 'arXiv',
    ...overrides,
  };
}

export function paperAnnouncement(overrides: Partial<AnnouncementHead> = {}): Announcement {
  return {
    key: PAPER.id,
    channelId: 'papers',
    event: 'new',
    record: PAPER,
    head: paperHead(overrides),
    replies: [
      { kind: 'abstract', title: 'Abstract', text: SEED_ABSTRACT },
      {
        kind: 'links',
        links: [
          { label: 'Abstract page', url: 'https://arxiv.org/abs/2605.27734' },
          { label: 'PDF', url: 'https://arxiv.org/pdf/2605.27734' },
          { label: 'HTML', url: 'https://arxiv.org/html/2605.27734v1' },
        ],
      },
      { kind: 'bibtex', text: BIBTEX },
    ],
  };
}

const TALK: TalkRecord = {
  id: 'talk:colloquium-favero',
  kind: 'talk',
  title: 'How deep networks learn hierarchical data',
  abstract: 'A colloquium on the sample complexity of learning compositional data.',
  url: 'https://example.edu/colloquium/favero',
  links: {},
  people: ['favero'],
  source: 'colloquium',
  published: '2026-06-10T16:00:00+02:00',
  speakers: ['Alessandro Favero'],
  start: '2026-06-10T16:00:00+02:00',
  end: '2026-06-10T17:00:00+02:00',
  timezone: 'Europe/Zurich',
  location: 'Room CE 1 4, EPFL',
  status: 'confirmed',
};

export function talkAnnouncement(): Announcement {
  return {
    key: TALK.id,
    channelId: 'talks',
    event: 'new',
    record: TALK,
    head: {
      kind: 'talk',
      event: 'new',
      title: TALK.title,
      url: TALK.url,
      people: [{ name: 'Alessandro Favero', watched: true }],
      date: TALK.start,
      start: TALK.start,
      end: TALK.end,
      timezone: TALK.timezone,
      location: TALK.location,
      sourceLabel: 'EPFL colloquium',
    },
    replies: [
      { kind: 'abstract', title: 'Abstract', text: TALK.abstract },
      {
        kind: 'calendar',
        googleCalendarUrl:
          'https://calendar.google.com/calendar/render?action=TEMPLATE&text=How+deep+networks',
        ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:colloquium-favero\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
      { kind: 'bio', text: 'Alessandro Favero is a researcher in the theory of deep learning.' },
    ],
  };
}

export function channel(target: string, id = 'papers'): ChannelConfig {
  return { id, platform: 'discord', target, kinds: ['paper', 'talk'], keywords: [] };
}
