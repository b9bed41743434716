/**
 * /status (admins): every source the watchlist makes (the arXiv search, each author feed, each
 * feed, each scholarly source switched on) with its last success, last error, consecutive
 * failures, pause, and next poll; then the deliveries held or waiting for a chat token; the items
 * waiting for each digest and when it goes out; the members whose follows are paused; then the
 * chat connections of the running bot (each instance's latest report in the store).
 */

import type { HeraldConfig } from '../config/schema.js';
import { resumeCommand } from '../pipeline/source-health.js';
import type { ChatConnectionState, ConnectionReport } from '../store/connection-reports.js';
import type { SourceState } from '../store/source-state-repository.js';
import type { CommandReply, ReplyItem } from './command.js';
import type { CommandContext } from './context.js';
import { deliveryStatus } from './delivery-status.js';
import { digestStatus } from './digest-status.js';
import { formatInstant } from './format-instant.js';
import { pausedFollowsStatus } from './paused-follows-status.js';
import { type CatalogueEntry, nextPollOf, sourceCatalogue } from './source-catalogue.js';

export async function runStatus(context: CommandContext): Promise<CommandReply> {
  const { people, feeds } = await context.watchlists.fresh();
  const sources = sourceCatalogue(context.config, people, feeds, context.sourcesOff);
  const [deliveries, digests, pausedFollows] = await Promise.all([
    deliveryStatus(context),
    digestStatus(context),
    pausedFollowsStatus(context),
  ]);
  const now = context.clock();
  const reports = await context.store.connections.fresh(now);
  const chat = connectionItems(reports, context.config.timezone);
  const waiting = [deliveries.summary, digests.summary, pausedFollows.summary].filter(Boolean).join('; ');
  const others = {
    deliveries: deliveries.data,
    digests: digests.data,
    pausedFollows: pausedFollows.data,
    connections: reports,
  };
  const otherItems = [...deliveries.items, ...digests.items, ...pausedFollows.items, ...chat.items];
  if (sources.length === 0 && !waiting) {
    return {
      status: chat.items.length > 0 ? 'ok' : 'empty',
      ephemeral: true,
      text: `No sources yet: nobody and no feed is watched${chat.summary}.`,
      ...(chat.items.length > 0 ? { items: chat.items } : {}),
      data: { sources: [], ...others },
    };
  }
  const states = await context.store.sources.getMany(sources.map((source) => source.id));
  const nextRuns = context.status.nextRuns();
  const rows = sources.map((source) => ({ source, state: states.get(source.id) ?? { failures: 0 } }));
  const failing = rows.filter((row) => row.state.failures > 0 && !row.state.pausedAt).length;
  const paused = rows.filter((row) => row.state.pausedAt).length;
  const sourceText = `${sources.length} source${sources.length === 1 ? '' : 's'}: ${sources.length - failing - paused} healthy, ${failing} failing, ${paused} paused`;
  return {
    status: 'ok',
    ephemeral: true,
    text: `${waiting ? `${sourceText}; ${waiting}` : sourceText}${chat.summary}`,
    items: [
      ...rows.map(({ source, state }) =>
        sourceItem(
          source,
          state,
          nextPollOf(source, state, nextRuns[source.schedule] ?? null, now),
          context.config,
        ),
      ),
      ...otherItems,
    ],
    data: {
      sources: rows.map(({ source, state }) => ({
        ...source,
        state,
        nextRun: nextRuns[source.schedule] ?? null,
      })),
      ...others,
    },
  };
}

/** One item per connection of each running instance, and a one-line summary. */
function connectionItems(
  reports: readonly ConnectionReport[],
  timezone: string,
): { items: ReplyItem[]; summary: string } {
  const several = reports.length > 1;
  const rows = reports.flatMap((report) =>
    report.connections.map((connection) => ({ connection, instance: several ? report.instance : undefined })),
  );
  if (rows.length === 0) return { items: [], summary: '' };
  const summary = `; chat: ${rows.map(({ connection }) => `${connection.name} ${connection.status}`).join(', ')}`;
  return {
    items: rows.map(({ connection, instance }) => connectionItem(connection, instance, timezone)),
    summary,
  };
}

function connectionItem(
  connection: ChatConnectionState,
  instance: string | undefined,
  timezone: string,
): ReplyItem {
  const when = (iso: string) => formatInstant(new Date(iso), timezone);
  return {
    title: connection.name,
    fields: [
      { name: 'State', value: `${connection.status} since ${when(connection.since)}` },
      ...(instance ? [{ name: 'Instance', value: instance }] : []),
      ...(connection.lastError ? [{ name: 'Last error', value: connection.lastError }] : []),
      ...(connection.failures > 0
        ? [{ name: 'Failed attempts in a row', value: String(connection.failures) }]
        : []),
      ...(connection.retryAt ? [{ name: 'Next attempt', value: when(connection.retryAt) }] : []),
    ],
  };
}

/** A source's health as reply fields (`/status`, `/sources`). */
export function sourceItem(
  source: CatalogueEntry,
  state: SourceState,
  next: Date | null,
  config: HeraldConfig,
): ReplyItem {
  const when = (iso: string | Date | undefined) =>
    iso ? formatInstant(new Date(iso), config.timezone) : 'never';
  const fields = [
    { name: 'Source', value: source.id },
    ...(source.off ? [{ name: 'State', value: source.off }] : []),
    { name: 'Last success', value: when(state.lastSuccessAt) },
    ...(state.lastError
      ? [{ name: 'Last error', value: `${when(state.lastErrorAt)}: ${state.lastError}` }]
      : []),
    ...(state.failures > 0 ? [{ name: 'Failures in a row', value: String(state.failures) }] : []),
    ...(state.pausedAt
      ? [
          {
            name: 'Paused',
            value: `since ${when(state.pausedAt)}: ${resumeCommand(source.id)}`,
          },
        ]
      : []),
    { name: 'Next poll', value: nextPollText(source, state, next, when) },
  ];
  return { title: source.label, fields };
}

function nextPollText(
  source: CatalogueEntry,
  state: SourceState,
  next: Date | null,
  when: (date: Date) => string,
): string {
  if (source.off) return 'not polled';
  if (!next) return 'not scheduled';
  return state.pausedAt ? `${when(next)} (its daily try while paused)` : when(next);
}
