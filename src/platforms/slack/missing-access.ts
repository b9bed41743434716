/**
 * What a Slack refusal means the bot lacks: to be in the channel (or the scope to post in public
 * channels it is not in), a scope Slack names in its answer (`needed`), a channel id that exists,
 * a valid token.
 */
import { SlackDeliveryError } from './errors.js';

const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export function missingSlackAccess(error: unknown): string | undefined {
  if (!(error instanceof SlackDeliveryError)) return undefined;
  const slackError = error.slackError ?? '';
  if (BAD_TOKEN.has(slackError)) return `a valid SLACK_BOT_TOKEN: Slack answered ${slackError}`;
  switch (slackError) {
    case 'not_in_channel':
      return 'to be in the channel: invite it (/invite @paper-herald in the channel), or add the chat:write.public scope (public channels only) and reinstall the app';
    case 'missing_scope': {
      const { needed, provided } = scopesOf(error);
      const has = provided ? ` (the token has ${provided})` : '';
      return needed
        ? `the ${needed} scope${has}: add it under OAuth & Permissions (or in slack/manifest.yaml) and reinstall the app`
        : `a scope the token does not have${has}: compare with slack/manifest.yaml and reinstall the app`;
    }
    case 'channel_not_found':
      return "a channel it can find: check the channel id (at the bottom of the channel's details) and, for a private channel, invite the bot";
    case 'is_archived':
      return 'a channel that is not archived';
    default:
      return undefined;
  }
}

/** The scopes Slack names in a missing_scope answer. */
function scopesOf(error: SlackDeliveryError): { needed?: string; provided?: string } {
  const data = (error.cause as { data?: { needed?: unknown; provided?: unknown } } | undefined)?.data;
  return {
    ...(typeof data?.needed === 'string' ? { needed: data.needed } : {}),
    ...(typeof data?.provided === 'string' ? { provided: data.provided } : {}),
  };
}
