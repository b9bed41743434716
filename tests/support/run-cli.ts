/**
 * Runs the real `herald` command as a child process, as a user would; from the TypeScript
 * sources through tsx, always, so the tests test the sources whatever dist/ holds (bin/herald.js
 * may prefer dist/; bin-entry.test.ts checks that choice).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `node` arguments that run `herald` from the sources (tsx is resolved from PROJECT_ROOT). */
export const HERALD_FROM_SOURCES = [
  '--import',
  'tsx',
  fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HERALD_FROM_SOURCES, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...cleanEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    if (/^(DISCORD_|SLACK_|REDIS_URL|HERALD_|DATA_DIR|ARXIV_)/.test(key)) delete env[key];
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
