/**
 * One logger (pino) for the whole process, writing JSON lines to stderr so stdout stays free for
 * announcements (`--output jsonl`). Secrets are redacted by key and by value.
 */
import { createRequire } from 'node:module';
import { type Logger, pino } from 'pino';
import type pinoPretty from 'pino-pretty';

export type { Logger };

const SECRET_KEYS = ['token', 'authorization', 'signingSecret', 'appToken', 'botToken', 'password', 'secret'];

/** Values that look like chat tokens, masked wherever they appear in a message. */
const TOKEN_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]+/g,
  /[MN][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}/g, // Discord bot token shape
];

/** `user:password@` in a URL (a feed behind basic auth): removed, as net/errors.ts redactUrl does. */
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)[^/?#\s@]+@/gi;

export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) if (secret.length >= 6) masked = masked.split(secret).join('[redacted]');
  for (const pattern of TOKEN_PATTERNS) masked = masked.replace(pattern, '[redacted]');
  return masked.replace(URL_CREDENTIALS, '$1');
}

export interface LoggerOptions {
  level?: string;
  /** Exact secret values from the environment, masked in every message. */
  secrets?: readonly string[];
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
      // pino's own serializer keeps the class, code, stack and cause; then every string is masked.
      serializers: {
        err: (error: unknown) => maskStrings(pino.stdSerializers.errWithCause(error as Error), secrets),
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // `logger.warn(error)`: pino would take the raw message as the line's msg; mask it.
          const cleaned =
            first instanceof Error && typeof rest[0] !== 'string'
              ? [{ err: first }, maskSecrets(first.message, secrets), ...rest]
              : args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg, secrets) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? defaultDestination(),
  );
}

/**
 * A copy with every string masked, through arrays and plain objects (a serialised error is one).
 * Other objects an error carries (a socket, a client) are named, not walked: a library's object
 * graph is no use in a log line and may be huge.
 */
function maskStrings(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_MASK_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, secrets, depth + 1));
  // A URL, a Date...: what JSON would print of it.
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return maskStrings(toJSON.call(value), secrets, depth + 1);
  const plain = value.constructor === Object || Object.getPrototypeOf(value) === null;
  if (!plain) return `[${value.constructor?.name ?? 'object'}]`;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[key] = maskStrings(item, secrets, depth + 1);
  return masked;
}

/** Deep enough for an error, its cause and a request it carries; also ends any cycle. */
const MAX_MASK_DEPTH = 8;

/** Readable lines for a person at a terminal; JSON lines for a service manager or a log shipper. */
function defaultDestination(): pino.DestinationStream {
  if (process.stderr.isTTY)
    return loadPretty()({
      destination: 2,
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
    });
  return pino.destination({ fd: 2, sync: true });
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** pino-pretty (CommonJS) is required only at a terminal: a service's logs never need it. */
function loadPretty(): typeof pinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof pinoPretty;
}
