/**
 * The operations of Discord's and Slack's APIs this bot calls: what reduce-specs.ts keeps of the
 * published descriptions. A request to anything else fails the contract tests with "not in the
 * reduced spec": add the operation here and regenerate (see reduce-specs.ts).
 */

/** Discord: `METHOD path template`, exactly as the OpenAPI description spells the path. */
export const DISCORD_OPERATIONS = [
  // Delivery (DiscordPoster): channel type, head, thread, replies, edits, forum posts.
  'GET /channels/{channel_id}',
  'GET /channels/{channel_id}/messages',
  'POST /channels/{channel_id}/messages',
  'GET /channels/{channel_id}/messages/{message_id}',
  'PATCH /channels/{channel_id}/messages/{message_id}',
  'POST /channels/{channel_id}/messages/{message_id}/threads',
  'POST /channels/{channel_id}/threads',
  // A member's direct messages (personal follows): open the DM channel.
  'POST /users/@me/channels',
  // Finding a forum post again after an unknown outcome (issue 11).
  'GET /guilds/{guild_id}/threads/active',
  'GET /channels/{channel_id}/threads/archived/public',
  // Slash command registration, global and per guild.
  'GET /applications/{application_id}/commands',
  'PUT /applications/{application_id}/commands',
  'GET /applications/{application_id}/guilds/{guild_id}/commands',
  'PUT /applications/{application_id}/guilds/{guild_id}/commands',
  // Interaction answers: defer, autocomplete, edit, delete, follow-up.
  'POST /interactions/{interaction_id}/{interaction_token}/callback',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'POST /webhooks/{webhook_id}/{webhook_token}',
  // Logging in: GET /gateway/bot (@discordjs/ws); the other three were discord.js's Client's.
  'GET /gateway/bot',
  'GET /users/@me',
  'GET /applications/@me',
  'GET /guilds/{guild_id}',
] as const;

/** Slack Web API methods (WebClient and Bolt). */
export const SLACK_METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'conversations.history',
  'conversations.replies',
  'users.info',
  // A member's direct messages: the bot's IM with them; telling them their follows are paused.
  'conversations.open',
  'chat.postEphemeral',
  // Socket Mode; absent from the 2021 description (see spec-overrides.ts).
  'apps.connections.open',
] as const;
