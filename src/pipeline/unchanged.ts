/**
 * Whether an item a source is about to turn into a record would change nothing stored: known
 * from memory (store/known-records.ts) with the same or a later version, and no watched author
 * it does not already name. Lets a source skip cleaning the text of what it has seen before.
 */
import { matchNamedPeople, type Watchlist } from '../records/watchlist.js';
import { addsNothing, type KnownRecords } from '../store/known-records.js';

export function unchangedItems(known: KnownRecords, watchlist: Watchlist, sourcePeople: readonly string[]) {
  // An author feed's person is theirs by identity, whatever name the paper prints.
  const identified = sourcePeople.filter((id) => watchlist.identified.has(id));
  return (id: string, version: number | undefined, authors: readonly string[], published = false) => {
    const summary = known.get(id);
    if (!summary) return false;
    return addsNothing(summary, {
      version,
      published,
      people: [...identified, ...matchNamedPeople(authors, watchlist, true)],
    });
  };
}
