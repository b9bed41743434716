/**
 * The sources one cycle polls, built from the effective watchlist (config plus chat changes), so
 * a `/watch add` or `/feed add` takes effect at the next poll.
 */
import type { FeedConfig, HeraldConfig, PersonConfig } from '../config/schema.js';
import type { ArxivClient } from '../sources/arxiv/arxiv-client.js';
import { ArxivAuthorSource, ArxivSearchSource, hasArxivIdentity } from '../sources/arxiv/arxiv-sources.js';
import { PaperFeedSource } from '../sources/feeds/paper-feed-source.js';
import type { Fetcher } from '../sources/fetcher.js';
import type { ScholarlySources } from '../sources/scholarly/scholarly-sources.js';
import type { Source } from '../sources/source.js';

export interface SourceDependencies {
  config: HeraldConfig;
  arxiv: ArxivClient;
  arxivApiUrl: string;
  arxivAuthorFeedUrl: string;
  fetcher: Fetcher;
  /** Talk feeds are built by the talks module. */
  talkSource?: (feed: FeedConfig) => Source;
  /** Crossref, OpenAlex, INSPIRE, bioRxiv, PubMed, DBLP: those switched on in the config. */
  scholarly?: ScholarlySources;
}

export function buildSources(
  people: readonly PersonConfig[],
  feeds: readonly FeedConfig[],
  deps: SourceDependencies,
): Source[] {
  const sources: Source[] = [];
  const byName = people.filter((person) => !hasArxivIdentity(person));
  if (byName.length > 0) {
    const { pageSize, maxPages } = deps.config.arxiv;
    sources.push(new ArxivSearchSource(byName, deps.arxiv, { pageSize, maxPages }, deps.arxivApiUrl));
  }
  for (const person of people.filter(hasArxivIdentity)) {
    sources.push(new ArxivAuthorSource(person, deps.arxiv, deps.arxivAuthorFeedUrl));
  }
  for (const feed of feeds) {
    if (feed.kind === 'paper')
      sources.push(new PaperFeedSource(feed, deps.fetcher, deps.config.fetch.timeoutMs));
    else if (deps.talkSource) sources.push(deps.talkSource(feed));
  }
  sources.push(...(deps.scholarly?.build(people) ?? []));
  return sources;
}
