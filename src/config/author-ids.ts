/**
 * Formats of the author ids people may carry besides their ORCID, one place for the config
 * schema and the `/watch add` arguments: OpenAlex author ids, INSPIRE author ids, DBLP person ids.
 * Each takes the forms people copy from the sites (bare or as a profile URL) and returns the bare
 * id, or undefined when it is not one.
 */

/** `A5023888391`, `a5023888391`, `https://openalex.org/A5023888391`. */
export function openalexAuthorId(text: string): string | undefined {
  const match = text.trim().match(/^(?:https?:\/\/(?:api\.)?openalex\.org\/(?:authors\/)?)?(A\d{4,12})$/i);
  return match ? match[1]!.toUpperCase() : undefined;
}

/** An INSPIRE BAI (`E.Witten.1`) or INSPIRE id (`INSPIRE-00140145`). */
export function inspireAuthorId(text: string): string | undefined {
  const value = text.trim();
  if (/^INSPIRE-\d{8}$/i.test(value)) return value.toUpperCase();
  return /^(?:[\p{L}][\p{L}'-]*\.)+\d{1,3}$/u.test(value) ? value : undefined;
}

/** `34/7659`, `h/KaimingHe`, `00/1234-1`, or the dblp.org/pid/... URL of the person. */
export function dblpPersonId(text: string): string | undefined {
  const match = text
    .trim()
    .match(
      /^(?:https?:\/\/dblp\.(?:org|uni-trier\.de)\/pid\/)?([0-9a-z]{1,8}\/[0-9A-Za-z_-]{1,64})(?:\.html|\.xml)?$/i,
    );
  return match?.[1];
}

export const AUTHOR_ID_EXAMPLES = {
  openalexId: 'A5023888391',
  inspireId: 'E.Witten.1 or INSPIRE-00140145',
  dblpPid: '34/7659',
} as const;
