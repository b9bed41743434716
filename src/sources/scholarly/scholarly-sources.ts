/**
 * The scholarly sources a deployment polls: each one switched on in the config, with its own
 * client (limiter, contact address, key), kept across cycles so the spacing between requests
 * holds from one cycle to the next. A source is only built when someone can be found through it.
 */
import type { HeraldConfig, PersonConfig, ScholarlySourceName } from '../../config/schema.js';
import { PUBMED_KEYED_INTERVAL_MS, SCHOLARLY_DEFAULTS } from '../../config/scholarly-limits.js';
import type { Logger } from '../../log.js';
import { userAgent } from '../../net/user-agent.js';
import type { Fetcher } from '../fetcher.js';
import type { Source } from '../source.js';
import { BiorxivSource } from './biorxiv-source.js';
import { CrossrefSource } from './crossref-source.js';
import { DblpSource } from './dblp-source.js';
import { InspireSource } from './inspire-source.js';
import { OpenAlexSource } from './openalex-source.js';
import { PubmedSource } from './pubmed-source.js';
import { ScholarlyClient } from './scholarly-client.js';
import { type ScholarlyEnv, scholarlyPlan, scholarlySourcesOff } from './scholarly-plan.js';

export interface ScholarlyDependencies {
  config: HeraldConfig;
  env: ScholarlyEnv;
  fetcher: Fetcher;
  version: string;
  logger: Logger;
}

export class ScholarlySources {
  readonly #clients = new Map<ScholarlySourceName, ScholarlyClient>();

  constructor(private readonly deps: ScholarlyDependencies) {}

  build(people: readonly PersonConfig[]): Source[] {
    const off = scholarlySourcesOff(this.deps.config, this.deps.env);
    return scholarlyPlan(this.deps.config, people)
      .filter(({ name }) => !off[name])
      .map(({ name, people: found }) => this.#source(name, found));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.stop()));
  }

  /** The config changed (contact address, interval): clients are made afresh at the next poll. */
  async reconfigure(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((client) => client.stop()));
  }

  #source(name: ScholarlySourceName, people: readonly PersonConfig[]): Source {
    const { config, env } = this.deps;
    const client = this.#client(name);
    const urls = env.scholarly;
    switch (name) {
      case 'crossref':
        return new CrossrefSource(people, client, {
          apiUrl: urls.crossref,
          mailto: config.crossref.mailto,
          maxPages: config.crossref.maxPages,
        });
      case 'openalex':
        return new OpenAlexSource(people, client, {
          apiUrl: urls.openalex,
          apiKey: env.openalexApiKey!,
          maxPages: config.openalex.maxPages,
        });
      case 'inspire':
        return new InspireSource(people, client, { apiUrl: urls.inspire, maxPages: config.inspire.maxPages });
      case 'biorxiv':
        return new BiorxivSource(people, client, {
          apiUrl: urls.biorxiv,
          servers: config.biorxiv.servers,
          maxPages: config.biorxiv.maxPages,
        });
      case 'pubmed':
        return new PubmedSource(people, client, {
          apiUrl: urls.pubmed,
          email: config.pubmed.email,
          apiKey: env.pubmedApiKey,
          maxPages: config.pubmed.maxPages,
        });
      case 'dblp':
        return new DblpSource(people, client, urls.dblp);
    }
  }

  #client(name: ScholarlySourceName): ScholarlyClient {
    let client = this.#clients.get(name);
    if (!client) {
      const { config, env } = this.deps;
      const contact =
        name === 'crossref' ? config.crossref.mailto : name === 'pubmed' ? config.pubmed.email : undefined;
      client = new ScholarlyClient({
        sourceId: name,
        fetcher: this.deps.fetcher,
        requestIntervalMs: intervalFor(name, config, env),
        headers: { 'user-agent': userAgent(this.deps.version, contact) },
        secrets: [env.openalexApiKey, env.pubmedApiKey].filter((secret): secret is string => !!secret),
        logger: this.deps.logger,
      });
      this.#clients.set(name, client);
    }
    return client;
  }
}

/** The configured interval; PubMed's default drops to 10 requests/s when an API key is set. */
function intervalFor(name: ScholarlySourceName, config: HeraldConfig, env: ScholarlyEnv): number {
  const configured = config[name].requestIntervalMs;
  const isDefault = configured === SCHOLARLY_DEFAULTS[name].requestIntervalMs;
  return name === 'pubmed' && env.pubmedApiKey && isDefault ? PUBMED_KEYED_INTERVAL_MS : configured;
}
