/**
 * /sources and /source resume (admins): every source the bot polls with its health and next
 * poll, and lifting the pause of any of them (the arXiv search, an arXiv author feed, a feed or
 * calendar, a scholarly source) by the id /sources shows.
 */
import { resumed as resumedState } from '../pipeline/source-health.js';
import type { CommandReply, CommandRequest } from './command.js';
import type { CommandContext } from './context.js';
import { CommandArgumentError } from './parse-text.js';
import {
  type CatalogueEntry,
  findSource,
  nextPollOf,
  sourceCatalogue,
  sourceReport,
} from './source-catalogue.js';
import { sourceItem } from './status.js';

type SourceRequest = Extract<CommandRequest, { name: 'source' }>;

export async function runSources(context: CommandContext): Promise<CommandReply> {
  const entries = await catalogue(context);
  const polled = entries.filter((entry) => !entry.off);
  const off = entries.filter((entry) => entry.off).map((entry) => `${entry.id} is ${entry.off}`);
  const offText = off.length > 0 ? ` (${off.join('; ')})` : '';
  if (polled.length === 0)
    return {
      status: 'empty',
      ephemeral: true,
      text: `No source is polled: nobody and no feed is watched${offText}.`,
      data: [],
    };
  const states = await context.store.sources.getMany(polled.map((entry) => entry.id));
  const nextRuns = context.status.nextRuns();
  const now = context.clock();
  const rows = polled.map((entry) => {
    const state = states.get(entry.id) ?? { failures: 0 };
    return { entry, state, next: nextPollOf(entry, state, nextRuns[entry.schedule] ?? null, now) };
  });
  const reports = rows.map(({ entry, state, next }) => sourceReport(entry, state, next));
  const count = (state: string) => reports.filter((report) => report.state === state).length;
  return {
    status: 'ok',
    ephemeral: true,
    text: `${polled.length} source${polled.length === 1 ? '' : 's'}: ${count('ok')} ok, ${count('failing')} failing, ${count('paused')} paused${offText}`,
    items: rows.map(({ entry, state, next }) => sourceItem(entry, state, next, context.config)),
    data: reports,
  };
}

export async function runSource(request: SourceRequest, context: CommandContext): Promise<CommandReply> {
  const entries = await catalogue(context);
  const entry = findSource(entries, request.id);
  if (!entry) {
    const known = entries.map((candidate) => candidate.id).join(', ') || 'nothing is polled';
    throw new CommandArgumentError('source', `no source has the id "${request.id.trim()}" (known: ${known})`);
  }
  return resumeSource(entry, context);
}

/** Lifts a source's pause (and its backoff): it is polled at its next scheduled run. */
export async function resumeSource(entry: CatalogueEntry, context: CommandContext): Promise<CommandReply> {
  const state = await context.store.sources.get(entry.id);
  await context.store.sources.update(entry.id, resumedState());
  const was = state.pausedAt ? `was paused since ${state.pausedAt}` : 'was not paused';
  const next = nextPollOf(
    entry,
    { failures: 0 },
    context.status.nextRuns()[entry.schedule] ?? null,
    context.clock(),
  );
  const when = next ? `at its next ${entry.schedule} poll (${next.toISOString()})` : 'when it is polled next';
  return {
    status: 'ok',
    ephemeral: true,
    text: `Source "${entry.id}" (${entry.label}) resumed (it ${was}); it is polled again ${when}.`,
    data: { resumed: entry.id, wasPaused: !!state.pausedAt },
  };
}

/** The sources of the current watchlist; another instance's chat changes included. */
export async function catalogue(context: CommandContext): Promise<CatalogueEntry[]> {
  const { people, feeds } = await context.watchlists.fresh();
  return sourceCatalogue(context.config, people, feeds, context.sourcesOff);
}
