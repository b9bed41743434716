/**
 * `herald run` as a long-running child process: its output collected as it comes, lines waited
 * for by content (not by time, each wait with its own limit), signals sent like an init system would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cleanEnv, HERALD_FROM_SOURCES, neutralCwd } from './run-cli.js';
import { tail, type WaitOptions, waitFor } from './wait.js';

export class HeraldProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  readonly #listeners = new Set<() => void>();
  readonly #args: string[];

  /**
   * @param options.entry what `node` runs: the sources (tests, the default), or bin/herald.js
   *   (benchmarks); options.cwd where it starts (default: an empty directory, see neutralCwd).
   */
  constructor(
    args: string[],
    env: Record<string, string | undefined>,
    options: { cwd?: string; entry?: readonly string[] } = {},
  ) {
    this.#args = args;
    this.#child = spawn(process.execPath, [...(options.entry ?? HERALD_FROM_SOURCES), ...args], {
      cwd: options.cwd ?? neutralCwd(),
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout!.on('data', (chunk) => this.#append('stdout', String(chunk)));
    this.#child.stderr!.on('data', (chunk) => this.#append('stderr', String(chunk)));
    // 'close', not 'exit': by then all of its output has been read.
    this.exited = once(this.#child, 'close').then(([code, signal]) => ({ code, signal }));
  }

  get pid(): number {
    return this.#child.pid!;
  }

  #append(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * Resolves when stderr (logs) or stdout has matched `pattern`; rejects if the process exits
   * first, or after the time limit, saying what it waited for and the output it saw.
   */
  waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr', options: WaitOptions = {}): Promise<void> {
    return waitFor(
      `${pattern} on the ${stream} of herald ${this.#args.join(' ')}`,
      (done, fail) => {
        const check = () => {
          if (pattern.test(this[stream])) done();
        };
        this.#listeners.add(check);
        void this.exited.then(({ code, signal }) => {
          check();
          fail(new Error(`herald exited (${code ?? signal})`));
        });
        check();
        return () => this.#listeners.delete(check);
      },
      () => `${stream}:\n${tail(this[stream])}`,
      options,
    );
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}
