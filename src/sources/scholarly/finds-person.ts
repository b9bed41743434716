/**
 * Who each scholarly source can find: people with the ids it searches by (bioRxiv and PubMed
 * search by name too). Sources poll these people; `/status` lists a source when it has any.
 */
import type { PersonConfig, ScholarlySourceName } from '../../config/schema.js';

export const FINDS_PERSON: Readonly<Record<ScholarlySourceName, (person: PersonConfig) => boolean>> = {
  crossref: (person) => Boolean(person.orcid),
  openalex: (person) => Boolean(person.openalexId || person.orcid),
  inspire: (person) => Boolean(person.inspireId || person.orcid),
  biorxiv: () => true,
  pubmed: () => true,
  dblp: (person) => Boolean(person.dblpPid),
};
