/**
 * Builds the FTS5 MATCH expression. Every word goes in double quotes, so nothing a user types
 * (AND, NEAR, a stray parenthesis or colon) is read as FTS5 syntax. Free text is confined to the
 * text columns; `kind` and `people` are only reached through the filters.
 */
import { parseName } from '../records/person-names.js';
import type { RecordKind } from '../records/record.js';
import { personToken } from './index-document.js';
import { TEXT_COLUMNS } from './index-schema.js';
import { splitWords } from './words.js';

/** One query term after typo correction and prefix expansion: any alternative may match. */
export interface ExpandedTerm {
  /** Words or phrases (words separated by spaces). */
  alternatives: string[];
  /** Also match index terms starting with this. */
  prefix?: string;
}

/** Records of a watched person (by id) or by anyone of these names. */
export interface AuthorFilter {
  personIds: readonly string[];
  names: readonly string[];
}

export interface MatchFilters {
  kind?: RecordKind;
  author?: AuthorFilter;
}

/** Columns free text is searched in (all text columns unless narrowed, e.g. to the title). */
export type TextColumns = readonly string[];

export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function termExpression(term: ExpandedTerm): string {
  const parts = term.alternatives.map(ftsString);
  if (term.prefix) parts.push(`${ftsString(term.prefix)}*`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** Surname, and the first given name when written out: initials would match too widely. */
function nameExpression(name: string): string | undefined {
  const parsed = parseName(name);
  if (!parsed) return undefined;
  const parts = [ftsString(splitWords(parsed.surname.join(' ')).join(' '))];
  const given = parsed.given[0];
  if (given && given.length > 1) parts.push(ftsString(given));
  return parts.join(' AND ');
}

function authorExpression(author: AuthorFilter): string | undefined {
  const alternatives = [
    ...author.personIds.map((id) => `people : ${ftsString(personToken(id))}`),
    ...author.names
      .map(nameExpression)
      .filter((expression): expression is string => !!expression)
      .map((expression) => `authors : (${expression})`),
  ];
  return alternatives.length === 0 ? undefined : `(${alternatives.join(' OR ')})`;
}

/** The whole expression, or undefined when there is nothing to match (list by date instead). */
export function matchExpression(
  terms: readonly ExpandedTerm[],
  filters: MatchFilters,
  columns: TextColumns = TEXT_COLUMNS,
): string | undefined {
  const parts: string[] = [];
  if (terms.length > 0) {
    parts.push(`{${columns.join(' ')}} : (${terms.map(termExpression).join(' AND ')})`);
  }
  if (filters.kind) parts.push(`kind : ${ftsString(filters.kind)}`);
  if (filters.author) {
    // A name with no usable letters must still filter, not widen: match a token no record has
    // (person tokens all start with "p").
    parts.push(authorExpression(filters.author) ?? `people : ${ftsString('qnone')}`);
  }
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}
