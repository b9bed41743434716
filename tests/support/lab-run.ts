/**
 * The "whole run" of the end-to-end tests that follow one `herald run --once` to both platforms:
 * the seed corpus on the arXiv route, a real seminar calendar (so a talk with its .ics goes out),
 * and a Discord and a Slack channel taking both kinds.
 */
import { readFileSync } from 'node:fs';
import type { FixtureServer } from './fixture-server.js';
import { arxivAtom, seedPapers } from './seed-corpus.js';

const CALENDAR = new URL('../fixtures/talks/epfl_theory_seminar_google.ics', import.meta.url);

/** Serves the seed papers at /api/query and the seminar calendar at /seminar.ics. */
export function serveLabSources(server: FixtureServer): void {
  server.route('/api/query', { body: arxivAtom(seedPapers()) });
  server.route('/seminar.ics', { body: readFileSync(CALENDAR, 'utf8'), contentType: 'text/calendar' });
}

/** The config: Favero watched, the seminar feed, `lab-discord` and `lab-slack` (target C_LAB). */
export function labRunConfig(server: FixtureServer, discordChannelId: string): string {
  return `
timezone: Europe/Zurich
backfill: 1
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true, timeoutMs: 5000 }
delivery: { retryBaseMs: 10, retryMaxMs: 50 }
people:
  - { id: favero, name: Alessandro Favero, aliases: ["A. Favero"] }
feeds:
  - { id: seminar, url: "${server.url('/seminar.ics')}", kind: talk }
channels:
  - { id: lab-discord, platform: discord, target: "${discordChannelId}", kinds: [paper, talk] }
  - { id: lab-slack, platform: slack, target: C_LAB, kinds: [paper, talk] }
`;
}

/** What `herald papers` must never load: it reads the store and the index, nothing else. */
export const NOT_LOADED_BY_PAPERS = [
  'discord.js',
  '@discordjs/core',
  '@discordjs/ws',
  '@discordjs/rest',
  '@slack/bolt',
  '@slack/web-api',
  '@redis/client',
  '@keyv/redis',
  'pino-pretty',
  'undici',
  'fast-xml-parser',
] as const;
