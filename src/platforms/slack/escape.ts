/**
 * Making feed text safe for Slack mrkdwn. Slack parses `<...>` as links and mentions and `&...;` as
 * entities, so `&`, `<` and `>` are always escaped (https://api.slack.com/reference/surfaces/formatting#escaping):
 * a title containing `<!channel>` or `<@U123>` is then shown as text and notifies no one.
 */

/** Formatting delimiters of mrkdwn and harmless lookalikes that Slack does not interpret. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // asterisk operator
  _: '\uFF3F', // fullwidth low line
  '~': '\u223C', // tilde operator
  '`': '\u02CB', // modifier letter grave accent
};

/**
 * A delimiter only opens or closes formatting next to a word boundary (start, end, whitespace or
 * punctuation). Mid-word ones (`snake_case`, `p*q`) are left alone so ordinary text stays as typed.
 */
const DELIMITER_AT_BOUNDARY = /(?<=^|[\s\p{P}])[*_~`]|[*_~`](?=$|[\s\p{P}])/gu;

export function escapeEntities(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Feed text to show inside mrkdwn exactly as written: no mentions, links, formatting or quotes. */
export function escapeText(text: string): string {
  const neutral = text.replace(DELIMITER_AT_BOUNDARY, (char) => LOOKALIKES[char] ?? char);
  // A line starting with `>` would become a block quote; a zero-width space in front prevents it.
  return escapeEntities(neutral).replace(/^&gt;/gm, '\u200B&gt;');
}

/** Text for a ``` code block: entities escaped, and a ``` inside can no longer close the block. */
export function escapeCode(text: string): string {
  return escapeEntities(text).replaceAll('```', '`\u200B`\u200B`');
}

export function codeBlock(escapedCode: string): string {
  return `\`\`\`${escapedCode}\`\`\``;
}

/**
 * A URL made safe to stand inside `<url|label>`: characters that would end the link or start a
 * label are percent-encoded, and `&` is written `&amp;` as in all Slack text (Slack's own links
 * arrive that way). Only http(s) and mailto links are made clickable.
 */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return undefined;
  return trimmed.replace(/[<>|\s]/g, (char) => encodeURIComponent(char)).replaceAll('&', '&amp;');
}

/** `<url|label>` with the label escaped; the bare escaped label when the URL is not usable. */
export function link(url: string | undefined, label: string): string {
  const target = url === undefined ? undefined : safeUrl(url);
  const text = escapeText(label.trim());
  return target ? `<${target}|${text}>` : text;
}

/** Bold for already escaped text: Slack ignores `*` next to whitespace, so the text is trimmed. */
export function bold(escaped: string): string {
  const trimmed = escaped.trim();
  return trimmed ? `*${trimmed}*` : '';
}
