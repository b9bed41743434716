/**
 * Names as papers and talk listings print them, and whether one is a watched person.
 *
 * A name is split into given names and a surname. Two names match when the surnames are equal
 * and the given names agree: equal when both are written out, the same initial when either is an
 * initial. So "A. Favero", "Favero*, A." and "ALESSANDRO FAVERO" are Alessandro Favero, while
 * "Andrea Favero" (a namesake) and "Faverotti" (a longer name) are not.
 */

export interface ParsedName {
  given: string[];
  surname: string[];
  /** The surname words joined: what two names must share to be the same person. */
  surnameKey: string;
}

/** Lower-case particles that belong to the surname ("Adrian Del Maestro", "Ludwig van Beethoven"). */
const SURNAME_PARTICLES = new Set([
  'de',
  'del',
  'della',
  'der',
  'di',
  'da',
  'dos',
  'das',
  'du',
  'la',
  'le',
  'van',
  'von',
  'ter',
  'ten',
  'bin',
  'al',
  'el',
  'st',
]);
/** Suffixes that are not part of the surname. */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'dr', 'prof']);

/** Lower case, no diacritics, no co-authorship marks or digits, hyphens as spaces. */
export function normaliseNameText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[*†‡§¶#^\d]+/g, ' ')
    .replace(/[^\p{L}\s,.'-]/gu, ' ')
    .replace(/['’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function tokens(text: string): string[] {
  return text
    .split(/[\s.-]+/)
    .map((token) => token.trim())
    .filter((token) => token.length > 0 && !SUFFIXES.has(token));
}

/** Words separated by white space or dots, hyphenated words kept whole ("ortiz-jimenez"). */
function words(text: string): string[] {
  return text
    .split(/[\s.]+/)
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter((word) => word.length > 0 && !SUFFIXES.has(word));
}

/**
 * Parsed names by how they were printed. The same co-authors come back on every poll, and
 * parsing (Unicode normalisation, several passes) is the costly part of matching.
 */
const parsedNames = new Map<string, ParsedName | undefined>();
const MAX_PARSED_NAMES = 100_000;

/** Splits "First Middle Last", "Last, First" and "Last, F. M." into given names and surname. */
export function parseName(raw: string): ParsedName | undefined {
  if (parsedNames.has(raw)) return parsedNames.get(raw);
  if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
  const parsed = parseNameUncached(raw);
  parsedNames.set(raw, parsed);
  return parsed;
}

function parseNameUncached(raw: string): ParsedName | undefined {
  const text = normaliseNameText(raw);
  if (!text) return undefined;
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const surname = tokens(text.slice(0, comma));
    const given = tokens(text.slice(comma + 1).replace(/,/g, ' '));
    return surname.length > 0 ? { given, surname, surnameKey: surname.join(' ') } : undefined;
  }
  const parts = words(text);
  if (parts.length === 0) return undefined;
  let start = parts.length - 1;
  while (start > 1 && SURNAME_PARTICLES.has(parts[start - 1]!)) start--;
  // Given names split at hyphens (Jean-Pierre = J.-P.); a hyphenated surname is one name of two words.
  const surname = tokens(parts.slice(start).join(' '));
  return { given: tokens(parts.slice(0, start).join(' ')), surname, surnameKey: surname.join(' ') };
}

/** Given names agree where both sides have them; a middle name on one side only is fine. */
function givenNamesAgree(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const initial = x.length === 1 || y.length === 1;
    if (initial ? x[0] !== y[0] : x !== y) return false;
  }
  return true;
}

export function namesMatch(a: ParsedName, b: ParsedName): boolean {
  return a.surnameKey === b.surnameKey && givenNamesAgree(a.given, b.given);
}

/** A watched person's name variants, parsed once. */
export interface PersonMatcher {
  personId: string;
  variants: ParsedName[];
  /** Each variant as the config writes it (same order as `variants`). */
  labels: string[];
  /** Written-out forms searched for in free text ("Alessandro Favero", "A. Favero"). */
  textPatterns: RegExp[];
}

export function personMatcher(person: {
  id: string;
  name: string;
  aliases?: readonly string[];
}): PersonMatcher {
  const written = [person.name, ...(person.aliases ?? [])];
  const parsed = written.map((label) => ({ label, name: parseName(label) }));
  const usable = parsed.filter((entry): entry is { label: string; name: ParsedName } => !!entry.name);
  const variants = usable.map((entry) => entry.name);
  return {
    personId: person.id,
    variants,
    labels: usable.map((entry) => entry.label),
    textPatterns: variants.map(textPattern),
  };
}

function textPattern(name: ParsedName): RegExp {
  const surname = name.surname.map(escapeRegExp).join('[\\s-]+');
  const first = name.given[0];
  const given =
    first === undefined
      ? ''
      : first.length === 1
        ? `${first}\\.?`
        : `(?:${escapeRegExp(first)}|${first[0]}\\.)`;
  const middle = '(?:\\s+\\p{L}+\\.?)?';
  return new RegExp(
    `(?<![\\p{L}])(?:${given}${middle}\\s+${surname}|${surname},\\s*${given})(?![\\p{L}])`,
    'iu',
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a printed name is this person. An initial in an alias ("A. Favero") lets initials
 * match, but a written-out first name must equal one the person is known by: "Andrea Favero" is
 * not Alessandro Favero just because he is also "A. Favero".
 */
export function isPerson(name: ParsedName, matcher: PersonMatcher): boolean {
  return matchingVariant(name, matcher) !== undefined;
}

/** Which of the person's variants (its index) the printed name is, by the rule of isPerson. */
export function matchingVariant(name: ParsedName, matcher: PersonMatcher): number | undefined {
  const sameSurname = matcher.variants.filter(
    (variant) => variant.surname.join(' ') === name.surname.join(' '),
  );
  const writtenOut = (n: ParsedName) => (n.given[0]?.length ?? 0) > 1;
  const comparable =
    writtenOut(name) && sameSurname.some(writtenOut) ? sameSurname.filter(writtenOut) : sameSurname;
  const found = comparable.find((variant) => namesMatch(name, variant));
  return found === undefined ? undefined : matcher.variants.indexOf(found);
}

/** Ids of the watched people among the given author or speaker names. */
export function matchPeople(names: readonly string[], matchers: readonly PersonMatcher[]): string[] {
  const parsed = names.map(parseName).filter((name): name is ParsedName => name !== undefined);
  return matchers
    .filter((matcher) => parsed.some((name) => isPerson(name, matcher)))
    .map((matcher) => matcher.personId);
}

/**
 * The watched people by surname, so matching a paper's authors costs one lookup per author
 * rather than a comparison with every watched person (a cycle matches every item it sees).
 */
export class NameIndex {
  readonly #bySurname = new Map<string, PersonMatcher[]>();

  constructor(matchers: readonly PersonMatcher[]) {
    for (const matcher of matchers) {
      for (const key of new Set(matcher.variants.map((variant) => variant.surnameKey))) {
        this.#bySurname.set(key, [...(this.#bySurname.get(key) ?? []), matcher]);
      }
    }
  }

  /** The watched people who go by this surname (a ParsedName's `surnameKey`). */
  bySurname(surnameKey: string): readonly PersonMatcher[] {
    return this.#bySurname.get(surnameKey) ?? [];
  }

  /** Ids of the watched people among these printed names, each once. */
  match(names: readonly string[]): string[] {
    const found = new Set<string>();
    for (const raw of names) {
      const name = parseName(raw);
      const candidates = name && this.#bySurname.get(name.surnameKey);
      if (!candidates) continue;
      for (const matcher of candidates) if (isPerson(name, matcher)) found.add(matcher.personId);
    }
    return [...found];
  }
}

/** Ids of the watched people named in free text, for items that carry no author field. */
export function matchPeopleInText(text: string, matchers: readonly PersonMatcher[]): string[] {
  const normalised = normaliseNameText(text.replace(/[,;:()]/g, (c) => (c === ',' ? ',' : ' ')));
  return matchers
    .filter((matcher) => matcher.textPatterns.some((pattern) => pattern.test(normalised)))
    .map((matcher) => matcher.personId);
}

/** Whether one name is any of the watched people (to show it in bold). */
export function isWatchedName(name: string, matchers: readonly PersonMatcher[]): boolean {
  return matchPeople([name], matchers).length > 0;
}

/**
 * The arXiv `au:` term for a name: `Favero_A`, `del_maestro_a`. arXiv matches surname and first
 * initial, so namesakes come back too; matchPeople sorts them out.
 */
export function arxivAuthorTerm(name: ParsedName): string | undefined {
  const surname = name.surname.join('_').replace(/[^a-z_]/g, '');
  if (!surname) return undefined;
  const initial = name.given[0]?.[0];
  return initial ? `${surname}_${initial}` : surname;
}
