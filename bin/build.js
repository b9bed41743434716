#!/usr/bin/env node
// `npm run build`, and `npm ci` through the prepare script: compiles src/ to a fresh dist/ and,
// when tsc succeeds, stamps it with the time the build started (bin/entry.js runs dist/ only
// while no source is newer than that).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BUILD_STAMP, PROJECT_ROOT } from './entry.js';

const startedAt = Date.now();
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('herald build: typescript is not installed; run `npm ci` with the dev dependencies\n');
  process.exit(1);
}
// Outputs of deleted sources must not linger.
rmSync(join(PROJECT_ROOT, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: PROJECT_ROOT,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(join(PROJECT_ROOT, BUILD_STAMP), String(startedAt));
