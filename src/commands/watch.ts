/**
 * /watch add|remove|list (admins). Adding answers with what was understood: the name variants
 * that will match, the arXiv query, the newest papers arXiv has for the person now, and stored
 * papers already matching, so the admin sees whether it is the right person before anything is
 * announced. Changes go to the store and take effect at the next poll.
 */
import { type PersonConfig, personSchema } from '../config/schema.js';
import { matchPeople, personMatcher } from '../records/person-names.js';
import type { HeraldRecord, PaperRecord } from '../records/record.js';
import {
  type Check,
  checkArxivAuthorId,
  checkDblpPid,
  checkInspireAuthorId,
  checkOpenalexAuthorId,
  checkOrcid,
  checkPersonName,
} from '../records/validators.js';
import { hasArxivIdentity } from '../sources/arxiv/arxiv-identity.js';
import { authorTerms } from '../sources/arxiv/arxiv-query.js';
import { checkedText, checkedValue } from './arguments.js';
import type { Caller, CommandReply, CommandRequest, ReplyItem } from './command.js';
import { type CommandContext, changedBy } from './context.js';
import { personIdFor } from './ids.js';
import { nameVariants } from './name-variants.js';
import { CommandArgumentError } from './parse-text.js';
import { recordItem } from './record-items.js';

type WatchRequest = Extract<CommandRequest, { name: 'watch' }>;
type WatchAdd = Extract<WatchRequest, { action: 'add' }>;

const PREVIEW_PAPERS = 5;

export function runWatch(
  request: WatchRequest,
  caller: Caller,
  context: CommandContext,
): Promise<CommandReply> {
  switch (request.action) {
    case 'add':
      return addPerson(request, caller, context);
    case 'remove':
      return removePerson(request.id, caller, context);
    case 'list':
      return listPeople(context);
  }
}

async function addPerson(request: WatchAdd, caller: Caller, context: CommandContext): Promise<CommandReply> {
  const name = checkedValue(
    'watch',
    checkPersonName,
    checkedText('watch', 'the name', request.personName, true),
  );
  const arxivText = checkedText('watch', 'the arXiv author id', request.arxivAuthorId, false);
  const orcidText = checkedText('watch', 'the ORCID', request.orcid, false);
  const arxivAuthorId =
    arxivText === undefined ? undefined : checkedValue('watch', checkArxivAuthorId, arxivText);
  const orcid = orcidText === undefined ? undefined : checkedValue('watch', checkOrcid, orcidText);
  const ids = { arxivAuthorId, orcid, ...scholarlyIds(request) };
  const { people } = await context.watchlists.fresh();
  refuseDuplicate(name, ids, people);
  const id = personIdFor(name, new Set(people.map((person) => person.id)));
  const parsed = personSchema.safeParse({ id, name, aliases: [], ...ids });
  if (!parsed.success)
    throw new CommandArgumentError('watch', parsed.error.issues[0]?.message ?? 'invalid person');
  const person = parsed.data;
  await context.store.watchlist.addPerson(person, changedBy(caller), context.clock(), inConfig(id, context));
  context.watchlists.invalidate();
  return describeAddition(person, context);
}

/** The DBLP, OpenAlex and INSPIRE ids given, checked and in their stored form. */
function scholarlyIds(request: WatchAdd): Partial<Record<ScholarlyIdField, string>> {
  const ids: Partial<Record<ScholarlyIdField, string>> = {};
  for (const [field, label] of SCHOLARLY_ID_LABELS) {
    const text = checkedText('watch', `the ${label}`, request[field], false);
    if (text !== undefined) ids[field] = checkedValue('watch', SCHOLARLY_ID_CHECKS[field], text);
  }
  return ids;
}

type ScholarlyIdField = 'dblpPid' | 'openalexId' | 'inspireId';
const SCHOLARLY_ID_CHECKS: Readonly<Record<ScholarlyIdField, Check>> = {
  dblpPid: checkDblpPid,
  openalexId: checkOpenalexAuthorId,
  inspireId: checkInspireAuthorId,
};
const SCHOLARLY_ID_LABELS: readonly [ScholarlyIdField, string][] = [
  ['dblpPid', 'DBLP person id'],
  ['openalexId', 'OpenAlex author id'],
  ['inspireId', 'INSPIRE author id'],
];
type PersonIds = Partial<Pick<PersonConfig, 'arxivAuthorId' | 'orcid' | ScholarlyIdField>>;

function refuseDuplicate(name: string, ids: PersonIds, people: readonly PersonConfig[]): void {
  const sameName = people.find((person) => matchPeople([name], [personMatcher(person)]).length > 0);
  const sameId = people.find((person) =>
    (Object.keys(ids) as (keyof PersonIds)[]).some(
      (field) => ids[field] && person[field]?.toLowerCase() === ids[field]!.toLowerCase(),
    ),
  );
  const existing = sameId ?? sameName;
  if (existing) {
    throw new CommandArgumentError('watch', `${existing.name} is already watched (id ${existing.id})`);
  }
}

async function describeAddition(person: PersonConfig, context: CommandContext): Promise<CommandReply> {
  const matchers = [personMatcher(person)];
  const variants = nameVariants(person);
  const query = arxivQueryOf(person);
  const preview = await previewPapers(person, context);
  const stored = await storedPapers(person, context);
  const items: ReplyItem[] = [
    {
      title: `${person.name} (id ${person.id})`,
      fields: [
        { name: 'Names matched', value: variants.join('; ') },
        { name: 'arXiv', value: query },
        ...foundElsewhere(person),
        { name: 'Newest on arXiv now', value: preview.note },
      ],
    },
    ...preview.papers.map((paper) => recordItem(paper, matchers)),
    ...stored.map((record) => recordItem(record, matchers)),
  ];
  const storedNote =
    stored.length > 0 ? ` ${stored.length} stored paper(s) already match the name (listed last).` : '';
  return {
    status: 'ok',
    ephemeral: true,
    text: `Now watching ${person.name} as "${person.id}"; the next poll looks for their papers.${storedNote}`,
    items,
    data: { person, variants, arxivQuery: query, preview: preview.papers, stored },
  };
}

function arxivQueryOf(person: PersonConfig): string {
  if (person.arxivAuthorId) return `author feed arxiv.org/a/${person.arxivAuthorId}`;
  if (person.orcid) return `author feed of ORCID ${person.orcid}`;
  return authorTerms(person).join(' OR ') || '(no usable arXiv author term)';
}

/** The ids other sources find the person by (DBLP, OpenAlex, INSPIRE), as a reply field. */
function foundElsewhere(person: PersonConfig): { name: string; value: string }[] {
  const ids = SCHOLARLY_ID_LABELS.flatMap(([field, label]) =>
    person[field] ? [`${label} ${person[field]}`] : [],
  );
  return ids.length > 0 ? [{ name: 'Also by', value: ids.join('; ') }] : [];
}

async function previewPapers(person: PersonConfig, context: CommandContext) {
  if (!context.preview)
    return { papers: [] as PaperRecord[], note: 'not fetched here (no arXiv access in this process)' };
  try {
    const papers = (await context.preview(person, PREVIEW_PAPERS)).slice(0, PREVIEW_PAPERS);
    const note = papers.length === 0 ? 'none found' : `${papers.length} paper(s), listed below`;
    return { papers, note };
  } catch (error) {
    context.logger?.warn({ err: error, person: person.id }, 'arXiv preview failed');
    return { papers: [] as PaperRecord[], note: `could not be fetched: ${(error as Error).message}` };
  }
}

/** Papers the store already has under the person's name (older ones, not announced). */
async function storedPapers(person: PersonConfig, context: CommandContext): Promise<HeraldRecord[]> {
  await context.search.sync();
  const results = await context.search.search({
    terms: [],
    kind: 'paper',
    author: { personIds: [], names: [person.name, ...person.aliases] },
    offset: 0,
    limit: 20,
  });
  const records = await context.store.records.getMany(results.hits.map((hit) => hit.id));
  const matcher = [personMatcher(person)];
  // The index matches surnames; the name matcher also checks the given names.
  return records
    .filter((record): record is HeraldRecord => !!record && record.kind === 'paper')
    .filter((record) => record.kind === 'paper' && matchPeople(record.authors, matcher).length > 0)
    .slice(0, PREVIEW_PAPERS);
}

async function removePerson(idText: string, caller: Caller, context: CommandContext): Promise<CommandReply> {
  const id = checkedText('watch', 'the id', idText, true).toLowerCase();
  const { people } = await context.watchlists.fresh();
  const person = people.find((candidate) => candidate.id === id);
  if (!person) {
    const known = people.map((candidate) => candidate.id).join(', ') || 'nobody is watched';
    throw new CommandArgumentError('watch', `no watched person has the id "${id}" (known: ${known})`);
  }
  await context.store.watchlist.removePerson(id, changedBy(caller), context.clock(), inConfig(id, context));
  context.watchlists.invalidate();
  return {
    status: 'ok',
    ephemeral: true,
    text: `No longer watching ${person.name} ("${id}"), from the next poll on. What was announced stays.`,
    data: { removed: person },
  };
}

/** The config file's person with this id: a chat change is made over it (watchlist-repository.ts). */
function inConfig(id: string, context: CommandContext): PersonConfig | undefined {
  return context.config.people.find((person) => person.id === id);
}

async function listPeople(context: CommandContext): Promise<CommandReply> {
  const { people } = await context.watchlists.fresh();
  if (people.length === 0)
    return { status: 'empty', ephemeral: true, text: 'Nobody is watched yet.', data: [] };
  return {
    status: 'ok',
    ephemeral: true,
    text: `${people.length} watched ${people.length === 1 ? 'person' : 'people'}`,
    items: people.map((person) => ({
      title: person.name,
      fields: [
        { name: 'Id', value: person.id },
        ...(person.aliases.length > 0 ? [{ name: 'Also', value: person.aliases.join('; ') }] : []),
        { name: 'Found by', value: hasArxivIdentity(person) ? arxivQueryOf(person) : 'name search on arXiv' },
        ...foundElsewhere(person),
      ],
    })),
    data: people,
  };
}
