/**
 * The rules for values a person types about the people and feeds watched (ORCIDs, arXiv,
 * OpenAlex, INSPIRE and DBLP author ids, names, feed URLs, dates) and about personal follows
 * (keywords, members), in one place: the config schema, the chat commands and the command line
 * all check with these, so what one accepts the others accept. Each check returns the value
 * normalised, or a problem phrased to follow the value's name ("orcid: is not a valid ORCID..."),
 * and depends on no validation library, so the command line can use it without loading one.
 */
import type { FollowPlatform, Member } from '../follows/follow.js';
import { parseName } from './person-names.js';

export type Checked<T = string> = { ok: true; value: T } | { ok: false; problem: string };
export type Check<T = string> = (text: string) => Checked<T>;

const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
const refuse = (problem: string): Checked<never> => ({ ok: false, problem });

/** Longest name or URL accepted: longer is a paste gone wrong. */
export const MAX_TEXT_LENGTH = 200;

const ORCID = /^(?:https?:\/\/(?:www\.)?orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\/?$/i;

/** An ORCID such as 0000-0002-1825-0097 (or its orcid.org URL); its last character is its check. */
export const checkOrcid: Check = (text) => {
  const match = ORCID.exec(text.trim());
  if (!match) return refuse('is not an ORCID such as 0000-0002-1825-0097');
  const orcid = match[1]!.toUpperCase();
  if (orcidCheckDigit(orcid.replaceAll('-', '').slice(0, 15)) !== orcid.at(-1))
    return refuse('is not a valid ORCID: its check digit is wrong');
  return accept(orcid);
};

/** Has the shape of an ORCID (check digit not verified): tells an ORCID from a name word. */
export function looksLikeOrcid(text: string): boolean {
  return ORCID.test(text.trim());
}

/** ISO 7064 mod 11-2 over the first 15 digits, as ORCID defines it. */
export function orcidCheckDigit(digits: string): string {
  let total = 0;
  for (const digit of digits) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}

/** arXiv author ids as arxiv.org/a/<id> shows them: `favero_a_1`, `garcia-perez_j_2`. */
const ARXIV_AUTHOR_ID = /^[a-z0-9][a-z0-9-]*(?:_[a-z0-9-]+)*_\d+$/i;

/** An arXiv author id, lower-cased. arXiv also serves an ORCID at /a/, but that is `orcid`'s job. */
export const checkArxivAuthorId: Check = (text) => {
  const value = text.trim();
  if (looksLikeOrcid(value)) return refuse('is an ORCID, not an arXiv author id: give it as the ORCID');
  if (!ARXIV_AUTHOR_ID.test(value))
    return refuse('is not an arXiv author id such as favero_a_1 (see arxiv.org/a/)');
  return accept(value.toLowerCase());
};

export function looksLikeArxivAuthorId(text: string): boolean {
  return ARXIV_AUTHOR_ID.test(text.trim());
}

/** `A5023888391`, `a5023888391`, `https://openalex.org/A5023888391`: the bare id, upper-cased. */
export const checkOpenalexAuthorId: Check = (text) => {
  const match = /^(?:https?:\/\/(?:api\.)?openalex\.org\/(?:authors\/)?)?(A\d{4,12})$/i.exec(text.trim());
  return match
    ? accept(match[1]!.toUpperCase())
    : refuse(`is not an OpenAlex author id such as ${AUTHOR_ID_EXAMPLES.openalexId}`);
};

/** An INSPIRE BAI (`E.Witten.1`) or INSPIRE id (`INSPIRE-00140145`). */
export const checkInspireAuthorId: Check = (text) => {
  const value = text.trim();
  if (/^INSPIRE-\d{8}$/i.test(value)) return accept(value.toUpperCase());
  return /^(?:[\p{L}][\p{L}'-]*\.)+\d{1,3}$/u.test(value)
    ? accept(value)
    : refuse(`is not an INSPIRE author id such as ${AUTHOR_ID_EXAMPLES.inspireId}`);
};

/** `34/7659`, `h/KaimingHe`, `00/1234-1`, or the dblp.org/pid/... URL of the person. */
export const checkDblpPid: Check = (text) => {
  const match =
    /^(?:https?:\/\/dblp\.(?:org|uni-trier\.de)\/pid\/)?([0-9a-z]{1,8}\/[0-9A-Za-z_-]{1,64})(?:\.html|\.xml)?$/i.exec(
      text.trim(),
    );
  return match ? accept(match[1]!) : refuse(`is not a DBLP person id such as ${AUTHOR_ID_EXAMPLES.dblpPid}`);
};

export const AUTHOR_ID_EXAMPLES = {
  openalexId: 'A5023888391',
  inspireId: 'E.Witten.1 or INSPIRE-00140145',
  dblpPid: '34/7659',
} as const;

/** A watched person's full name: what the name matcher can read, within the length limit. */
export const checkPersonName: Check = (text) => {
  const name = text.trim();
  if (name.length > MAX_TEXT_LENGTH) return refuse(tooLong(name));
  if (name.length < 3 || !parseName(name)) return refuse('is not a full name such as "Alessandro Favero"');
  return accept(name);
};

/** An http:// or https:// URL with a host. */
export const checkHttpUrl: Check = (text) => {
  const value = text.trim();
  return isHttpUrl(value) && new URL(value).hostname
    ? accept(value)
    : refuse('is not an http:// or https:// URL');
};

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `2024`, `2024-05` or `2024-05-17`, as the first instant of that period in UTC. */
export const checkSince: Check<Date> = (text) => {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  const [year, month = '01', day = '01'] = match?.slice(1) ?? [];
  const iso = `${year}-${month}-${day}`;
  const date = match ? new Date(`${iso}T00:00:00Z`) : undefined;
  // new Date() rolls 2024-02-30 over to March: the day must come back unchanged.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return refuse('is not a date such as 2024, 2024-05 or 2024-05-17');
  return accept(date);
};

function tooLong(text: string): string {
  return `is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are accepted`;
}

/** A followed keyword longer than this is a paste gone wrong. */
export const MAX_KEYWORD_LENGTH = 100;

/** The words of `keyword:<words>` (quotes dropped, spaces collapsed): not empty, at most 100 characters. */
export function checkFollowKeyword(raw: string): Checked<string> {
  const words = raw.replaceAll('"', ' ').replace(/\s+/g, ' ').trim();
  if (!words) return { ok: false, problem: 'is empty; give the words to follow, e.g. keyword:diffusion' };
  if (words.length > MAX_KEYWORD_LENGTH)
    return {
      ok: false,
      problem: `is ${words.length} characters long; at most ${MAX_KEYWORD_LENGTH} are accepted`,
    };
  return { ok: true, value: words };
}

/** A member as the command line names them: `discord:<snowflake>` or `slack:<user id>`. */
export function checkMemberText(text: string): Checked<Member> {
  const match = /^(discord|slack):(.+)$/i.exec(text.trim());
  const platform = match?.[1]?.toLowerCase() as FollowPlatform | undefined;
  const userId = match?.[2]?.trim() ?? '';
  if (platform === 'discord' && /^\d{5,25}$/.test(userId)) return { ok: true, value: { platform, userId } };
  if (platform === 'slack' && /^[UW][A-Z0-9]{2,}$/.test(userId))
    return { ok: true, value: { platform, userId } };
  return {
    ok: false,
    problem: 'is not a member such as discord:123456789012345678 or slack:U012AB3CD',
  };
}
