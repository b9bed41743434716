import { withinDeadline } from '../../src/pipeline/deadline.js';

/** A promise that must settle in time; failing says what was awaited and for how long. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return withinDeadline(promise, ms, () => new Error(`${what} did not finish within ${ms} ms`));
}
