/**
 * Regenerates tests/fixtures/specs/ from the published API descriptions: only the operations the
 * bot calls (used-operations.ts), without their responses, plus every schema they reference, so the
 * contract tests run without ../shared and the copy stays small enough to review.
 *
 *   npx tsx tests/contract/reduce-specs.ts [SPECS_DIR]     (default ../shared/specs)
 *
 * Nothing is edited: every kept object is copied as published. The known differences between the
 * descriptions and the documented APIs are applied at load time, by spec-overrides.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISCORD_OPERATIONS, SLACK_METHODS } from './used-operations.js';

type Json = Record<string, unknown>;

const FIXTURES = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));

export const REDUCED = {
  discord: join(FIXTURES, 'discord-openapi.reduced.json'),
  slack: join(FIXTURES, 'slack-web-openapi-v2.reduced.json'),
} as const;

/** Follows a local `#/a/b` JSON pointer. */
function pointerTarget(document: Json, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

function setAtPointer(document: Json, pointer: string, value: unknown): void {
  const keys = pointer.slice(2).split('/');
  const last = keys.pop()!;
  let node = document;
  for (const key of keys) {
    node[key] ??= {};
    node = node[key] as Json;
  }
  node[last] = value;
}

/** Copies into `into` every object `node` references, transitively. */
function copyReferenced(source: Json, into: Json, node: unknown, seen = new Set<string>()): void {
  if (Array.isArray(node)) {
    for (const item of node) copyReferenced(source, into, item, seen);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/') && !seen.has(value)) {
      seen.add(value);
      const target = pointerTarget(source, value);
      if (target === undefined) throw new Error(`unresolvable $ref ${value}`);
      setAtPointer(into, value, target);
      copyReferenced(source, into, target, seen);
    } else {
      copyReferenced(source, into, value, seen);
    }
  }
}

/** The commit and date the shared README records for a file (its provenance table). */
function provenanceOf(specsDir: string, file: string): { commit: string; date: string } {
  const readme = readFileSync(join(specsDir, 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith(`| ${file} |`));
  const match = row?.match(/\b([0-9a-f]{40})\b \((\d{4}-\d{2}-\d{2})\)/);
  if (!match) throw new Error(`${specsDir}/README.md names no commit for ${file}`);
  return { commit: match[1]!, date: match[2]! };
}

function withoutResponses(operation: Json): Json {
  const { responses: _responses, ...rest } = operation;
  return rest;
}

export function reduceDiscord(spec: Json, provenance: Json): Json {
  const paths: Record<string, Json> = {};
  for (const operation of DISCORD_OPERATIONS) {
    const [method, path] = operation.split(' ') as [string, string];
    const item = (spec.paths as Record<string, Json>)[path];
    const published = item?.[method.toLowerCase()] as Json | undefined;
    if (!item || !published) throw new Error(`Discord's description has no ${operation}`);
    paths[path] ??= item.parameters ? { parameters: item.parameters } : {};
    paths[path]![method.toLowerCase()] = withoutResponses(published);
  }
  const reduced: Json = {
    openapi: spec.openapi,
    info: spec.info,
    'x-herald-reduced': provenance,
    servers: spec.servers,
    paths,
  };
  copyReferenced(spec, reduced, paths);
  return reduced;
}

export function reduceSlack(spec: Json, provenance: Json): Json {
  const paths: Record<string, Json> = {};
  for (const method of SLACK_METHODS) {
    const item = (spec.paths as Record<string, Json>)[`/${method}`];
    // A method missing from the 2021 description is added by a documented override instead.
    if (!item) continue;
    paths[`/${method}`] = Object.fromEntries(
      Object.entries(item).map(([verb, operation]) => [verb, withoutResponses(operation as Json)]),
    );
  }
  const reduced: Json = {
    swagger: spec.swagger,
    info: spec.info,
    'x-herald-reduced': provenance,
    host: spec.host,
    basePath: spec.basePath,
    schemes: spec.schemes,
    securityDefinitions: spec.securityDefinitions,
    paths,
  };
  copyReferenced(spec, reduced, paths);
  return reduced;
}

function main(specsDir: string): void {
  const sources = [
    {
      file: 'discord-openapi.json',
      license: 'LICENSE.discord-api-spec',
      repository: 'github.com/discord/discord-api-spec',
      path: 'specs/openapi.json',
      reduce: reduceDiscord,
      out: REDUCED.discord,
    },
    {
      file: 'slack-web-openapi-v2.json',
      license: 'LICENSE.slack-api-specs',
      repository: 'github.com/slackapi/slack-api-specs',
      path: 'web-api/slack_web_openapi_v2_without_examples.json',
      reduce: reduceSlack,
      out: REDUCED.slack,
    },
  ];
  for (const source of sources) {
    const spec = JSON.parse(readFileSync(join(specsDir, source.file), 'utf8')) as Json;
    const provenance = {
      repository: source.repository,
      path: source.path,
      ...provenanceOf(specsDir, source.file),
      license: `MIT (${source.license})`,
      reducedBy: 'tests/contract/reduce-specs.ts',
    };
    writeFileSync(source.out, `${JSON.stringify(source.reduce(spec, provenance), null, 2)}\n`);
    writeFileSync(join(FIXTURES, source.license), readFileSync(join(specsDir, source.license)));
    console.log(`${source.out}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(resolve(process.argv[2] ?? fileURLToPath(new URL('../../../shared/specs', import.meta.url))));
}
