/**
 * The Discord adapter's public surface. Only the composition root imports it; the core never sees
 * the Discord libraries.
 */
export { type DiscordBot, type DiscordBotOptions, startDiscordBot } from './bot.js';
export { DiscordDeliveryError, type DiscordErrorCode, DiscordLoginError } from './errors.js';
export { fetchRecommendedShards } from './recommended-shards.js';
export { createDiscordPoster, type DiscordPosterOptions, type DiscordRestTuning } from './rest-poster.js';
