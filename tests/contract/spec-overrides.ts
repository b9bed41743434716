/**
 * Where the published descriptions and the platforms' documentation disagree, the documentation
 * wins; each difference is one override here, applied to a copy of the reduced description at load
 * time, with where it is documented. An override whose target is gone or already says what the
 * documentation says throws, so a newer spec that fixed the difference cannot leave a stale patch
 * behind (validators.test.ts applies them all). The list matches ../shared/specs/README.md.
 */

type Json = Record<string, unknown>;

export interface SpecOverride {
  id: string;
  /** What differs, and what the documentation says instead. */
  says: string;
  /** Where the documentation says it. */
  documented: string;
  apply(spec: Json): void;
}

export class StaleOverrideError extends Error {
  constructor(id: string, problem: string) {
    super(`spec override ${id}: ${problem}; update tests/contract/spec-overrides.ts`);
    this.name = 'StaleOverrideError';
  }
}

function schemaOf(spec: Json, name: string, override: string): Json {
  const schema = ((spec.components as Json).schemas as Json)[name] as Json | undefined;
  if (!schema) throw new StaleOverrideError(override, `no schema ${name}`);
  return schema;
}

function propertyOf(spec: Json, schema: string, property: string, override: string): Json {
  const found = (schemaOf(spec, schema, override).properties as Json | undefined)?.[property] as
    | Json
    | undefined;
  if (!found) throw new StaleOverrideError(override, `${schema} has no property ${property}`);
  return found;
}

/** Discord's bot message bodies: the documented 2,000 characters instead of the spec's 4,000. */
const DISCORD_MESSAGE_SCHEMAS = [
  'MessageCreateRequest',
  'MessageEditRequestPartial',
  'BaseCreateMessageCreateRequest',
];

/** Schemas of the application command bodies the bot sends (PUT .../commands takes the update form). */
const DISCORD_COMMAND_SCHEMAS = ['ApplicationCommandUpdateRequest'];

/** The upload part names Discord documents for a message with files. */
export const DISCORD_FILE_PARTS = Array.from({ length: 10 }, (_, index) => `files[${index}]`);

export const DISCORD_OVERRIDES: readonly SpecOverride[] = [
  {
    id: 'discord-content-2000',
    says: "content: at most 2,000 characters for a bot's message (the spec allows 4,000)",
    documented:
      'https://discord.com/developers/docs/resources/message#create-message (content, "up to 2000 characters")',
    apply(spec) {
      for (const name of DISCORD_MESSAGE_SCHEMAS) {
        const content = propertyOf(spec, name, 'content', this.id);
        if (content.maxLength !== 4000) {
          throw new StaleOverrideError(
            this.id,
            `${name}.content.maxLength is ${content.maxLength}, not 4000`,
          );
        }
        content.maxLength = 2000;
      }
    },
  },
  {
    id: 'discord-default-member-permissions-string',
    says: 'default_member_permissions: a string holding the permission bit set (the spec says integer); the bot sends a string',
    documented:
      'https://discord.com/developers/docs/interactions/application-commands#application-command-object (default_member_permissions: ?string)',
    apply(spec) {
      for (const name of DISCORD_COMMAND_SCHEMAS) {
        const field = propertyOf(spec, name, 'default_member_permissions', this.id);
        if (!JSON.stringify(field.type).includes('integer')) {
          throw new StaleOverrideError(this.id, `${name}.default_member_permissions is no longer an integer`);
        }
        const properties = schemaOf(spec, name, this.id).properties as Json;
        properties.default_member_permissions = { type: ['string', 'null'], pattern: '^(0|[1-9][0-9]*)$' };
      }
    },
  },
  {
    id: 'discord-forum-thread-files',
    says: 'a forum post (POST /channels/{channel_id}/threads) may carry files[n] parts; the spec lists none',
    documented:
      'https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel (files[n], payload_json)',
    apply(spec) {
      const operation = ((spec.paths as Json)['/channels/{channel_id}/threads'] as Json | undefined)?.post as
        | Json
        | undefined;
      const multipart = ((operation?.requestBody as Json | undefined)?.content as Json | undefined)?.[
        'multipart/form-data'
      ] as Json | undefined;
      if (!multipart) throw new StaleOverrideError(this.id, 'no multipart body for forum threads');
      if (JSON.stringify(multipart).includes('files[0]')) {
        throw new StaleOverrideError(this.id, 'the spec now lists files[n] for forum threads');
      }
      multipart['x-herald-file-parts'] = DISCORD_FILE_PARTS;
    },
  },
];

/** Slack's message metadata, documented since 2022: `{ event_type, event_payload }`, sent as JSON. */
export const SLACK_METADATA_SCHEMA = {
  type: 'object',
  properties: {
    event_type: { type: 'string', minLength: 1 },
    event_payload: { type: 'object' },
  },
  required: ['event_type', 'event_payload'],
  additionalProperties: false,
} as const;

interface SlackParameter {
  name: string;
  in: string;
  type: string;
  required?: boolean;
  description?: string;
}

function slackParameters(spec: Json, method: string, override: string): SlackParameter[] {
  const item = (spec.paths as Json)[`/${method}`] as Record<string, Json> | undefined;
  const operation = item && Object.values(item)[0];
  if (!operation) throw new StaleOverrideError(override, `no method ${method}`);
  return operation.parameters as SlackParameter[];
}

function addSlackParameter(spec: Json, method: string, parameter: SlackParameter, override: string): void {
  const parameters = slackParameters(spec, method, override);
  if (parameters.some((existing) => existing.name === parameter.name)) {
    throw new StaleOverrideError(override, `${method} already documents ${parameter.name}`);
  }
  parameters.push({ ...parameter, description: `added by ${override}` });
}

export const SLACK_OVERRIDES: readonly SpecOverride[] = [
  {
    id: 'slack-message-metadata',
    says: 'chat.postMessage and chat.update take `metadata` (JSON: event_type, event_payload); the 2021 spec predates it',
    documented:
      'https://api.slack.com/methods/chat.postMessage#arg_metadata, https://api.slack.com/metadata/using',
    apply(spec) {
      for (const method of ['chat.postMessage', 'chat.update']) {
        addSlackParameter(spec, method, { name: 'metadata', in: 'formData', type: 'string' }, this.id);
      }
    },
  },
  {
    id: 'slack-include-all-metadata',
    says: 'conversations.history and conversations.replies take `include_all_metadata` (boolean); the 2021 spec predates it',
    documented: 'https://api.slack.com/methods/conversations.history#arg_include_all_metadata',
    apply(spec) {
      for (const method of ['conversations.history', 'conversations.replies']) {
        addSlackParameter(
          spec,
          method,
          { name: 'include_all_metadata', in: 'query', type: 'boolean' },
          this.id,
        );
      }
    },
  },
  {
    id: 'slack-apps-connections-open',
    says: 'apps.connections.open (Socket Mode, app-level token, no arguments) is missing from the 2021 spec',
    documented: 'https://api.slack.com/methods/apps.connections.open',
    apply(spec) {
      const paths = spec.paths as Json;
      if (paths['/apps.connections.open']) throw new StaleOverrideError(this.id, 'the spec now has it');
      paths['/apps.connections.open'] = {
        post: {
          operationId: 'apps_connections_open',
          consumes: ['application/x-www-form-urlencoded'],
          parameters: [{ name: 'token', in: 'header', type: 'string', required: true }],
        },
      };
    },
  },
];

/**
 * Not a difference of content but of transport: every Web API method accepts POST with its
 * arguments form-encoded, which is how @slack/web-api calls all of them, whatever verb the
 * description lists (https://api.slack.com/web#basics, "HTTP POST"). Applied by the Slack check.
 */
export const SLACK_POST_FOR_EVERY_METHOD =
  'https://api.slack.com/apis/web-api#basics: methods accept arguments as application/x-www-form-urlencoded POST bodies';

export function applyOverrides(spec: Json, overrides: readonly SpecOverride[]): Json {
  const copy = structuredClone(spec);
  for (const override of overrides) override.apply(copy);
  return copy;
}
