/**
 * /explain and `herald explain` (admins): why a paper or talk was, or was not, announced. Given a
 * record id, an arXiv id, a DOI or a URL: what the bot knows of it, which watched people it
 * matched and why (or the namesake rule that refused a look-alike), and its state in each
 * configured channel with a reason code (explain-channels.ts).
 */
import { itemRecordId } from '../records/identifiers.js';
import { parsePaperId } from '../records/paper-ids.js';
import type { HeraldRecord } from '../records/record.js';
import { buildWatchlist } from '../records/watchlist.js';
import { type TalkState, TalkStateRepository } from '../talks/talk-state.js';
import { checkedText } from './arguments.js';
import type { CommandReply, CommandRequest, ReplyItem } from './command.js';
import type { CommandContext } from './context.js';
import {
  type ChannelExplanation,
  explainNearMiss,
  explainStoredRecord,
  explainUnknown,
} from './explain-channels.js';
import { explainNamesakes, explainPeople, type PersonExplanation } from './explain-people.js';
import { formatInstant } from './format-instant.js';
import { recordItem } from './record-items.js';

type ExplainRequest = Extract<CommandRequest, { name: 'explain' }>;

/** `herald explain --json`: this shape. */
export interface Explanation {
  record: HeraldRecord | null;
  people: PersonExplanation[];
  channels: ChannelExplanation[];
}

/** Ids a record may be stored under; record ids (`item:...`, `talk:...`) as typed. */
const RECORD_ID = /^(arxiv|doi|pmid|pmcid|openalex|inspire|dblp|item|feed|talk):\S+$/i;

export async function runExplain(request: ExplainRequest, context: CommandContext): Promise<CommandReply> {
  const typed = checkedText('explain', 'the id', request.id, true);
  const ids = candidateIds(typed);
  const { people, matchers } = await context.watchlists.fresh();
  const record = await findRecord(ids, context);
  const now = context.clock();
  if (record) {
    const talk = record.kind === 'talk' ? await talkState(record.id, context) : undefined;
    const explanation: Explanation = {
      record,
      people: explainPeople(record, buildWatchlist(people)),
      channels: await explainStoredRecord(record, {
        config: context.config,
        store: context.store,
        now,
        talk,
      }),
    };
    return reply(
      `${record.kind === 'talk' ? 'Talk' : 'Paper'} ${record.id}`,
      explanation,
      [recordItem(record, matchers)],
      context,
    );
  }
  const note = await context.store.nearMisses.find(ids);
  if (note) {
    const explanation: Explanation = {
      record: null,
      people: explainNamesakes(note.namesakes),
      channels: explainNearMiss(note, context.config),
    };
    const item: ReplyItem = {
      title: note.title,
      url: note.url,
      fields: [{ name: 'Authors', value: note.authors.join(', ') }],
    };
    return reply(
      `${note.id}: never stored (seen by ${note.source} ${note.at})`,
      explanation,
      [item],
      context,
    );
  }
  const explanation: Explanation = { record: null, people: [], channels: explainUnknown(context.config) };
  return reply(
    `${typed}: unknown to the bot (${ids.join(', ') || 'not an id it can read'})`,
    explanation,
    [],
    context,
  );
}

/** What the typed text can be stored under, best guess first. */
export function candidateIds(typed: string): string[] {
  const ids: string[] = [];
  const paper = parsePaperId(typed);
  if (paper) ids.push(paper);
  if (RECORD_ID.test(typed)) ids.push(typed.replace(/^[a-z]+/i, (scheme) => scheme.toLowerCase()));
  // A feed item is stored under a hash of its guid or link.
  if (/^https?:\/\//i.test(typed)) ids.push(itemRecordId(typed));
  return [...new Set(ids)];
}

async function findRecord(
  ids: readonly string[],
  context: CommandContext,
): Promise<HeraldRecord | undefined> {
  if (ids.length === 0) return undefined;
  const canonical = await context.store.records.resolveAliases(ids);
  const lookups = [...new Set([...ids.map((id) => canonical.get(id) ?? id), ...ids])];
  return (await context.store.records.getMany(lookups)).find((record) => record !== undefined);
}

async function talkState(id: string, context: CommandContext): Promise<TalkState | undefined> {
  const states = new TalkStateRepository(context.store.backend.collection<TalkState>('talks'));
  return (await states.getMany([id]))[0];
}

function reply(
  summary: string,
  explanation: Explanation,
  recordItems: ReplyItem[],
  context: CommandContext,
): CommandReply {
  const when = (iso: string) => formatInstant(new Date(iso), context.config.timezone);
  const decision = explanation.record?.decision;
  const first = recordItems[0];
  if (first && decision) {
    first.fields = [
      ...(first.fields ?? []),
      {
        name: 'First stored',
        value: `${when(decision.at)} from ${decision.source}${decision.silent ? ` (silently: ${decision.silent})` : ''}`,
      },
    ];
  }
  const peopleItem: ReplyItem[] =
    explanation.people.length > 0
      ? [
          {
            title: 'Watched people',
            fields: explanation.people.map((entry) => ({
              name: entry.matched ? entry.person : `not ${entry.person}`,
              value: entry.text,
            })),
          },
        ]
      : [];
  const channelItems = explanation.channels.map((channel) => ({
    title: `${channel.channel}: ${channel.state} (${channel.reason})`,
    fields: [
      { name: 'Why', value: channel.text },
      ...(channel.at ? [{ name: WHEN_LABEL[channel.state], value: when(channel.at) }] : []),
    ],
  }));
  const counts = countStates(explanation.channels);
  return {
    status:
      explanation.record || explanation.channels.some((channel) => channel.reason !== 'unknown')
        ? 'ok'
        : 'empty',
    ephemeral: true,
    text: `${summary}. ${counts}`,
    items: [...recordItems, ...peopleItem, ...channelItems],
    data: explanation,
  };
}

const WHEN_LABEL: Readonly<Record<ChannelExplanation['state'], string>> = {
  announced: 'Posted',
  waiting: 'Queued',
  held: 'Queued',
  'not-announced': 'Decided',
};

function countStates(channels: readonly ChannelExplanation[]): string {
  if (channels.length === 0) return 'No channel is configured.';
  const states = ['announced', 'waiting', 'held', 'not-announced'] as const;
  const parts = states.flatMap((state) => {
    const count = channels.filter((channel) => channel.state === state).length;
    return count > 0 ? [`${state} in ${count}`] : [];
  });
  return `Channels: ${parts.join(', ')}.`;
}
