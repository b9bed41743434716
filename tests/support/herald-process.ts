/**
 * `herald run` as a long-running child process: its output collected as it comes, lines waited
 * for by content (not by time), signals sent like an init system would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { HERALD_BIN, PROJECT_ROOT } from './run-cli.js';

export class HeraldProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  readonly #waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(args: string[], env: Record<string, string | undefined>) {
    const base = { ...process.env };
    for (const key of Object.keys(base))
      if (
        /^(DISCORD_|SLACK_|REDIS_URL|HERALD_|DATA_DIR|ARXIV_|CROSSREF_|OPENALEX_|INSPIRE_|BIORXIV_|PUBMED_|DBLP_)/.test(
          key,
        )
      )
        delete base[key];
    this.#child = spawn(process.execPath, [HERALD_BIN, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout!.on('data', (chunk) => this.#append('stdout', String(chunk)));
    this.#child.stderr!.on('data', (chunk) => this.#append('stderr', String(chunk)));
    this.exited = once(this.#child, 'exit').then(([code, signal]) => ({ code, signal }));
  }

  get pid(): number {
    return this.#child.pid!;
  }

  #append(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    for (const waiter of [...this.#waiters]) {
      if (waiter.test()) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves when stderr (logs) or stdout has matched `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr'): Promise<void> {
    const test = () => pattern.test(this[stream]);
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ test, resolve });
      void this.exited.then(({ code }) => {
        if (!test())
          reject(
            new Error(`herald exited (${code}) before ${pattern}; stderr:\n${this.stderr.slice(-2000)}`),
          );
      });
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}
