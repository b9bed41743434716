/**
 * /feed add|remove|resume|list (admins): RSS, Atom or iCalendar feeds of papers or talks. Changes
 * go to the store and take effect at the next poll; `resume` lifts the pause a feed (or any
 * other source, as `/source resume`: `/feed resume crossref`) gets after failing too often.
 */

import { type FeedConfig, feedSchema, type HeraldConfig } from '../config/schema.js';
import { redactUrl } from '../net/errors.js';
import { resumeCommand, resumed as resumedState } from '../pipeline/source-health.js';
import { checkHttpUrl } from '../records/validators.js';
import { feedSourceId } from '../sources/feeds/fetch-feed.js';
import { SCHOLARLY_SOURCE_NAMES } from '../sources/scholarly/scholarly-plan.js';
import { checkedText, checkedValue } from './arguments.js';
import type { Caller, CommandReply, CommandRequest } from './command.js';
import { type CommandContext, changedBy } from './context.js';
import { feedIdFor } from './ids.js';
import { CommandArgumentError } from './parse-text.js';
import { findSource } from './source-catalogue.js';
import { catalogue, resumeSource } from './sources.js';

type FeedRequest = Extract<CommandRequest, { name: 'feed' }>;
type FeedAdd = Extract<FeedRequest, { action: 'add' }>;

export function runFeed(
  request: FeedRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  switch (request.action) {
    case 'add':
      return addFeed(request, caller, context);
    case 'remove':
      return removeFeed(request.id, caller, context);
    case 'resume':
      return resumeFeed(request.id, context);
    case 'list':
      return listFeeds(context);
  }
}

async function addFeed(request: FeedAdd, caller: Caller, context: CommandContext): Promise<CommandReply> {
  const url = checkedValue('feed', checkHttpUrl, checkedText('feed', 'the URL', request.url, true));
  const kind = checkedText('feed', 'the kind of feed', request.kind, true).toLowerCase();
  if (kind !== 'paper' && kind !== 'talk') {
    throw new CommandArgumentError('feed', `"${kind}" is not a kind of feed: use paper or talk`);
  }
  const { feeds } = await context.watchlists.fresh();
  const existing = feeds.find((feed) => sameUrl(feed.url, url));
  if (existing) throw new CommandArgumentError('feed', `${url} is already watched (id ${existing.id})`);
  const id = feedIdFor(url, new Set(feeds.map((feed) => feed.id)));
  const parsed = feedSchema.safeParse({ id, url, kind });
  if (!parsed.success)
    throw new CommandArgumentError('feed', parsed.error.issues[0]?.message ?? 'invalid feed');
  await context.store.watchlist.addFeed(
    parsed.data,
    changedBy(caller),
    context.clock(),
    inConfig(id, context),
  );
  context.watchlists.invalidate();
  return {
    status: 'ok',
    ephemeral: true,
    text: `Now watching the ${kind} feed "${id}" (${url}); it is read at the next feeds poll.`,
    items: [feedItem(parsed.data, false)],
    data: parsed.data,
  };
}

function sameUrl(a: string, b: string): boolean {
  const normal = (url: string) => new URL(url).href.replace(/\/$/, '');
  return normal(a) === normal(b);
}

async function knownFeed(idText: string, context: CommandContext): Promise<FeedConfig> {
  const id = checkedText('feed', 'the id', idText, true).toLowerCase();
  const { feeds } = await context.watchlists.fresh();
  const feed = feeds.find((candidate) => candidate.id === id);
  if (!feed) {
    const known = feeds.map((candidate) => candidate.id).join(', ') || 'no feed is watched';
    throw new CommandArgumentError('feed', `no feed has the id "${id}" (known: ${known})`);
  }
  return feed;
}

async function removeFeed(idText: string, caller: Caller, context: CommandContext): Promise<CommandReply> {
  const feed = await knownFeed(idText, context);
  await context.store.watchlist.removeFeed(
    feed.id,
    changedBy(caller),
    context.clock(),
    inConfig(feed.id, context),
  );
  context.watchlists.invalidate();
  return {
    status: 'ok',
    ephemeral: true,
    text: `No longer watching the feed "${feed.id}" (${redactUrl(feed.url)}), from the next poll on.`,
    data: { removed: feed },
  };
}

async function resumeFeed(idText: string, context: CommandContext): Promise<CommandReply> {
  const scholarly = scholarlySourceNamed(idText, context.config);
  if (scholarly) return resume(scholarly, `Source "${scholarly}"`, 'at its next run', scholarly, context);
  const { feeds } = await context.watchlists.fresh();
  if (!feeds.some((feed) => feed.id === idText.trim().toLowerCase())) {
    // Any other source by its id (`arxiv`, `arxiv-author:favero`): what /source resume does.
    const source = findSource(await catalogue(context), idText);
    if (source) return resumeSource(source, context);
  }
  const feed = await knownFeed(idText, context);
  return resume(feedSourceId(feed.id), `Feed "${feed.id}"`, 'at the next feeds poll', feed, context);
}

/** A scholarly source switched on (crossref, openalex, ...), by its id. */
function scholarlySourceNamed(idText: string, config: HeraldConfig): string | undefined {
  const id = idText.trim().toLowerCase();
  return SCHOLARLY_SOURCE_NAMES.find((name) => name === id && config[name].enabled);
}

async function resume(
  sourceId: string,
  what: string,
  when: string,
  resumed: unknown,
  context: CommandContext,
): Promise<CommandReply> {
  const state = await context.store.sources.get(sourceId);
  await context.store.sources.update(sourceId, resumedState());
  const was = state.pausedAt ? `was paused since ${state.pausedAt}` : 'was not paused';
  return {
    status: 'ok',
    ephemeral: true,
    text: `${what} resumed (it ${was}); it is read again ${when}.`,
    data: { resumed, wasPaused: !!state.pausedAt },
  };
}

/** The config file's feed with this id: a chat change is made over it (watchlist-repository.ts). */
function inConfig(id: string, context: CommandContext): FeedConfig | undefined {
  return context.config.feeds.find((feed) => feed.id === id);
}

async function listFeeds(context: CommandContext): Promise<CommandReply> {
  const { feeds } = await context.watchlists.fresh();
  if (feeds.length === 0)
    return { status: 'empty', ephemeral: true, text: 'No feed is watched yet.', data: [] };
  const states = await context.store.sources.getMany(feeds.map((feed) => feedSourceId(feed.id)));
  return {
    status: 'ok',
    ephemeral: true,
    text: `${feeds.length} watched feed${feeds.length === 1 ? '' : 's'}`,
    items: feeds.map((feed) => feedItem(feed, !!states.get(feedSourceId(feed.id))?.pausedAt)),
    data: feeds,
  };
}

function feedItem(feed: FeedConfig, paused: boolean) {
  return {
    title: feed.id,
    url: redactUrl(feed.url),
    fields: [
      { name: 'Kind', value: feed.kind },
      ...(feed.announceAll ? [{ name: 'Announces', value: 'every item' }] : []),
      ...(paused ? [{ name: 'Paused', value: `yes: ${resumeCommand(feedSourceId(feed.id))}` }] : []),
    ],
  };
}
