/**
 * For `herald check`: the chat changes (/watch, /feed, `herald watch|feed`) layered over the
 * config file's lists, read from the store the bot uses, without writing to it. Nothing is read
 * when there is no store yet.
 */
import { existsSync } from 'node:fs';
import type { HeraldEnv } from '../config/env.js';
import type { HeraldConfig } from '../config/schema.js';
import { sqliteFile } from '../store/open-backend.js';
import { openStore } from '../store/store.js';
import type { ChatOverride, LayeredWatchlist } from '../store/watchlist-repository.js';

/** How long a store that does not answer (Redis) may take before check gives up on it. */
const STORE_WAIT_MS = 5_000;

export type ChatOverrides = LayeredWatchlist | { unavailable: string } | undefined;

export async function readChatOverrides(config: HeraldConfig, env: HeraldEnv): Promise<ChatOverrides> {
  if (!env.redisUrl && !existsSync(sqliteFile(env))) return undefined;
  try {
    // A dry run: what apply() would tidy is kept in memory.
    const store = await openStore(env, { dryRun: true, signal: AbortSignal.timeout(STORE_WAIT_MS) });
    try {
      return await store.watchlist.apply(config.people, config.feeds);
    } finally {
      await store.close();
    }
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}

const CONSEQUENCE: Readonly<Record<ChatOverride['action'], string>> = {
  removed: 'hidden until its entry in this file changes',
  replaced: "the file's entry is ignored until it changes",
  added: 'not in this file',
};

/** Lines for people: one per chat change in force, saying until when it hides the file's entry. */
export function describeOverrides(layered: LayeredWatchlist): string[] {
  return layered.overrides.map(
    (override) =>
      `${override.kind} ${override.id}: ${override.action} in chat by ${override.by} on ${override.at.slice(0, 10)}; ${CONSEQUENCE[override.action]}`,
  );
}
