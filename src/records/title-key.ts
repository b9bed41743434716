/**
 * The key two versions of a paper share when no source links them: the normalised title. It is
 * only a candidate: the join also needs a watched author in common and dates within two years
 * (see announce/paper-join.ts). Titles too short or too generic to tell papers apart get no key.
 */
import { shortHash } from './identifiers.js';

const MIN_WORDS = 4;
const MIN_CHARS = 24;
/** Notices that many papers share a title with ("Erratum", "Reply to ..."). */
const GENERIC =
  /^(?:erratum|errata|corrigendum|correction|retraction|retracted|withdrawn|addendum|editorial|preface|introduction|reply|response|comment|author correction|publisher s note|expression of concern)\b/;

/** Lower case, no diacritics, no markup, every run of non-alphanumerics one space. */
export function normaliseTitle(title: string): string {
  return title
    .replace(/<[^>]*>/g, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `title:<hash>` for a title specific enough to join on, else undefined. */
export function titleKey(title: string): string | undefined {
  const normalised = normaliseTitle(title);
  if (normalised.length < MIN_CHARS || normalised.split(' ').length < MIN_WORDS) return undefined;
  if (GENERIC.test(normalised)) return undefined;
  return `title:${shortHash(normalised)}`;
}
