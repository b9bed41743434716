// Which code the `herald` commands run: the compiled dist/ when it was built from the sources as
// they are now (no file in src/ changed since the build began) or when there are no sources (an
// installed package, the Docker image); else the TypeScript sources through tsx. So `npm ci`,
// whose prepare script builds dist/, leaves the project running compiled code, and a stale dist/
// never runs in place of a source edited since.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Written by bin/build.js after tsc succeeded: when the build started, in ms since the epoch. */
export const BUILD_STAMP = join('dist', '.build-started');

/** @returns {{ kind: 'compiled' | 'source', file: string }} */
export function chooseEntry(name, root = PROJECT_ROOT) {
  const compiled = { kind: 'compiled', file: join(root, 'dist', `${name}.js`) };
  const source = { kind: 'source', file: join(root, 'src', `${name}.ts`) };
  if (!existsSync(compiled.file)) return source;
  if (!existsSync(join(root, 'src'))) return compiled;
  const builtAt = buildStartedAt(root);
  return builtAt !== undefined && newestMtime(join(root, 'src')) < builtAt ? compiled : source;
}

/** Runs `src/<name>.ts` or `dist/<name>.js`, whichever chooseEntry picks. */
export async function runEntry(name) {
  const entry = chooseEntry(name);
  if (entry.kind === 'source') {
    const { register } = await import('tsx/esm/api');
    register();
  }
  await import(pathToFileURL(entry.file).href);
}

function buildStartedAt(root) {
  try {
    const value = Number(readFileSync(join(root, BUILD_STAMP), 'utf8'));
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { recursive: true })) {
    newest = Math.max(newest, statSync(join(dir, String(entry))).mtimeMs);
  }
  return newest;
}
