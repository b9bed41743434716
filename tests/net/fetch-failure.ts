import { expect } from 'vitest';
import { FetchError } from '../../src/net/errors.js';

/** The FetchError a fetch rejects with (the test fails if it resolves or throws anything else). */
export async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const err = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}
