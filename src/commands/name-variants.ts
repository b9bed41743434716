/**
 * How a watched person's name is shown back to the admin who adds them: the written-out name, the
 * initialled forms papers print ("A. Favero", "Favero, A."), and the aliases. Matching itself is
 * done by person-names.ts, which also ignores case and accents.
 */
import { parseName } from '../records/person-names.js';

export function nameVariants(person: { name: string; aliases?: readonly string[] }): string[] {
  const variants = [person.name, ...initialled(person.name), ...(person.aliases ?? [])];
  return [...new Set(variants.map((variant) => variant.trim()).filter(Boolean))];
}

/** "A. Favero" and "Favero, A." for "Alessandro Favero" (or "Favero, Alessandro"). */
function initialled(name: string): string[] {
  const parsed = parseName(name);
  if (!parsed || parsed.given.length === 0) return [];
  const { given, surname } = splitAsWritten(name, parsed.surname.length);
  if (given.length === 0 || !surname) return [];
  const initials = given.map((word) => `${word[0]!.toUpperCase()}.`).join(' ');
  return [`${initials} ${surname}`, `${surname}, ${initials}`];
}

/** The given names and surname in the case the admin typed them. */
function splitAsWritten(name: string, surnameWords: number): { given: string[]; surname: string } {
  const comma = name.indexOf(',');
  if (comma >= 0) {
    return { given: words(name.slice(comma + 1)), surname: name.slice(0, comma).trim() };
  }
  const all = words(name);
  const split = Math.max(1, all.length - surnameWords);
  return { given: all.slice(0, split), surname: all.slice(split).join(' ') };
}

function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/\.$/, ''))
    .filter((word) => /\p{L}/u.test(word));
}
