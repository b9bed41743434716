/**
 * What every scholarly source is as a Source: a paper source on the scholarly schedule, polling
 * the watched people it can find (FINDS_PERSON), with a label for logs and `/status` and a
 * fingerprint of what it was built from (a paused source whose config changes is resumed).
 */
import type { PersonConfig, ScholarlySourceName } from '../../config/schema.js';
import type { PollContext, PollResult, Source } from '../source.js';
import { FINDS_PERSON } from './finds-person.js';

export interface ScholarlySourceSpec {
  id: ScholarlySourceName;
  /** Everyone watched; the source keeps those it can find. */
  people: readonly PersonConfig[];
  /** Narrower than FINDS_PERSON where the source needs more (a name it can search by). */
  finds?: (person: PersonConfig) => boolean;
  /** `Crossref (3 people by ORCID)`, from the people kept. */
  label: (people: readonly PersonConfig[]) => string;
  /** The endpoint and what is asked about each person. */
  fingerprint: (people: readonly PersonConfig[]) => unknown;
}

export abstract class ScholarlySource implements Source {
  readonly id: ScholarlySourceName;
  readonly kind = 'paper' as const;
  readonly schedule = 'scholarly' as const;
  readonly announceAll = false;
  readonly label: string;
  readonly personIds: readonly string[];
  readonly fingerprint: string;
  protected readonly people: readonly PersonConfig[];

  constructor(spec: ScholarlySourceSpec) {
    this.id = spec.id;
    this.people = spec.people.filter(spec.finds ?? FINDS_PERSON[spec.id]);
    this.personIds = this.people.map((person) => person.id);
    this.label = spec.label(this.people);
    this.fingerprint = JSON.stringify(spec.fingerprint(this.people));
  }

  abstract poll(context: PollContext): Promise<PollResult>;
}
