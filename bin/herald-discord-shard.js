#!/usr/bin/env node
// A Discord shard process, spawned by `herald run` through discord.js's ShardingManager when
// DISCORD_SHARDS is set. Like bin/herald.js, the compiled code when up to date, else the sources.
import { runEntry } from './entry.js';

await runEntry('app/discord-shard');
