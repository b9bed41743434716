/**
 * Discord failures, classified once. @discordjs/rest has already waited out 429s and retried 5xx
 * and timeouts by the time an error reaches us, so what is left is either permanent (the bot may
 * not post there, the channel is gone, the payload is refused) or transient (Discord is down).
 * The outbox retries only transient ones.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from '@discordjs/rest';
import { DeliveryError, RecipientUnreachableError } from '../../announce/delivery-error.js';
import { HeraldError } from '../../errors.js';

export type DiscordErrorCode =
  | 'DISCORD_UNAUTHORIZED'
  | 'DISCORD_MISSING_ACCESS'
  | 'DISCORD_MISSING_PERMISSIONS'
  | 'DISCORD_UNKNOWN_CHANNEL'
  | 'DISCORD_NOT_FOUND'
  | 'DISCORD_REJECTED'
  | 'DISCORD_RATE_LIMITED'
  | 'DISCORD_UNAVAILABLE'
  | 'DISCORD_TIMEOUT'
  | 'DISCORD_NETWORK';

export class DiscordDeliveryError extends DeliveryError {
  constructor(
    override readonly code: DiscordErrorCode,
    message: string,
    /** True when retrying the same request cannot succeed (access, unknown channel, bad payload). */
    permanent: boolean,
    /** HTTP status, when Discord answered. */
    readonly status?: number,
    /** Discord's JSON error code (50013, 10003, ...), when it sent one. */
    readonly discordCode?: number,
    options?: ErrorOptions,
  ) {
    super(code, message, permanent, options);
  }
}

/** Login or setup of the gateway client failed (bad token, unreachable API). */
export class DiscordLoginError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('DISCORD_LOGIN_FAILED', message, options);
  }
}

/** JSON error codes from https://discord.com/developers/docs/topics/opcodes-and-status-codes. */
export const DiscordCodes = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  missingAccess: 50001,
  missingPermissions: 50013,
  threadAlreadyCreated: 160004,
  unknownUser: 10013,
  cannotSendMessagesToThisUser: 50007,
  noMutualGuilds: 50278,
} as const;

/** A direct message refused because of the member: DMs closed, blocked, gone, or no server in common. */
const UNREACHABLE_MEMBER = new Set<number>([
  DiscordCodes.unknownUser,
  DiscordCodes.cannotSendMessagesToThisUser,
  DiscordCodes.noMutualGuilds,
]);

/** As toDeliveryError, for a member's direct messages: refusals because of the member say so. */
export function toDirectDeliveryError(
  error: unknown,
  action: string,
): DiscordDeliveryError | RecipientUnreachableError {
  if (error instanceof RecipientUnreachableError) return error;
  if (
    error instanceof DiscordAPIError &&
    typeof error.code === 'number' &&
    UNREACHABLE_MEMBER.has(error.code)
  )
    return new RecipientUnreachableError(
      `${action}: Discord cannot deliver to this member (code ${error.code}): ${error.message}`,
      { cause: error },
    );
  return toDeliveryError(error, action);
}

export function isDiscordApiError(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

/** Maps whatever the REST client threw into one DiscordDeliveryError. */
export function toDeliveryError(error: unknown, action: string): DiscordDeliveryError {
  if (error instanceof DiscordDeliveryError) return error;
  if (error instanceof DiscordAPIError) return fromApiError(error, action);
  if (error instanceof HTTPError) {
    return new DiscordDeliveryError(
      'DISCORD_UNAVAILABLE',
      `${action}: Discord answered ${error.status} after retries`,
      false,
      error.status,
      undefined,
      { cause: error },
    );
  }
  if (error instanceof RateLimitError) {
    const message = `${action}: rate limited for ${error.retryAfter} ms`;
    return new DiscordDeliveryError('DISCORD_RATE_LIMITED', message, false, 429, undefined, { cause: error });
  }
  const name = error instanceof Error ? error.name : '';
  const text = error instanceof Error ? error.message : String(error);
  const code = name === 'AbortError' || name === 'TimeoutError' ? 'DISCORD_TIMEOUT' : 'DISCORD_NETWORK';
  return new DiscordDeliveryError(code, `${action}: ${text}`, false, undefined, undefined, { cause: error });
}

function fromApiError(error: DiscordAPIError, action: string): DiscordDeliveryError {
  const discordCode = typeof error.code === 'number' ? error.code : undefined;
  const code = classifyApiError(error.status, discordCode);
  // 408 and 429 are the only 4xx a later attempt can get past; every other 4xx will fail the same way.
  const permanent = error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
  const message = `${action}: Discord refused (${error.status}${discordCode ? `, code ${discordCode}` : ''}): ${error.message}`;
  return new DiscordDeliveryError(code, message, permanent, error.status, discordCode, { cause: error });
}

function classifyApiError(status: number, discordCode: number | undefined): DiscordErrorCode {
  if (discordCode === DiscordCodes.missingAccess) return 'DISCORD_MISSING_ACCESS';
  if (discordCode === DiscordCodes.missingPermissions) return 'DISCORD_MISSING_PERMISSIONS';
  if (discordCode === DiscordCodes.unknownChannel) return 'DISCORD_UNKNOWN_CHANNEL';
  if (status === 401) return 'DISCORD_UNAUTHORIZED';
  if (status === 403) return 'DISCORD_MISSING_PERMISSIONS';
  if (status === 404) return 'DISCORD_NOT_FOUND';
  if (status === 429) return 'DISCORD_RATE_LIMITED';
  if (status >= 500) return 'DISCORD_UNAVAILABLE';
  return 'DISCORD_REJECTED';
}
