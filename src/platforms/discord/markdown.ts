/**
 * Making untrusted feed text safe to show in Discord markdown. Escaping keeps a title's `*` or `_`
 * literal; mentions get a zero-width space so they read as text even where allowed_mentions does
 * not apply (embeds never ping, but a copy-pasted `<@&id>` should still not look like a role).
 * URLs are left untouched: an escaped URL would lead somewhere else.
 */
import { escapeMarkdown } from '@discordjs/formatters';

const ZERO_WIDTH_SPACE = '\u200b';
const BARE_URL = /https?:\/\/[^\s<>]+/g;

/** Neutralises `@everyone`, `@here`, user/role/channel mentions and slash-command mentions. */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/@(?=everyone\b|here\b)/gi, `@${ZERO_WIDTH_SPACE}`)
    .replace(/<(?=[@#]|\/\w)/g, `<${ZERO_WIDTH_SPACE}`);
}

/** Plain text from a feed, made literal for Discord markdown; URLs stay clickable and whole. */
export function escapeUntrusted(text: string): string {
  let escaped = '';
  let last = 0;
  for (const match of text.matchAll(BARE_URL)) {
    escaped += escapePlain(text.slice(last, match.index));
    escaped += match[0];
    last = match.index + match[0].length;
  }
  return escaped + escapePlain(text.slice(last));
}

/** Text used as the label of a masked link `[label](url)`: brackets must not end the label early. */
export function escapeLinkLabel(text: string): string {
  return escapeUntrusted(text).replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}

/** A masked link that shows no preview; plain escaped label when the URL is not a usable http(s) URL. */
export function maskedLink(label: string, url: string | undefined): string {
  const safe = url === undefined ? undefined : safeUrl(url);
  return safe ? `[${escapeLinkLabel(label)}](<${safe}>)` : escapeUntrusted(label);
}

/**
 * An http(s) URL Discord will accept in an embed or a link, with the characters that would end
 * markdown link syntax percent-encoded; undefined for anything else (javascript:, garbage).
 */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    const href = parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return href.length <= 2048 ? href : undefined;
  } catch {
    return undefined;
  }
}

/** Bold unless empty; whitespace moved outside the markers, where Discord expects it. */
export function bold(markdown: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(markdown);
  if (!match?.[2]) return markdown;
  return `${match[1]}**${match[2]}**${match[3]}`;
}

/** Text inside a code block: a run of three backticks would close the block early, so break it up. */
export function codeBlockSafe(text: string): string {
  return text.replace(/`(?=`)/g, `\`${ZERO_WIDTH_SPACE}`);
}

function escapePlain(text: string): string {
  const escaped = escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  });
  // escapeMarkdown leaves block quotes alone; a line starting with `>` would quote the rest.
  return neutraliseMentions(escaped.replace(/^(\s*)>/gm, '$1\\>'));
}
