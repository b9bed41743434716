/**
 * Runs the real `herald` command as a child process, as a user would; from the TypeScript
 * sources through tsx, always, so the tests test the sources whatever dist/ holds (bin/herald.js
 * may prefer dist/; bin-entry.test.ts checks that choice).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `node` arguments that run `herald` from the sources through tsx. */
export const HERALD_FROM_SOURCES = [
  '--import',
  // By its path: the children start in an empty directory (neutralCwd), where `tsx` would not resolve.
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
];

let neutral: string | undefined;

/**
 * An empty working directory for the child processes: herald loads `.env` from where it starts,
 * and a developer's `.env` in the checkout must not reach the tests (a real token, a real store).
 */
export function neutralCwd(): string {
  if (!neutral) {
    const dir = mkdtempSync(join(tmpdir(), 'herald-cwd-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    neutral = dir;
  }
  return neutral;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  options: { cwd?: string } = {},
): Promise<CliResult> {
  return runNode([...HERALD_FROM_SOURCES, ...args], { ...cleanEnv(), ...env }, options.cwd ?? neutralCwd());
}

/** Runs `node ARGS` to its end, collecting its output. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The parent's environment without anything that would reach a real chat or store. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^(DISCORD_|SLACK_|REDIS_URL|HERALD_|DATA_DIR|ARXIV_|CROSSREF_|OPENALEX_|INSPIRE_|BIORXIV_|PUBMED_|DBLP_)/.test(
        key,
      )
    )
      delete env[key];
  }
  return env;
}

/** JSON lines printed by `--output jsonl`. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
