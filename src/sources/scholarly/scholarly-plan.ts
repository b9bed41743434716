/**
 * Which scholarly sources a deployment polls and for whom, and why one switched on is off: what
 * `/status`, `/feed resume` and the runtime need to know without loading the sources' clients.
 */
import type { HeraldEnv } from '../../config/env.js';
import type { HeraldConfig, PersonConfig } from '../../config/schema.js';
import { FINDS_PERSON } from './finds-person.js';

export const SCHOLARLY_SOURCE_NAMES = [
  'crossref',
  'openalex',
  'inspire',
  'biorxiv',
  'pubmed',
  'dblp',
] as const;

export type ScholarlyEnv = Pick<HeraldEnv, 'scholarly' | 'openalexApiKey' | 'pubmedApiKey'>;

/** Why a source switched on in the config is not polled, by source id. */
export function scholarlySourcesOff(config: HeraldConfig, env: ScholarlyEnv): Record<string, string> {
  return config.openalex.enabled && !env.openalexApiKey
    ? { openalex: 'off: OPENALEX_API_KEY is not set' }
    : {};
}

/** The sources switched on, with the people each can find (those with nobody to find left out). */
export function scholarlyPlan(config: HeraldConfig, people: readonly PersonConfig[]) {
  return SCHOLARLY_SOURCE_NAMES.filter((name) => config[name].enabled)
    .map((name) => ({ name, people: people.filter(FINDS_PERSON[name]) }))
    .filter((entry) => entry.people.length > 0);
}
