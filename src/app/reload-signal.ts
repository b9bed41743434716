/**
 * SIGHUP for `herald run`: listened for from the start (Node's default would end the process),
 * each one a request to reload the config. Requests run one at a time; one arriving during a
 * reload runs once after it (several are one: the file is read afresh anyway).
 */
export interface ReloadRequests {
  /** From now on each SIGHUP runs `reload`; one received before runs now. */
  handle(reload: () => Promise<void>): void;
  /** Stops listening (shutdown): a SIGHUP then is ignored, not fatal. */
  stop(): void;
}

export function listenForReload(): ReloadRequests {
  let reload: (() => Promise<void>) | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = () => {
    if (!reload || stopped) return;
    if (running) {
      again = true;
      return;
    }
    const current = reload;
    running = current().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      }
    });
  };
  let pending = false;
  const onSignal = () => {
    if (reload) run();
    else pending = true;
  };
  process.on('SIGHUP', onSignal);
  return {
    handle(handler) {
      reload = handler;
      if (pending) {
        pending = false;
        run();
      }
    },
    stop() {
      stopped = true;
      // Still listening, doing nothing: a late SIGHUP must not end the process mid-shutdown.
      process.off('SIGHUP', onSignal);
      process.on('SIGHUP', () => undefined);
    },
  };
}
