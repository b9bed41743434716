/**
 * Fast and light: `herald --version`, `--help` and a usage error load the command line alone,
 * and a command that reads the store loads no chat platform, Redis client or pretty printer.
 * (The times are measured by `npm run bench`: cliStartMs.) And bin/herald.js runs the compiled
 * dist/ only while it is up to date with the sources.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, chooseEntry } from '../../bin/entry.js';
import { VERSION } from '../../src/version.js';
import { NOT_LOADED_BY_PAPERS } from '../support/lab-run.js';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const TRACER = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));
let workspace: Workspace;

beforeAll(async () => {
  workspace = await createWorkspace();
  await workspace.writeConfig('people:\n  - id: favero\n    name: Alessandro Favero\n');
});
afterAll(() => workspace.remove());

/** What `herald ...args` loaded: packages by name, and our own modules by path. */
async function loadedBy(
  args: string[],
): Promise<{ code: number | null; packages: Set<string>; ours: string[] }> {
  const trace = join(workspace.dir, `trace-${args.join('-').replace(/\W/g, '')}.txt`);
  writeFileSync(trace, '');
  const run = await runCli(args, {
    NODE_OPTIONS: `--import ${TRACER}`,
    MODULE_TRACE: trace,
    HERALD_CONFIG: workspace.configPath,
    DATA_DIR: workspace.dataDir,
  });
  const files = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(PROJECT_ROOT, fileURLToPath(url)));
  const packages = new Set(
    files.flatMap((file) => {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
      return name && name !== 'tsx' && name !== 'esbuild' ? [name] : [];
    }),
  );
  return { code: run.code, packages, ours: files.filter((file) => file.startsWith('src/')) };
}

describe('what a command loads', () => {
  const cliOnly =
    /^src\/(cli\/[\w-]+|version|errors|config\/dotenv|records\/validators|records\/person-names)\.ts$/;

  it.each([[['--version']], [['--help']], [['watch', 'add', 'Al']], [['chek']]])(
    'herald %j loads the command line alone',
    async (args) => {
      const { packages, ours } = await loadedBy(args);
      expect([...packages]).toEqual(['commander']);
      expect(ours.filter((file) => !cliOnly.test(file))).toEqual([]);
    },
  );

  it('herald papers loads the store and search; no chat platform, network client, Redis client or pretty printer', async () => {
    const { code, packages } = await loadedBy(['papers', 'diffusion']);
    expect(code).toBe(0);
    expect(packages).toContain('sqlite3');
    for (const name of NOT_LOADED_BY_PAPERS) expect(packages, name).not.toContain(name);
  });
});

describe('bin/herald.js', () => {
  let root: string;
  const touch = (file: string, seconds: number) => {
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), seconds, seconds);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'herald-entry-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs the sources until a build is stamped, then dist/ until a source changes', () => {
    mkdirSync(join(root, 'src/cli'), { recursive: true });
    touch('src/cli/main.ts', 1_000);
    utimesSync(join(root, 'src/cli'), 1_000, 1_000);
    utimesSync(join(root, 'src'), 1_000, 1_000);
    expect(chooseEntry('cli/main', root).kind).toBe('source');

    // Compiled but not stamped: tsc failed, or the build was interrupted.
    mkdirSync(join(root, 'dist/cli'), { recursive: true });
    touch('dist/cli/main.js', 2_000);
    expect(chooseEntry('cli/main', root).kind).toBe('source');

    writeFileSync(join(root, BUILD_STAMP), String(2_000_000));
    expect(chooseEntry('cli/main', root)).toEqual({ kind: 'compiled', file: join(root, 'dist/cli/main.js') });

    // Edited during or after the build: dist/ is stale.
    touch('src/cli/main.ts', 2_001);
    expect(chooseEntry('cli/main', root).kind).toBe('source');
    touch('src/cli/main.ts', 1_000);
    touch('src/cli/new-command.ts', 3_000);
    expect(chooseEntry('cli/main', root).kind).toBe('source');
  });

  it('runs dist/ where there are no sources (an installed package, the Docker image)', () => {
    rmSync(join(root, 'src'), { recursive: true, force: true });
    rmSync(join(root, BUILD_STAMP));
    expect(chooseEntry('cli/main', root).kind).toBe('compiled');
  });

  it('answers --version, from whichever it chose here', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/herald.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(run.stdout).toBe(`${VERSION}\n`);
    expect(run.status).toBe(0);
  });
});
