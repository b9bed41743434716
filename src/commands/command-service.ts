/**
 * The command service every front calls: checks who may run what, dispatches to the command
 * modules, and turns failures into replies (bad arguments -> `invalid` with the usage, anything
 * else -> `error`), so fronts only parse and render.
 */

import type { HeraldConfig } from '../config/schema.js';
import { HeraldError } from '../errors.js';
import type { Logger } from '../log.js';
import { redactUrl } from '../net/errors.js';
import type { SearchIndex } from '../search/search-index.js';
import { StoreError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { runChannel } from './channel.js';
import {
  ADMIN_COMMANDS,
  type Caller,
  type CommandReply,
  type CommandRequest,
  type CommandService,
  type Suggestion,
  type SuggestionKind,
} from './command.js';
import type { CommandContext } from './context.js';
import { cronStatusProvider } from './cron-next-runs.js';
import { runExplain } from './explain.js';
import { runFeed } from './feed.js';
import { runFollow, runFollowing, runUnfollow } from './follow.js';
import { runPapers } from './papers.js';
import { CommandArgumentError } from './parse-text.js';
import type { PaperPreview, StatusProvider } from './ports.js';
import { sourceCatalogue } from './source-catalogue.js';
import { runSource, runSources } from './sources.js';
import { runStatus } from './status.js';
import { runTalks } from './talks.js';
import { runWatch } from './watch.js';
import { WatchlistViews } from './watchlist-view.js';

export interface CommandServiceDeps {
  config: HeraldConfig;
  store: Store;
  search: Pick<SearchIndex, 'sync' | 'search'>;
  clock: () => Date;
  /** Next poll of each schedule; default: worked out from the config's cron expressions. */
  status?: StatusProvider;
  /** Newest arXiv papers of a person being added; absent: `/watch add` says it could not look. */
  preview?: PaperPreview;
  /** Sources switched on in the config but off (OpenAlex without its key), with the reason. */
  sourcesOff?: Readonly<Record<string, string>>;
  logger?: Logger;
}

const MAX_SUGGESTIONS = 25;

export function createCommandService(deps: CommandServiceDeps): CommandService {
  const context: CommandContext = {
    ...deps,
    watchlists: new WatchlistViews(deps.config, deps.store, deps.clock),
    status: deps.status ?? cronStatusProvider(deps.config),
  };
  return {
    execute: (request, caller) => execute(request, caller, context),
    suggest: (kind, partial) => suggest(kind, partial, context),
  };
}

async function execute(
  request: CommandRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  if (ADMIN_COMMANDS.has(request.name) && !caller.isAdmin) {
    return {
      status: 'refused',
      ephemeral: true,
      text: `Only admins can use /${request.name}. Nothing was changed.`,
    };
  }
  try {
    return await dispatch(request, caller, context);
  } catch (error) {
    if (error instanceof CommandArgumentError)
      return { status: 'invalid', ephemeral: true, text: error.message, problem: error.problem };
    if (error instanceof StoreError) {
      context.logger?.warn({ err: error, command: request.name }, 'command while the store is unavailable');
      return {
        status: 'error',
        ephemeral: true,
        text: 'The store is unavailable right now; try again in a minute.',
      };
    }
    context.logger?.error({ err: error, command: request.name }, 'command failed');
    const reason = error instanceof HeraldError ? error.message : 'an unexpected error (see the bot log)';
    return { status: 'error', ephemeral: true, text: `/${request.name} failed: ${reason}` };
  }
}

function dispatch(request: CommandRequest, caller: Caller, context: CommandContext): Promise<CommandReply> {
  switch (request.name) {
    case 'papers':
      return runPapers(request, context);
    case 'talks':
      return runTalks(request, context);
    case 'watch':
      return runWatch(request, caller, context);
    case 'feed':
      return runFeed(request, caller, context);
    case 'status':
      return runStatus(context);
    case 'follow':
      return runFollow(request, caller, context);
    case 'unfollow':
      return runUnfollow(request, caller, context);
    case 'following':
      return runFollowing(request, caller, context);
    case 'channel':
      return runChannel(request, caller, context);
    case 'sources':
      return runSources(context);
    case 'source':
      return runSource(request, context);
    case 'explain':
      return runExplain(request, context);
  }
}

/** Watched people, feeds or sources whose id, name or URL contains what was typed. */
async function suggest(
  kind: SuggestionKind,
  partial: string,
  context: CommandContext,
): Promise<Suggestion[]> {
  const typed = partial.trim().toLowerCase();
  const { people, feeds } = await context.watchlists.recent();
  const persons = people.map((person) => ({ label: `${person.name} (${person.id})`, value: person.id }));
  const talkSeries = feeds
    .filter((feed) => feed.kind === 'talk')
    .map((feed) => ({ label: `talk series ${feed.id}`, value: `talk-series:${feed.id}` }));
  const choices = {
    person: () => persons,
    feed: () => feeds.map((feed) => ({ label: `${feed.id} (${redactUrl(feed.url)})`, value: feed.id })),
    follow: () => [...persons, ...talkSeries],
    source: () =>
      sourceCatalogue(context.config, people, feeds, context.sourcesOff).map((entry) => ({
        label: `${entry.id} (${entry.label})`,
        value: entry.id,
      })),
  }[kind]();
  return choices
    .filter((choice) => choice.label.toLowerCase().includes(typed))
    .slice(0, MAX_SUGGESTIONS)
    .map((choice) => ({ ...choice, label: choice.label.slice(0, 100) }));
}
