/**
 * Slack failures classified once. By the time an error reaches here @slack/web-api has already
 * retried 5xx, network errors and 429 (after Retry-After) under its retry policy, so what is left
 * is either permanent (retrying cannot help) or transient (worth another attempt later).
 */
import { ErrorCode } from '@slack/web-api';
import { DeliveryError, RecipientUnreachableError } from '../../announce/delivery-error.js';
import { HeraldError } from '../../errors.js';

/**
 * Platform errors that no retry will fix: the channel or token is unusable, or the message itself
 * is refused (https://api.slack.com/methods/chat.postMessage#errors).
 */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'team_access_not_granted',
  'restricted_action',
  'ekm_access_denied',
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
  'no_text',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

export class SlackDeliveryError extends DeliveryError {
  constructor(
    message: string,
    /** true: hold this delivery (and tell the admins); false: try again later. */
    permanent: boolean,
    /** Slack's own error code (`channel_not_found`), when Slack answered with one. */
    readonly slackError?: string,
    options?: ErrorOptions,
  ) {
    super('SLACK_DELIVERY', message, permanent, options);
  }
}

/** Slack cannot be started as configured (missing secret, unusable token). */
export class SlackSetupError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('SLACK_SETUP', message, options);
  }
}

export function isPermanentSlackError(slackError: string): boolean {
  return PERMANENT_ERRORS.has(slackError);
}

/** Maps anything a WebClient call threw to a SlackDeliveryError naming the method and channel. */
export function toSlackDeliveryError(error: unknown, method: string, channel: string): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  const where = `${method} in ${channel}`;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCode.PlatformError) {
    const slackError = String((error as { data?: { error?: unknown } }).data?.error ?? 'unknown_error');
    const permanent = isPermanentSlackError(slackError);
    return new SlackDeliveryError(`Slack refused ${where}: ${slackError}`, permanent, slackError, {
      cause: error,
    });
  }
  if (code === ErrorCode.RateLimitedError) {
    return new SlackDeliveryError(`Slack rate-limited ${where}`, false, 'ratelimited', { cause: error });
  }
  if (code === ErrorCode.HTTPError) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return new SlackDeliveryError(
      `Slack answered HTTP ${String(status)} to ${where} after retries`,
      false,
      undefined,
      {
        cause: error,
      },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new SlackDeliveryError(`Could not reach Slack for ${where}: ${detail}`, false, undefined, {
    cause: error,
  });
}

/**
 * Refusals of a member's direct messages that are the member's doing or state: gone, deactivated,
 * invisible to the bot, a bot themselves, or their DM with the app archived
 * (https://api.slack.com/methods/conversations.open#errors, chat.postMessage#errors).
 */
const UNREACHABLE_MEMBER = new Set([
  'user_not_found',
  'user_not_visible',
  'user_disabled',
  'cannot_dm_bot',
  'is_archived',
  'channel_not_found',
]);

/** As toSlackDeliveryError, for a member's direct messages: refusals because of the member say so. */
export function toDirectSlackError(error: unknown): SlackDeliveryError | RecipientUnreachableError {
  if (error instanceof RecipientUnreachableError) return error;
  if (error instanceof SlackDeliveryError && UNREACHABLE_MEMBER.has(error.slackError ?? ''))
    return new RecipientUnreachableError(`${error.message} (Slack cannot deliver to this member)`, {
      cause: error,
    });
  return error instanceof SlackDeliveryError ? error : toSlackDeliveryError(error, 'direct message', 'a DM');
}
