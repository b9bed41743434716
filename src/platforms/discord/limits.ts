/**
 * Discord's size limits, and trimming that respects them without breaking a word or a link: text is
 * only ever cut at whitespace outside a URL, a masked link or a timestamp tag, so a reader never gets
 * half a URL that leads somewhere else.
 */
import type { APIEmbed } from 'discord-api-types/v10';

/** From https://discord.com/developers/docs/resources/message#embed-object-embed-limits and the create-message docs. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  /** Sum of all embed text in one message. */
  embedTotal: 6000,
  threadName: 100,
  choiceName: 100,
  choiceValue: 100,
  choices: 25,
} as const;

export const ELLIPSIS = '…';

/** Things that must stay whole: masked links (label may be escaped), bare or <wrapped> URLs, <t:...> tags. */
const ATOMIC =
  /\[(?:\\.|[^\]\\\n])*\]\(<?https?:\/\/[^\s)>]+>?\)|<?https?:\/\/[^\s>]+>?|<t:-?\d+(?::[tTdDfFsSR])?>/g;

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, which never undercounts Discord's count),
 * at the last whitespace that is not inside a link, and marks the cut with an ellipsis.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = max - ELLIPSIS.length;
  if (budget <= 0) return '';
  const cut = lastSafeCut(text, budget);
  const kept = cut > 0 ? text.slice(0, cut).trimEnd() : hardCut(text, budget);
  return `${kept}${ELLIPSIS}`;
}

/** Joins whole parts while they fit in `max`; the rest are summarised by `more(count)` (also counted). */
export function joinWithin(
  parts: readonly string[],
  separator: string,
  max: number,
  more: (omitted: number) => string,
): string {
  const full = parts.join(separator);
  if (full.length <= max) return full;
  for (let kept = parts.length - 1; kept >= 0; kept--) {
    const head = parts.slice(0, kept).join(separator);
    const tail = more(parts.length - kept);
    const joined = kept === 0 ? tail : `${head}${separator}${tail}`;
    if (joined.length <= max) return joined;
  }
  return truncateText(more(parts.length), max);
}

/** Collapses runs of whitespace (newlines included) to single spaces: titles, names, thread names. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Applies every embed limit: each part to its own maximum, then the 6000-character total by
 * shortening the description and dropping trailing fields.
 */
export function clampEmbed(embed: APIEmbed): APIEmbed {
  const clamped: APIEmbed = { ...embed };
  if (clamped.title !== undefined) clamped.title = truncateText(clamped.title, DISCORD_LIMITS.embedTitle);
  if (clamped.description !== undefined) {
    clamped.description = truncateText(clamped.description, DISCORD_LIMITS.embedDescription);
  }
  if (clamped.footer)
    clamped.footer = { ...clamped.footer, text: truncateText(clamped.footer.text, DISCORD_LIMITS.footer) };
  if (clamped.author)
    clamped.author = { ...clamped.author, name: truncateText(clamped.author.name, DISCORD_LIMITS.author) };
  if (clamped.fields) {
    clamped.fields = clamped.fields.slice(0, DISCORD_LIMITS.fields).map((field) => ({
      ...field,
      name: truncateText(field.name, DISCORD_LIMITS.fieldName),
      value: truncateText(field.value, DISCORD_LIMITS.fieldValue),
    }));
  }
  return fitEmbedTotal(clamped);
}

/** Characters Discord counts towards the 6000 limit of an embed. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    fields
  );
}

function fitEmbedTotal(embed: APIEmbed): APIEmbed {
  let excess = embedLength(embed) - DISCORD_LIMITS.embedTotal;
  if (excess <= 0) return embed;
  const fitted = { ...embed, fields: [...(embed.fields ?? [])] };
  if (fitted.description) {
    const shorter = truncateText(fitted.description, Math.max(0, fitted.description.length - excess));
    excess -= fitted.description.length - shorter.length;
    fitted.description = shorter;
  }
  while (excess > 0 && fitted.fields.length > 0) {
    const dropped = fitted.fields.pop()!;
    excess -= dropped.name.length + dropped.value.length;
  }
  return fitted;
}

function lastSafeCut(text: string, budget: number): number {
  const insideAtom = new Uint8Array(text.length + 1);
  for (const match of text.matchAll(ATOMIC)) {
    insideAtom.fill(1, match.index + 1, match.index + match[0].length);
  }
  for (let index = Math.min(budget, text.length - 1); index > 0; index--) {
    if (!insideAtom[index] && /\s/.test(text.charAt(index))) return index;
  }
  return 0;
}

/** One word longer than the whole budget: cut it, but before any link it would split. */
function hardCut(text: string, budget: number): string {
  let end = isHighSurrogate(text.charCodeAt(budget - 1)) ? budget - 1 : budget;
  for (const match of text.matchAll(ATOMIC)) {
    if (match.index < end && match.index + match[0].length > end) end = match.index;
  }
  return text.slice(0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
