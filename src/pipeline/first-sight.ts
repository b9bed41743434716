/**
 * First sight, by identity: a source has "seen" a person once it has polled them successfully,
 * and it remembers who they are (names, ids: person-identity.ts), not the id string the watchlist
 * gave them. So removing and re-adding a person, or re-adding them under another id, is not first
 * sight (their backlog stays unannounced: it is stored, or older than what the source pages back
 * to), while someone else given a reused id (`favero` for Andrea Favero, then for Alessandro) is
 * first sight: their papers found on that poll are recorded silently (or the newest `backfill`).
 * Identities stay remembered after a removal, for a re-adding.
 */
import type { PersonConfig } from '../config/schema.js';
import { identityOf, type PersonIdentity, sameIdentity } from '../records/person-identity.js';
import type { SeenIdentity, SourceState } from '../store/source-state-repository.js';

/**
 * Whom a source has seen. Stores written before identities hold the ids of the people seen
 * (`peopleSeen`): those are taken to be the people who have those ids now.
 */
export function seenBy(state: SourceState, people: readonly PersonConfig[]): SeenIdentity[] {
  if (state.identitiesSeen) return state.identitiesSeen;
  const ids = new Set(state.peopleSeen ?? []);
  const since = state.firstPolledAt ?? state.lastSuccessAt ?? new Date(0).toISOString();
  return people.filter((person) => ids.has(person.id)).map((person) => seenNow(person, since));
}

/** The ids of those of `people` no identity in `seen` is. */
export function unseenPeople(people: readonly PersonConfig[], seen: readonly PersonIdentity[]): Set<string> {
  return new Set(
    people
      .filter((person) => {
        const identity = identityOf(person);
        return !seen.some((known) => sameIdentity(identity, known));
      })
      .map((person) => person.id),
  );
}

/**
 * `seen` after a successful poll of `people`: each of them as they are now (an edited alias or a
 * new id replaces what was remembered, keeping when they were first seen), and everyone else
 * remembered before kept.
 */
export function withSeen(
  seen: readonly SeenIdentity[],
  people: readonly PersonConfig[],
  now: Date,
): SeenIdentity[] {
  const kept = [...seen];
  const current: SeenIdentity[] = [];
  for (const person of people) {
    const identity = identityOf(person);
    const earlier = kept.filter((known) => sameIdentity(identity, known));
    const since = earlier.map((known) => known.since).sort()[0] ?? now.toISOString();
    for (const known of earlier) kept.splice(kept.indexOf(known), 1);
    current.push({ ...identity, personId: person.id, since });
  }
  return [...current, ...kept];
}

function seenNow(person: PersonConfig, since: string): SeenIdentity {
  return { ...identityOf(person), personId: person.id, since };
}
