/**
 * What a chat platform throws when a post fails: its type says whether trying the same post
 * again later can help. The delivery worker retries transient failures with backoff and holds
 * permanent ones (missing access, unknown channel, bad token, refused payload) at once.
 */
import { HeraldError } from '../errors.js';

export class DeliveryError extends HeraldError {
  constructor(
    code: string,
    message: string,
    /** True when the same post cannot succeed later without someone fixing something. */
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** Where a delivery cannot go on: the announcement it follows up was never posted. */
export class OriginalNotPostedError extends DeliveryError {
  constructor(originalKey: string, why: string) {
    super('DELIVERY_ORIGINAL_NOT_POSTED', `the announcement it follows (${originalKey}) ${why}`, true);
  }
}

/** A delivery to a channel that is no longer in the config. */
export class ChannelGoneError extends DeliveryError {
  constructor(channelId: string) {
    super('DELIVERY_CHANNEL_GONE', `channel "${channelId}" is no longer configured`, true);
  }
}

/**
 * A direct message that cannot reach its member: DMs closed, the member gone from the server or
 * workspace, or the bot blocked. Not the admins' to fix: the member's follows are paused, the
 * member is told, and the delivery is dropped rather than held.
 */
export class RecipientUnreachableError extends DeliveryError {
  constructor(message: string, options?: ErrorOptions) {
    super('DELIVERY_RECIPIENT_UNREACHABLE', message, true, options);
  }
}
