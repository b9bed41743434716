/**
 * Every source the bot polls, by the id an admin uses for it (`arxiv`, `arxiv-author:favero`,
 * `feed:group-blog`, `crossref`), with its health as the store records it and its next poll:
 * what `/sources`, `/status` and `/source resume` share.
 */
import type { FeedConfig, HeraldConfig, PersonConfig } from '../config/schema.js';
import { redactUrl } from '../net/errors.js';
import { healthOf, nextPausedTry, type SourceHealth } from '../pipeline/source-health.js';
import { ARXIV_SEARCH_SOURCE_ID, hasArxivIdentity } from '../sources/arxiv/arxiv-identity.js';
import { feedSourceId } from '../sources/feeds/fetch-feed.js';
import { scholarlyPlan } from '../sources/scholarly/scholarly-plan.js';
import type { SourceSchedule } from '../sources/source.js';
import type { SourceState } from '../store/source-state-repository.js';

export type SourceKind = 'arxiv-search' | 'arxiv-author' | 'paper-feed' | 'talk-feed' | 'scholarly';

export interface CatalogueEntry {
  id: string;
  kind: SourceKind;
  label: string;
  schedule: SourceSchedule;
  /** Why a source switched on is not polled (OpenAlex without its key). */
  off?: string;
}

/** One line of `herald sources --json`: exactly these keys. */
export interface SourceReport {
  id: string;
  kind: SourceKind;
  state: SourceHealth;
  lastSuccess: string | null;
  lastError: string | null;
  failures: number;
  nextPoll: string | null;
}

export function sourceCatalogue(
  config: HeraldConfig,
  people: readonly PersonConfig[],
  feeds: readonly FeedConfig[],
  sourcesOff: Readonly<Record<string, string>> = {},
): CatalogueEntry[] {
  const byName = people.filter((person) => !hasArxivIdentity(person));
  return [
    ...(byName.length > 0
      ? [
          {
            id: ARXIV_SEARCH_SOURCE_ID,
            kind: 'arxiv-search' as const,
            label: `arXiv search (${byName.length} by name)`,
            schedule: 'papers' as const,
          },
        ]
      : []),
    ...people.filter(hasArxivIdentity).map((person) => ({
      id: `arxiv-author:${person.id}`,
      kind: 'arxiv-author' as const,
      label: `arXiv author feed of ${person.name}`,
      schedule: 'papers' as const,
    })),
    ...feeds.map((feed) => ({
      id: feedSourceId(feed.id),
      kind: feed.kind === 'talk' ? ('talk-feed' as const) : ('paper-feed' as const),
      label: `${feed.kind} feed ${redactUrl(feed.url)}`,
      schedule: 'feeds' as const,
    })),
    ...scholarlyPlan(config, people).map(({ name, people: found }) => ({
      id: name,
      kind: 'scholarly' as const,
      label: `${name} (${found.length} ${found.length === 1 ? 'person' : 'people'})`,
      schedule: 'scholarly' as const,
      ...(sourcesOff[name] ? { off: sourcesOff[name] } : {}),
    })),
  ];
}

/**
 * The source an admin means: its id (`arxiv-author:favero`, `crossref`), or a feed's own id
 * (`group-blog`, as `/feed resume` takes it). Case does not matter.
 */
export function findSource(entries: readonly CatalogueEntry[], typed: string): CatalogueEntry | undefined {
  const id = typed.trim().toLowerCase();
  return entries.find((entry) => entry.id === id) ?? entries.find((entry) => entry.id === feedSourceId(id));
}

/**
 * When a source is polled next: a paused one at its daily try, a failing one when its backoff
 * ends (the one-minute tick), else at its schedule's next run; null when nothing will poll it.
 */
export function nextPollOf(
  entry: CatalogueEntry,
  state: SourceState,
  scheduled: Date | null,
  now: Date,
): Date | null {
  if (entry.off) return null;
  if (state.pausedAt) return nextPausedTry(state) ?? null;
  if (state.failures > 0 && state.retryAfter && new Date(state.retryAfter) > now)
    return new Date(state.retryAfter);
  return scheduled;
}

export function sourceReport(entry: CatalogueEntry, state: SourceState, nextPoll: Date | null): SourceReport {
  return {
    id: entry.id,
    kind: entry.kind,
    state: healthOf(state),
    lastSuccess: state.lastSuccessAt ?? null,
    lastError: state.lastError ?? null,
    failures: state.failures,
    nextPoll: nextPoll?.toISOString() ?? null,
  };
}
