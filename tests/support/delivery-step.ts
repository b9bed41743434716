/** DeliveryStep values for tests that drive a ChatPlatform directly, as the delivery worker would. */
import type { DeliveryStep } from '../../src/announce/chat-platform.js';

/** A step of delivery `key`, queued a minute ago; `maybePosted` as after an unknown outcome. */
export function stepOf(
  key: string,
  maybePosted = false,
  queuedAt = new Date(Date.now() - 60_000),
): DeliveryStep {
  return { deliveryKey: key, queuedAt: queuedAt.toISOString(), maybePosted };
}
