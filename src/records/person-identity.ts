/**
 * Who a watched person is, apart from the id the watchlist gives them (a slug that is reused:
 * remove `favero`, add someone else, and they get `favero` again). A person is their written-out
 * names and the ids services know them by (arXiv author id, ORCID, OpenAlex, INSPIRE, DBLP). Two
 * identities are the same person when they share such an id, or when they share a written-out
 * name and no id of one kind tells them apart. Initials never identify anyone: "A. Favero" is
 * Alessandro and Andrea alike.
 */
import type { PersonConfig } from '../config/schema.js';
import { bareOrcid } from './author-identity.js';
import { parseName } from './person-names.js';

export interface PersonIdentity {
  /** Written-out names, normalised: `alessandro favero`. */
  names: string[];
  /** `kind:value`, normalised: `orcid:0000-0002-1825-0097`, `arxiv:favero_a_1`. */
  ids: string[];
}

type IdentifyingPerson = Pick<
  PersonConfig,
  'name' | 'aliases' | 'arxivAuthorId' | 'orcid' | 'openalexId' | 'inspireId' | 'dblpPid'
>;

export function identityOf(person: IdentifyingPerson): PersonIdentity {
  const ids = [
    person.arxivAuthorId && `arxiv:${person.arxivAuthorId.toLowerCase()}`,
    person.orcid && `orcid:${bareOrcid(person.orcid) ?? person.orcid.toUpperCase()}`,
    person.openalexId && `openalex:${person.openalexId.toUpperCase()}`,
    person.inspireId &&
      (/^INSPIRE-/i.test(person.inspireId)
        ? `inspire:${person.inspireId.toUpperCase()}`
        : `inspire-bai:${person.inspireId.toLowerCase()}`),
    person.dblpPid && `dblp:${person.dblpPid}`,
  ].filter((id): id is string => !!id);
  return { names: nameKeys([person.name, ...(person.aliases ?? [])]), ids };
}

/**
 * The names a person is identified by: written-out given names and the surname. Names written
 * with initials only count when the person has no other (then they are all there is).
 */
function nameKeys(written: readonly string[]): string[] {
  const full = new Set<string>();
  const initialsOnly = new Set<string>();
  for (const raw of written) {
    const name = parseName(raw);
    if (!name) continue;
    const given = name.given.filter((part) => part.length > 1);
    if (given.length > 0) full.add(`${given.join(' ')} ${name.surnameKey}`);
    else initialsOnly.add(`${name.given.join(' ')} ${name.surnameKey}`.trim());
  }
  return [...(full.size > 0 ? full : initialsOnly)];
}

const kindOf = (id: string) => id.slice(0, id.indexOf(':'));

export function sameIdentity(a: PersonIdentity, b: PersonIdentity): boolean {
  if (a.ids.some((id) => b.ids.includes(id))) return true;
  // An id of one kind on both sides that differs: two people of the same name.
  const kindsOfB = new Set(b.ids.map(kindOf));
  if (a.ids.some((id) => kindsOfB.has(kindOf(id)))) return false;
  return a.names.some((name) => b.names.includes(name));
}
