/**
 * The command service over a real SQLite store and search index in a temporary directory, with
 * the seed papers stored, a fixed clock, and fakes for the ports into the running bot.
 */
import type { Caller, CommandRequest, CommandService } from '../../src/commands/command.js';
import { createCommandService } from '../../src/commands/command-service.js';
import type { PaperPreview, StatusProvider } from '../../src/commands/ports.js';
import { configSchema, type HeraldConfig } from '../../src/config/schema.js';
import type { HeraldRecord } from '../../src/records/record.js';
import { type SearchFixture, searchFixture } from '../search/search-fixture.js';
import { seedPapers } from '../search/seed-papers.js';

export const NOW = new Date('2026-11-23T09:00:00Z');

export const admin: Caller = { platform: 'discord', userId: '100', displayName: 'Ada', isAdmin: true };
export const member: Caller = { platform: 'slack', userId: 'U200', displayName: 'Bob', isAdmin: false };

export function testConfig(overrides: Record<string, unknown> = {}): HeraldConfig {
  return configSchema.parse({
    timezone: 'Europe/Zurich',
    people: [{ id: 'favero', name: 'Alessandro Favero', aliases: ['A. Favero'] }],
    feeds: [{ id: 'group-blog', url: 'https://blog.example.org/feed.xml', kind: 'paper' }],
    ...overrides,
  });
}

export interface ServiceFixtureOptions {
  records?: readonly HeraldRecord[];
  config?: HeraldConfig;
  preview?: PaperPreview;
  status?: StatusProvider;
  sourcesOff?: Readonly<Record<string, string>>;
}

export interface ServiceFixture extends SearchFixture {
  config: HeraldConfig;
  service: CommandService;
  run(request: CommandRequest, caller?: Caller): ReturnType<CommandService['execute']>;
  /** Closes the store and index, reopens them from the same files, and builds a new service. */
  restartService(): Promise<void>;
}

export async function serviceFixture(options: ServiceFixtureOptions = {}): Promise<ServiceFixture> {
  const search = await searchFixture(options.records ?? seedPapers());
  const config = options.config ?? testConfig();
  const build = () =>
    createCommandService({
      config,
      store: fixture.store,
      search: fixture.index,
      clock: () => new Date(NOW),
      preview: options.preview,
      status: options.status,
      sourcesOff: options.sourcesOff,
    });
  const fixture = search as ServiceFixture;
  fixture.config = config;
  fixture.service = build();
  fixture.run = (request, caller = admin) => fixture.service.execute(request, caller);
  fixture.restartService = async () => {
    await fixture.restart();
    fixture.service = build();
  };
  return fixture;
}
