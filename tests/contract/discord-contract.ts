/**
 * Checks a request captured on the wire against Discord's OpenAPI description (the reduced copy in
 * tests/fixtures/specs, with the documented overrides): the route and method exist, path and query
 * parameters and the body validate (JSON, or multipart: payload_json validated as the JSON body,
 * every other part a documented file part with a file name), the bot token is sent where the route
 * needs it, and what the description cannot express but the documentation says holds (6,000
 * characters of embed text a message; no empty message). The bodies are the bot's own (the
 * libraries add no field of their own), so nothing undocumented is tolerated.
 *
 * Closed world: Discord's schemas leave objects open, and Discord silently ignores a field it does
 * not know, so a misspelt or misplaced field would be lost without an error. Here every object
 * schema is closed (`unevaluatedProperties: false`): a field the description does not declare is a
 * violation.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createAjv, describeErrors } from './json-schema.js';
import type { CapturedRequest } from './recording.js';
import { REDUCED } from './reduce-specs.js';
import { applyOverrides, DISCORD_FILE_PARTS, DISCORD_OVERRIDES } from './spec-overrides.js';

type Json = Record<string, unknown>;

const SPEC_ID = 'https://paper-herald.test/discord-openapi.json';
const API_PREFIX = /^\/api\/v10(?=\/)/;

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
const EMBED_TOTAL_LIMIT = 6000;

interface Operation {
  method: string;
  template: string;
  segments: string[];
  parameters: Json[];
  operation: Json;
}

export interface DiscordContract {
  /** Violations of the contract by this request; empty when it keeps it. */
  check(request: CapturedRequest): Promise<string[]>;
  /** `METHOD template` of the operation a request is for, or undefined. */
  operationOf(request: CapturedRequest): string | undefined;
}

export function loadDiscordSpec(): Json {
  const published = JSON.parse(readFileSync(REDUCED.discord, 'utf8')) as Json;
  return closeObjectSchemas(applyOverrides(published, DISCORD_OVERRIDES));
}

export function createDiscordContract(spec: Json = loadDiscordSpec()): DiscordContract {
  const ajv = createAjv();
  // The components as one schema document, so `#/components/schemas/X` references resolve.
  ajv.addKeyword('components');
  ajv.addSchema({ $id: SPEC_ID, components: spec.components });
  const validators = new Map<object, ValidateFunction>();
  const compile = (schema: object): ValidateFunction => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(absoluteRefs(schema));
      validators.set(schema, validate);
    }
    return validate;
  };
  const operations = listOperations(spec);

  const find = (request: CapturedRequest) => {
    const path = request.url.pathname.replace(API_PREFIX, '');
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    const candidates = operations.filter(
      (op) =>
        op.method === request.method &&
        op.segments.length === segments.length &&
        op.segments.every((part, index) => isParameter(part) || part === segments[index]),
    );
    // A literal segment (`@me`, `@original`) wins over a parameter in the same place.
    const literals = (op: Operation) => op.segments.filter((part) => !isParameter(part)).length;
    const found = candidates.sort((a, b) => literals(b) - literals(a))[0];
    return found && { op: found, segments };
  };

  return {
    operationOf: (request) => {
      const found = find(request);
      return found && `${found.op.method} ${found.op.template}`;
    },
    async check(request) {
      const found = find(request);
      const label = `${request.method} ${request.url.pathname}`;
      if (!API_PREFIX.test(request.url.pathname)) return [`${label}: not under /api/v10`];
      if (!found) {
        return [
          `${label}: no such operation in the reduced Discord description (add it to used-operations.ts and run reduce-specs.ts if Discord documents it)`,
        ];
      }
      const { op, segments } = found;
      const where = `${op.method} ${op.template}`;
      return [
        ...checkAuthorization(where, op, request),
        ...checkParameters(where, op, segments, request.url.searchParams, compile),
        ...(await checkBody(where, op, request, compile)),
      ];
    },
  };
}

function isParameter(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function listOperations(spec: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters') continue;
      operations.push({
        method: method.toUpperCase(),
        template,
        segments: template.split('/').slice(1),
        parameters: [
          ...((item.parameters as Json[]) ?? []),
          ...(((operation as Json).parameters as Json[]) ?? []),
        ],
        operation: operation as Json,
      });
    }
  }
  return operations;
}

function checkAuthorization(where: string, op: Operation, request: CapturedRequest): string[] {
  const security = (op.operation.security as Json[] | undefined) ?? [];
  const anonymousAllowed = security.length === 0 || security.some((entry) => Object.keys(entry).length === 0);
  if (anonymousAllowed) return [];
  const authorization = request.headers.authorization ?? '';
  return /^Bot \S+$/.test(authorization) ? [] : [`${where}: needs "Authorization: Bot <token>"`];
}

function checkParameters(
  where: string,
  op: Operation,
  segments: string[],
  query: URLSearchParams,
  compile: (schema: object) => ValidateFunction,
): string[] {
  const problems: string[] = [];
  const declared = (place: string) => op.parameters.filter((parameter) => parameter.in === place);
  for (const parameter of declared('path')) {
    const index = op.segments.indexOf(`{${parameter.name}}`);
    problems.push(...validateValue(`${where} path ${parameter.name}`, parameter, segments[index]!, compile));
  }
  const known = new Set(declared('query').map((parameter) => parameter.name as string));
  for (const [name, value] of query) {
    const parameter = declared('query').find((candidate) => candidate.name === name);
    if (!parameter)
      problems.push(`${where}: query parameter ${name} is not documented (${[...known].join(', ')})`);
    else problems.push(...validateValue(`${where} query ${name}`, parameter, value, compile));
  }
  return problems;
}

/** A path or query value is text: coerce it to the type its schema asks for before validating. */
function validateValue(
  where: string,
  parameter: Json,
  raw: string,
  compile: (schema: object) => ValidateFunction,
): string[] {
  const schema = parameter.schema as Json;
  const type = JSON.stringify(schema.type ?? '');
  const value = coerce(raw, type);
  const validate = compile(schema);
  return validate(value) ? [] : describeErrors(where, validate.errors);
}

function coerce(raw: string, type: string): unknown {
  if (type.includes('integer') && /^-?\d+$/.test(raw)) return Number(raw);
  if (type.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

async function checkBody(
  where: string,
  op: Operation,
  request: CapturedRequest,
  compile: (schema: object) => ValidateFunction,
): Promise<string[]> {
  const content = (op.operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  if (!content)
    return request.body.length === 0 ? [] : [`${where}: takes no body, got ${request.body.length} bytes`];
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
  const media = content[type];
  if (!media) return [`${where}: content type "${type}" not accepted (${Object.keys(content).join(', ')})`];
  const jsonSchema = content['application/json']?.schema as object | undefined;
  if (!jsonSchema) return [`${where}: no JSON schema to validate against`];
  const validateJson: JsonCheck = (label, text, files) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return [`${label}: body is not JSON (${(error as Error).message})`];
    }
    const validate = compile(jsonSchema);
    const problems = validate(body) ? [] : describeErrors(label, validate.errors);
    return [
      ...problems,
      ...checkEmbedTotals(label, body),
      ...checkNotEmpty(label, messageCreatedBy(where, body), files),
    ];
  };
  if (type === 'application/json') return validateJson(where, request.body.toString('utf8'), 0);
  if (type === 'multipart/form-data') return checkMultipart(where, media, request, validateJson);
  return [`${where}: the bot is expected to send JSON or multipart, not ${type}`];
}

type JsonCheck = (label: string, text: string, files: number) => string[];

/**
 * https://discord.com/developers/docs/reference#uploading-files: the JSON body goes in the
 * `payload_json` part, each file in a `files[n]` part with a file name.
 */
async function checkMultipart(
  where: string,
  media: Json,
  request: CapturedRequest,
  validateJson: JsonCheck,
): Promise<string[]> {
  let form: FormData;
  try {
    const headers = { 'content-type': request.headers['content-type'] ?? '' };
    form = await new Response(new Uint8Array(request.body), { headers }).formData();
  } catch (error) {
    return [`${where}: multipart body does not parse (${(error as Error).message})`];
  }
  const allowed = new Set([...fileParts(media)]);
  const problems: string[] = [];
  let files = 0;
  for (const [name, value] of form.entries()) {
    if (name === 'payload_json') continue;
    if (typeof value === 'string')
      problems.push(`${where}: multipart field ${name} is not a file or payload_json`);
    else if (!allowed.has(name))
      problems.push(`${where}: file part ${name} is not documented for this route`);
    else if (!value.name) problems.push(`${where}: file part ${name} has no file name`);
    else files += 1;
  }
  const payload = form.get('payload_json');
  if (typeof payload !== 'string') problems.push(`${where}: multipart body without payload_json`);
  else problems.push(...validateJson(`${where} payload_json`, payload, files));
  if (files === 0) problems.push(`${where}: multipart body without a file`);
  return problems;
}

/** `files[n]` parts the route's multipart schema declares, or a documented override adds. */
function fileParts(media: Json): string[] {
  const overridden = media['x-herald-file-parts'] as string[] | undefined;
  if (overridden) return overridden;
  const text = JSON.stringify(media.schema ?? {});
  return DISCORD_FILE_PARTS.filter((part) => text.includes(`"${part}"`));
}

/** Operations that create a message, and where in the body the message is. */
const MESSAGE_CREATING = new Map<string, (body: Json) => unknown>([
  ['POST /channels/{channel_id}/messages', (body) => body],
  ['POST /channels/{channel_id}/threads', (body) => body.message],
  ['POST /webhooks/{webhook_id}/{webhook_token}', (body) => body],
]);

function messageCreatedBy(operation: string, body: unknown): unknown {
  const locate = MESSAGE_CREATING.get(operation);
  return locate && body !== null && typeof body === 'object' ? locate(body as Json) : undefined;
}

/**
 * "apps must provide a value for at least one of content, embeds, sticker_ids, components,
 * files[n], or poll" (https://discord.com/developers/docs/resources/message#create-message);
 * content that is only white space counts as none ("Cannot send an empty message").
 */
function checkNotEmpty(where: string, message: unknown, files: number): string[] {
  if (message === undefined || message === null || typeof message !== 'object') return [];
  const json = message as Json;
  const present = (field: string) => Array.isArray(json[field]) && (json[field] as unknown[]).length > 0;
  const hasContent = typeof json.content === 'string' && json.content.trim() !== '';
  if (hasContent || files > 0 || json.poll || ['embeds', 'sticker_ids', 'components'].some(present))
    return [];
  return [`${where}: an empty message (no content, embed, file, sticker, component or poll)`];
}

/** The embeds of every message in a body: the body itself, an interaction's data, a forum post's message. */
function messagesIn(body: unknown): Json[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const json = body as Json;
  return [json, ...messagesIn(json.data), ...messagesIn(json.message)];
}

function embedLength(embed: Json): number {
  const text = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const fields = (embed.fields as Json[] | undefined) ?? [];
  return (
    text(embed.title) +
    text(embed.description) +
    text((embed.footer as Json | undefined)?.text) +
    text((embed.author as Json | undefined)?.name) +
    fields.reduce((sum, field) => sum + text(field.name) + text(field.value), 0)
  );
}

/** The combined embed text of one message: at most 6,000 characters. */
function checkEmbedTotals(where: string, body: unknown): string[] {
  return messagesIn(body).flatMap((message) => {
    const embeds = Array.isArray(message.embeds) ? (message.embeds as Json[]) : [];
    const total = embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
    return total > EMBED_TOTAL_LIMIT
      ? [`${where}: embeds hold ${total} characters of text, more than ${EMBED_TOTAL_LIMIT}`]
      : [];
  });
}

/** `#/components/...` -> the spec's absolute id, so an operation's schema compiles on its own. */
function absoluteRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`));
}

/** Every object schema with declared properties refuses the ones it does not declare. */
export function closeObjectSchemas(spec: Json): Json {
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as Json;
    if (schema.properties && schema.additionalProperties === undefined) schema.unevaluatedProperties = false;
    for (const child of Array.isArray(node) ? node : Object.values(schema)) visit(child);
  };
  visit(spec.components);
  return spec;
}
