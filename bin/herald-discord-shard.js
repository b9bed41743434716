#!/usr/bin/env node
// A Discord shard process, spawned by `herald run` through discord.js's ShardingManager when
// DISCORD_SHARDS is set. Like bin/herald.js: compiled code when built, else the sources via tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/app/discord-shard.js', import.meta.url));
if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/app/discord-shard.ts');
}
