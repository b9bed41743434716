/**
 * Records, outbox entries and config entries for the store tests, built through the real
 * composer so they have the shapes the bot stores.
 */
import { composePaperAnnouncement } from '../../src/announce/compose-paper.js';
import type { FeedConfig, PersonConfig } from '../../src/config/schema.js';
import type { PaperRecord } from '../../src/records/record.js';
import type { OutboxEntry } from '../../src/store/outbox-repository.js';
import { deliveryKey } from '../../src/store/outbox-repository.js';

export function paper(n: number, overrides: Partial<PaperRecord> = {}): PaperRecord {
  const arxivId = `2401.${String(n).padStart(5, '0')}`;
  return {
    kind: 'paper',
    id: `arxiv:${arxivId}`,
    arxivId,
    version: 1,
    title: `Paper ${n}: scaling laws für Modelle — ü, 日本語`,
    abstract: `We study ${n} things.`,
    authors: ['Alessandro Favero', 'Ada Lovelace'],
    categories: ['cs.LG', 'stat.ML'],
    primaryCategory: 'cs.LG',
    url: `https://arxiv.org/abs/${arxivId}`,
    links: { abs: `https://arxiv.org/abs/${arxivId}`, pdf: `https://arxiv.org/pdf/${arxivId}` },
    people: ['favero'],
    source: 'arxiv',
    published: new Date(Date.UTC(2024, 0, 1, 0, n % 60)).toISOString(),
    ...overrides,
  };
}

export function outboxEntry(n: number, channelId: string, createdAt: string): OutboxEntry {
  const announcement = composePaperAnnouncement(paper(n), channelId, [], 'arXiv');
  return {
    key: deliveryKey(channelId, announcement.key),
    channelId,
    announcement,
    createdAt,
    attempts: 0,
    repliesPosted: 0,
  };
}

export function person(id: string, name: string): PersonConfig {
  return { id, name, aliases: [], arxivAuthorId: null, orcid: null };
}

export function feed(id: string): FeedConfig {
  return { id, url: `https://example.org/${id}.xml`, kind: 'talk', announceAll: false };
}
