/**
 * Turns whatever undici, Node or the address guard threw into one FetchError, so callers only
 * ever see the codes in errors.ts.
 */
import { AddressRefusedError } from './address-guard.js';
import { BlockedAddressError, FetchError, FetchTimeoutError, NetworkError } from './errors.js';

/** undici's own timeout errors, raised by the connect, headers and body timers. */
const UNDICI_TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export interface FailureContext {
  /** The client's deadline had passed when the error arrived (whatever the error says). */
  timedOut: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
}

export function toFetchError(err: unknown, url: string, context: FailureContext): FetchError {
  if (err instanceof FetchError) return err;
  const refused = findCause(err, AddressRefusedError);
  if (refused) return new BlockedAddressError(url, refused.address, refused.reason);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' && !context.timedOut) {
    return new FetchTimeoutError(url, `could not connect within ${context.connectTimeoutMs} ms`, {
      cause: err,
    });
  }
  if (context.timedOut || (typeof code === 'string' && UNDICI_TIMEOUT_CODES.has(code))) {
    return new FetchTimeoutError(url, `no complete response within ${context.timeoutMs} ms`, { cause: err });
  }
  return new NetworkError(url, err);
}

/** The first error of `type` in err's cause chain (undici may wrap connector errors). */
function findCause<T extends Error>(err: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current = err; current instanceof Error; current = current.cause) {
    if (current instanceof type) return current;
  }
  return undefined;
}
