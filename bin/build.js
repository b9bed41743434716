#!/usr/bin/env node
// `npm run build`, and `npm ci` through the prepare script: bundles src/ with esbuild into a fresh
// dist/ and, when the build succeeds, stamps it with the time the build started (bin/entry.js runs
// dist/ only while no source is newer than that). Type checking is tsc's (`npm run typecheck`,
// and before every `npm test`); esbuild only strips the types.
//
// Why a bundle rather than tsc's one file per module: a running bot loads about a thousand files
// of the Discord libraries, Bolt and their dependencies, and Node keeps, for each, its source text, its
// compiled wrapper and its loader's bookkeeping; bundled, minified and split, the same code costs
// less memory (README, "Where the idle memory goes", has the figures).
//
// `node bin/build.js [--outdir DIR] [--metafile]`: DIR instead of dist/ (tests build a copy of
// their own), and DIR/meta.json, esbuild's account of which module went into which file.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILD_STAMP, PROJECT_ROOT } from './entry.js';

const startedAt = Date.now();
const { values: options } = parseArgs({
  options: { outdir: { type: 'string' }, metafile: { type: 'boolean', default: false } },
});
const outdir = resolve(options.outdir ?? join(PROJECT_ROOT, 'dist'));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('herald build: esbuild is not installed; run `npm ci` with the dev dependencies\n');
  process.exit(1);
}

/**
 * Left to Node to load from node_modules, as they are: native addons (sqlite3, and @keyv/sqlite
 * and keyv with it, so that one keyv is loaded), packages that find files of their own by path at
 * run time (pino starts thread-stream workers from its files; node-cron forks its daemon.js), the
 * optional native helpers of ws and @discordjs/ws, absent or not, and tsx. And iconv-lite: it reads
 * its encoding tables (half a megabyte) when an encoding needs them, where bundled they would be
 * text loaded with the rest of their chunk (one version is installed: nothing gets another).
 * undici is bundled like the rest: there is one copy of it (package.json's `overrides` give
 * @discordjs/rest and discord.js the bot's undici 7, see src/platforms/discord/rest-request.ts).
 */
const EXTERNAL = [
  'sqlite3',
  '@keyv/sqlite',
  'keyv',
  'pino',
  'pino-pretty',
  'thread-stream',
  'node-cron',
  'iconv-lite',
  'zlib-sync',
  'bufferutil',
  'utf-8-validate',
  'tsx',
];

/**
 * How much is minified, and why. The V8 heap of the bot at rest (bench/idle-rss-bench.ts's run,
 * read from /proc/PID/smaps): 36 to 37 MB as tsc's one file per module; bundled unminified, 43 MB
 * (the source text Node holds for each loaded chunk, with comments and indentation); whitespace
 * and syntax minified, 32 MB; identifiers renamed too, 30 MB, but then a stack trace reads
 * `at ue.poll` and `at M.fetch` instead of `at PaperFeedSource.poll` and `at HttpClient.fetch`.
 * So identifiers are kept, and names too (`keepNames`, in case the bundling renames a clash):
 * logs give an error's class (pino's `type`, our errors' `name`, both from the class's name).
 */
const MINIFY = { minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: false, keepNames: true };

rmSync(outdir, { recursive: true, force: true });
let result;
try {
  result = await esbuild.build({
    absWorkingDir: PROJECT_ROOT,
    // What bin/herald.js and bin/herald-discord-shard.js run (bin/entry.js: dist/<name>.js).
    entryPoints: { 'cli/main': 'src/cli/main.ts', 'app/discord-shard': 'src/app/discord-shard.ts' },
    outdir,
    // Every file two directories below the root, like the sources: src/app/discord-sharding.ts
    // finds bin/ from its own location (checked below).
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    // Shared code in chunks, and each `import()` of the sources a chunk loaded when it runs: the
    // command line loads no platform library, feed reader or Redis client it does not use.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
    external: EXTERNAL,
    // The CommonJS libraries inside the bundle call `require` (Node built-ins, the externals).
    banner: {
      js: "import { createRequire as __heraldCreateRequire } from 'node:module'; const require = __heraldCreateRequire(import.meta.url);",
    },
    ...MINIFY,
    // The licence comments of the bundled libraries, in a file beside each output.
    legalComments: 'external',
    // For reading a stack trace against the sources (`node --enable-source-maps`, see README);
    // without the sources' text, which the checkout has.
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [onePackageCopy()],
  });
} catch {
  // esbuild has printed the errors.
  process.exit(1);
}

for (const file of Object.keys(result.metafile.outputs))
  if (file.endsWith('.js') && relative(outdir, resolve(PROJECT_ROOT, file)).split(sep).length !== 2)
    throw new Error(`herald build: ${file} is not two directories below the root`);
if (options.metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
writeFileSync(join(outdir, relative('dist', BUILD_STAMP)), String(startedAt));

/**
 * One copy of each package version. npm installs the same version twice where its tree needs it
 * (@discordjs/collection 2 under @discordjs/rest, @discordjs/ws and discord.js's ws); bundled as it is,
 * each copy would be loaded and kept apart. Every path into a copy is sent to the same one.
 */
function onePackageCopy() {
  return {
    name: 'one-package-copy',
    setup(build) {
      const sameAs = new Map();
      for (const dirs of installedPackages().values()) {
        const [first, ...others] = dirs.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
        for (const dir of others) sameAs.set(dir, first);
      }
      if (sameAs.size === 0) return;
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.resolving || args.path.startsWith('node:')) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { resolving: true },
        });
        // Unresolvable and external paths are esbuild's to report or keep, as without this plugin.
        if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined;
        for (const [copy, first] of sameAs)
          if (resolved.path.startsWith(copy + sep))
            return { ...resolved, path: join(first, relative(copy, resolved.path)) };
        return resolved;
      });
    },
  };
}

/** Every package directory under node_modules, by `name@version`. */
function installedPackages() {
  const found = new Map();
  const visit = (dir) => {
    try {
      const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (name && version) found.set(`${name}@${version}`, [...(found.get(`${name}@${version}`) ?? []), dir]);
    } catch {
      // Not a package (a directory of a scope, a leftover): nothing to record.
    }
    walk(join(dir, 'node_modules'));
  };
  const walk = (modules) => {
    let names = [];
    try {
      names = readdirSync(modules);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@'))
        for (const scoped of readdirSync(join(modules, name))) visit(join(modules, name, scoped));
      else visit(join(modules, name));
    }
  };
  walk(join(PROJECT_ROOT, 'node_modules'));
  return found;
}
