/**
 * Checks a Web API call captured on the wire against Slack's Web API description (the reduced copy
 * in tests/fixtures/specs, with the documented overrides): the method exists, the body is in an
 * encoding the method accepts, every argument is one the method documents and has its type, the
 * required ones are there, the token is sent, and blocks keep Block Kit's documented limits
 * (block-kit-schema.ts). Bodies posted to a slash command's response_url are checked against the
 * documented message-response fields and the same Block Kit limits.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { BLOCKS_SCHEMA, MESSAGE_TEXT_SCHEMA, RESPONSE_URL_BODY_SCHEMA } from './block-kit-schema.js';
import { createAjv, describeErrors } from './json-schema.js';
import type { CapturedRequest } from './recording.js';
import { REDUCED } from './reduce-specs.js';
import {
  applyOverrides,
  SLACK_METADATA_SCHEMA,
  SLACK_OVERRIDES,
  SLACK_POST_FOR_EVERY_METHOD,
} from './spec-overrides.js';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  type: string;
  required?: boolean;
}

interface Method {
  verb: string;
  consumes: string[];
  parameters: Parameter[];
}

/** Arguments sent as JSON text inside a form body, and the schema of what the text holds. */
const JSON_ARGUMENTS: Record<string, object> = {
  blocks: BLOCKS_SCHEMA,
  metadata: SLACK_METADATA_SCHEMA,
  attachments: { type: 'array' },
};

/** Methods that post or rewrite a message. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update']);

/** Form values are text: what each documented type looks like written out. */
const FORM_VALUE: Record<string, object> = {
  string: { type: 'string' },
  boolean: { enum: ['true', 'false', '1', '0'] },
  integer: { type: 'string', pattern: '^-?[0-9]+$' },
  number: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' },
};

const JSON_VALUE: Record<string, object> = {
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  integer: { type: 'integer' },
  number: { type: 'number' },
};

export interface SlackContract {
  /** Violations of a Web API call; empty when it keeps the contract. */
  check(request: CapturedRequest): string[];
  /** Violations of a body posted to a response_url. */
  checkResponseUrlBody(request: CapturedRequest): string[];
  /** The Web API method a request calls. */
  methodOf(request: CapturedRequest): string | undefined;
}

export function loadSlackSpec(): Json {
  return applyOverrides(JSON.parse(readFileSync(REDUCED.slack, 'utf8')) as Json, SLACK_OVERRIDES);
}

export function createSlackContract(spec: Json = loadSlackSpec()): SlackContract {
  const ajv = createAjv();
  const methods = listMethods(spec);
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: () => object) => {
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(schema());
      validators.set(key, validate);
    }
    return validate;
  };
  const validate = (where: string, key: string, schema: () => object, value: unknown) => {
    const run = validatorFor(key, schema);
    return run(value) ? [] : describeErrors(where, run.errors);
  };

  return {
    methodOf: (request) => methodName(request),

    check(request) {
      const name = methodName(request);
      const method = name === undefined ? undefined : methods.get(name);
      if (!name || !method) {
        return [
          `${request.url.pathname}: not a method of the reduced Slack description (see used-operations.ts)`,
        ];
      }
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
      const problems: string[] = [];
      if (request.method !== 'POST' && request.method !== method.verb) {
        problems.push(
          `${name}: sent with ${request.method}, documented ${method.verb} (${SLACK_POST_FOR_EVERY_METHOD})`,
        );
      }
      if (!method.consumes.includes(type)) {
        problems.push(`${name}: sent as "${type}", the method takes ${method.consumes.join(' or ')}`);
      }
      const form = type !== 'application/json';
      const args = parseArguments(request.body.toString('utf8'), form);
      if (typeof args === 'string') return [...problems, `${name}: ${args}`];
      const token = args.token ?? request.headers.authorization?.replace(/^Bearer /, '');
      if (!token || !/^xox[a-z]-|^xapp-/.test(String(token))) problems.push(`${name}: no Slack token sent`);
      const { token: _token, ...rest } = args;
      problems.push(
        ...validate(name, `${name}:${form}`, () => argumentsSchema(method, form), rest),
        ...checkMessage(name, rest, form, validate),
        ...(MESSAGE_METHODS.has(name) ? checkNotEmpty(name, rest) : []),
      );
      return problems;
    },

    checkResponseUrlBody(request) {
      const where = `response_url ${request.url.pathname}`;
      if (request.method !== 'POST') return [`${where}: sent with ${request.method}, not POST`];
      if (!String(request.headers['content-type']).startsWith('application/json')) {
        return [`${where}: sent as ${request.headers['content-type']}, not JSON`];
      }
      const body = parseArguments(request.body.toString('utf8'), false);
      if (typeof body === 'string') return [`${where}: ${body}`];
      return validate(where, 'response_url', () => RESPONSE_URL_BODY_SCHEMA, body);
    },
  };
}

/**
 * "One of these arguments is required to describe the content of the message: attachments,
 * blocks, text" (https://api.slack.com/methods/chat.postMessage); empty ones, or text of white
 * space only, describe nothing.
 */
function checkNotEmpty(name: string, args: Json): string[] {
  const given = (value: unknown) =>
    value !== undefined && (typeof value !== 'string' || !['', '[]'].includes(value.trim()));
  if (given(args.text) || given(args.blocks) || given(args.attachments)) return [];
  return [`${name}: no text, blocks or attachments (an empty message)`];
}

function methodName(request: CapturedRequest): string | undefined {
  return /^\/api\/([\w.]+)$/.exec(request.url.pathname)?.[1];
}

function listMethods(spec: Json): Map<string, Method> {
  const methods = new Map<string, Method>();
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, Json>>)) {
    const [verb, operation] = Object.entries(item)[0]!;
    methods.set(path.slice(1), {
      verb: verb.toUpperCase(),
      consumes: (operation.consumes as string[]) ?? ['application/x-www-form-urlencoded'],
      parameters: operation.parameters as Parameter[],
    });
  }
  return methods;
}

function parseArguments(text: string, form: boolean): Json | string {
  if (form) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Json)
      : 'JSON body is not an object';
  } catch (error) {
    return `body is not JSON (${(error as Error).message})`;
  }
}

/** The documented arguments as a closed object schema; `token` travels in the Authorization header. */
function argumentsSchema(method: Method, form: boolean): object {
  const values = form ? FORM_VALUE : JSON_VALUE;
  const documented = method.parameters.filter((parameter) => parameter.name !== 'token');
  const jsonText = (parameter: Parameter) => form && parameter.name in JSON_ARGUMENTS;
  return {
    type: 'object',
    properties: Object.fromEntries(
      documented.map((parameter) => [
        parameter.name,
        jsonText(parameter) ? { type: 'string' } : (values[parameter.type] ?? { type: 'string' }),
      ]),
    ),
    required: documented.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    additionalProperties: false,
  };
}

/** `text` within Slack's limit, and each JSON argument (blocks, metadata) valid against its schema. */
function checkMessage(
  name: string,
  args: Json,
  form: boolean,
  validate: (where: string, key: string, schema: () => object, value: unknown) => string[],
): string[] {
  const problems: string[] = [];
  if (args.text !== undefined) {
    problems.push(...validate(`${name} text`, 'message-text', () => MESSAGE_TEXT_SCHEMA, args.text));
  }
  for (const [argument, schema] of Object.entries(JSON_ARGUMENTS)) {
    if (args[argument] === undefined) continue;
    let value = args[argument];
    if (form) {
      try {
        value = JSON.parse(String(value));
      } catch {
        problems.push(`${name} ${argument}: not JSON text`);
        continue;
      }
    }
    problems.push(...validate(`${name} ${argument}`, `json:${argument}`, () => schema, value));
  }
  return problems;
}
