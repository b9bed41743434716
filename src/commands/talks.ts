/**
 * /talks: upcoming talks, soonest first, optionally matching words (and `author:` for a speaker).
 * Talks still running count as upcoming; cancelled ones are left out.
 */
import { isTalk, type TalkRecord } from '../records/record.js';
import { checkedText } from './arguments.js';
import type { CommandReply, CommandRequest } from './command.js';
import type { CommandContext } from './context.js';
import { recordItem } from './record-items.js';
import { parseSearchText } from './search-text.js';

/** Talks shown in one answer. */
export const TALKS_SHOWN = 10;
/** Candidates read from the index: enough to fill the answer after dropping cancelled ones. */
const CANDIDATES = 50;
/** How far back a talk may have started and still be running. */
const RUNNING_WINDOW_MS = 24 * 60 * 60_000;

type TalksRequest = Extract<CommandRequest, { name: 'talks' }>;

export async function runTalks(request: TalksRequest, context: CommandContext): Promise<CommandReply> {
  const queryText = checkedText('talks', 'the query', request.query, false) ?? '';
  const { terms, filters } = parseSearchText(queryText);
  const speaker = filters.author ? checkedText('talks', 'author:', filters.author, true) : undefined;
  const now = context.clock();
  const view = await context.watchlists.recent();
  await context.search.sync();
  const results = await context.search.search({
    terms,
    kind: 'talk',
    since: new Date(now.getTime() - RUNNING_WINDOW_MS),
    author: speaker
      ? { personIds: view.people.some((p) => p.id === speaker) ? [speaker] : [], names: [speaker] }
      : undefined,
    order: 'soonest',
    offset: 0,
    limit: CANDIDATES,
  });
  const found = await context.store.records.getMany(results.hits.map((hit) => hit.id));
  const upcoming = found.filter(
    (record): record is TalkRecord => !!record && isTalk(record) && isUpcoming(record, now),
  );
  const matching = queryText ? ` matching "${queryText}"` : '';
  if (upcoming.length === 0) {
    return { status: 'empty', ephemeral: true, text: `No upcoming talks${matching}.`, data: [] };
  }
  const shown = upcoming.slice(0, TALKS_SHOWN);
  const more = upcoming.length > shown.length || results.total > CANDIDATES;
  const snippets = new Map(results.hits.map((hit) => [hit.id, hit.snippet]));
  return {
    status: 'ok',
    ephemeral: false,
    text: `${shown.length === 1 ? 'Next upcoming talk' : `Next ${shown.length} upcoming talks`}${matching}`,
    items: shown.map((talk) => recordItem(talk, view.matchers, snippets.get(talk.id))),
    ...(more ? { footer: 'More talks are coming up: narrow the search to see them.' } : {}),
    data: shown,
  };
}

function isUpcoming(talk: TalkRecord, now: Date): boolean {
  if (talk.status === 'cancelled') return false;
  const end = Date.parse(talk.end);
  const start = Date.parse(talk.start);
  return Number.isNaN(end) ? start >= now.getTime() : end > now.getTime();
}
