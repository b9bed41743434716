/**
 * One logger (pino) for the whole process, writing JSON lines to stderr so stdout stays free for
 * announcements (`--output jsonl`). Secrets are redacted by key and by value.
 */
import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const SECRET_KEYS = ['token', 'authorization', 'signingSecret', 'appToken', 'botToken', 'password', 'secret'];

/** Values that look like chat tokens, masked wherever they appear in a message. */
const TOKEN_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]+/g,
  /[MN][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}/g, // Discord bot token shape
];

export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) if (secret.length >= 6) masked = masked.split(secret).join('[redacted]');
  for (const pattern of TOKEN_PATTERNS) masked = masked.replace(pattern, '[redacted]');
  return masked;
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
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg, secrets) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          const err = object.err as Error | undefined;
          if (err instanceof Error) {
            return {
              ...object,
              err: {
                type: err.name,
                message: maskSecrets(err.message, secrets),
                code: (err as { code?: unknown }).code,
              },
            };
          }
          return object;
        },
      },
    },
    options.destination ?? defaultDestination(),
  );
}

/** Readable lines for a person at a terminal; JSON lines for a service manager or a log shipper. */
function defaultDestination(): pino.DestinationStream {
  if (process.stderr.isTTY)
    return pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  return pino.destination({ fd: 2, sync: true });
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
