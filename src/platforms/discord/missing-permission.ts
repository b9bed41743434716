/**
 * What a Discord refusal means the bot lacks. Discord says only "Missing Access" (50001: it
 * cannot see the channel) or "Missing Permissions" (50013), never which permission; the request
 * that was refused says it: reading the channel needs View Channel, posting in it Send Messages
 * (and Embed Links, announcements being embeds), starting the thread Create Public Threads,
 * replying in it Send Messages in Threads, a reply with a file Attach Files.
 */
import { DiscordAPIError } from '@discordjs/rest';
import type { PostKind } from '../../announce/chat-platform.js';
import { DiscordCodes, DiscordDeliveryError } from './errors.js';

export function missingDiscordPermission(error: unknown, post: PostKind): string | undefined {
  if (!(error instanceof DiscordDeliveryError)) return undefined;
  const request = refusedRequest(error);
  if (error.code === 'DISCORD_UNAUTHORIZED') return 'a valid DISCORD_TOKEN: Discord refused the token';
  if (error.code === 'DISCORD_UNKNOWN_CHANNEL')
    return 'a channel it can find: no channel has this id, or it is in a server the bot is not in (copy the id with Developer Mode on: right-click the channel > Copy Channel ID)';
  if (error.discordCode === DiscordCodes.missingAccess)
    return post === 'head'
      ? 'the View Channel permission in this channel'
      : 'the View Channel and Send Messages in Threads permissions (it cannot see the thread)';
  if (error.code !== 'DISCORD_MISSING_PERMISSIONS') return undefined;
  if (request.method === 'POST' && /\/messages\/\d+\/threads$/.test(request.path))
    return 'the Create Public Threads permission';
  if (request.method === 'POST' && /\/threads$/.test(request.path))
    return 'the Send Messages permission (Create Posts, in a forum)';
  if (post === 'file') return 'the Attach Files permission';
  if (post === 'reply') return 'the Send Messages in Threads permission';
  return 'the Send Messages and Embed Links permissions';
}

function refusedRequest(error: DiscordDeliveryError): { method: string; path: string } {
  const cause = error.cause;
  if (!(cause instanceof DiscordAPIError)) return { method: '', path: '' };
  let path = cause.url;
  try {
    path = new URL(cause.url).pathname;
  } catch {
    // Not a URL: keep what the library gave.
  }
  return { method: cause.method.toUpperCase(), path };
}
