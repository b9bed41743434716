/**
 * Waiting for an event, with a time limit of its own: a wait that runs out says what it waited
 * for and what it saw, rather than leaving a test to hang until vitest's global timeout.
 */

/** Long enough for a loaded two-core machine; a wait that needs more says so. */
export const DEFAULT_WAIT_MS = 45_000;

export interface WaitOptions {
  timeoutMs?: number;
}

/**
 * Starts watching (`watch` calls `done` when the event came, or `fail`), and returns a function
 * that stops watching; rejects after the time limit with `what` and `seen()` in the message.
 */
export function waitFor<T = void>(
  what: string,
  watch: (done: (value: T) => void, fail: (error: Error) => void) => () => void,
  seen: () => string,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let stop: (() => void) | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop?.();
      finish();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw: ${seen()}`)),
        ),
      timeoutMs,
    );
    stop = watch(
      (value) => settle(() => resolve(value)),
      (error) =>
        settle(() => reject(new Error(`${error.message} (while waiting for ${what}; saw: ${seen()})`))),
    );
    if (settled) stop();
  });
}

/** The tail of a long text, for a diagnostic. */
export function tail(text: string, length = 1500): string {
  return text.length <= length ? text : `...${text.slice(-length)}`;
}
