/**
 * The Slack app for `herald run`, for slash commands: Bolt in Socket Mode when an app token is
 * given (no public URL needed), else in HTTP mode on `port`, where Bolt verifies every request's
 * signature and refuses stale or unsigned ones with 401. One call is one connection attempt;
 * kept-connection.ts bounds it in time and retries it. Announcements never go through it
 * (web-poster.ts does).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// App and SocketModeReceiver from their own modules: Bolt's index also loads the receivers the bot
// never uses (ExpressReceiver with express and its dependencies, AwsLambdaReceiver), about 2 MB of
// memory for the life of the process. They are CommonJS modules whose class is `exports.default`.
import BoltApp from '@slack/bolt/dist/App.js';
import BoltSocketModeReceiver from '@slack/bolt/dist/receivers/SocketModeReceiver.js';
import { type FetchFunction, type RetryOptions, WebClient } from '@slack/web-api';
import { Agent, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici';
import type { CommandService } from '../../commands/command.js';
import type { Logger } from '../../log.js';
import type { AttemptControl, LinkWatcher, OpenLink } from '../kept-connection.js';
import { createAdminCheck } from './admin-check.js';
import { slackClientOptions } from './client-options.js';
import { SlackSetupError } from './errors.js';
import { toSlackLogger } from './slack-logger.js';
import { registerSlashCommands } from './slash-commands.js';

const App = commonJsDefault(BoltApp);
type App = InstanceType<typeof App>;
const SocketModeReceiver = commonJsDefault(BoltSocketModeReceiver);
type SocketModeReceiver = InstanceType<typeof SocketModeReceiver>;

/**
 * `exports.default` of a CommonJS module imported by default: Node (and the bundle) give the
 * whole `exports`, vitest's loader already its `default`.
 */
function commonJsDefault<T>(exports: { default: T }): T {
  return (exports as Partial<{ default: T }>).default ?? (exports as unknown as T);
}

export interface SlackAppOptions {
  botToken: string;
  /** `xapp-...`: Socket Mode. Without it the app listens for HTTP on `port`. */
  appToken?: string;
  /** Required in HTTP mode. */
  signingSecret?: string;
  /** HTTP mode only; 0 picks a free port (tests). */
  port: number;
  /** HTTP mode only; default all interfaces. */
  host?: string;
  apiUrl?: string;
  /** User ids from `slack.admins`. */
  admins: string[];
  commands: CommandService;
  logger: Logger;
  retryConfig?: RetryOptions;
}

export interface SlackAppHandle extends OpenLink {
  mode: 'socket' | 'http';
  /** The port actually listened on, HTTP mode only. */
  port?: number;
}

/** How long closing waits for the Socket Mode client to say it has disconnected. */
const DISCONNECT_WAIT_MS = 2_000;

/** What one attempt has opened so far, for closing it. */
interface AttemptParts {
  dispatcher: Agent;
  app?: App;
  receiver?: SocketModeReceiver;
  server?: Server;
}

/** Settings without which no attempt can succeed. */
export function checkSlackAppSettings(options: Pick<SlackAppOptions, 'appToken' | 'signingSecret'>): void {
  if (!options.appToken && !options.signingSecret) {
    throw new SlackSetupError(
      'Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN to use Socket Mode instead)',
    );
  }
}

/** Checks the token, then connects over Socket Mode or listens for HTTP, and answers slash commands. */
export async function startSlackApp(
  options: SlackAppOptions,
  control: AttemptControl = {},
): Promise<SlackAppHandle> {
  const logger = options.logger.child({ platform: 'slack' });
  checkSlackAppSettings(options);
  // Every socket of this attempt (Web API calls and the websocket) goes through one dispatcher, so
  // closing ends them at once, even a websocket still opening to an endpoint that never answers.
  const parts: AttemptParts = { dispatcher: new Agent() };
  const fetch = ((url, init) =>
    // The Web API's init is fetch's; only FormData's type differs between the DOM and undici typings.
    undiciFetch(url, { ...init, dispatcher: parts.dispatcher } as UndiciRequestInit)) as FetchFunction;
  const clientOptions = { ...slackClientOptions({ ...options, logger }), fetch };
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeAttempt(parts);
    return closing;
  };
  const { signal, watch } = control;
  const abort = () => void close();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const identity = await verifyToken(options.botToken, clientOptions);
    if (options.appToken) {
      parts.receiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger: toSlackLogger(logger),
        dispatcher: parts.dispatcher,
        // The attempt is retried as a whole, with backoff: no retries of apps.connections.open here.
        installerOptions: { clientOptions: { ...clientOptions, retryConfig: { retries: 0 } } },
      });
    }
    parts.app = createApp(options, { receiver: parts.receiver, identity, clientOptions, logger });
    const handle = parts.receiver
      ? await startSocketMode(parts.app, parts.receiver, watch)
      : await startHttpMode(parts, options);
    logger.info({ mode: handle.mode, port: handle.port }, 'Slack app started');
    return { ...handle, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Sockets first: app.stop() alone sends a close frame and waits 30 s for a peer that never
 * answers. Then Bolt stops (no reconnection, the HTTP server closed).
 */
async function closeAttempt({ dispatcher, app, receiver, server }: AttemptParts): Promise<void> {
  const disconnected = receiver
    ? new Promise<void>((resolve) => {
        // The client is an eventemitter3 emitter, which node:events' once() does not accept.
        receiver.client.once('disconnected', () => resolve());
        setTimeout(resolve, DISCONNECT_WAIT_MS).unref();
      })
    : undefined;
  server?.closeAllConnections();
  await dispatcher.destroy().catch(() => undefined);
  await app?.stop().catch(() => undefined);
  await disconnected;
}

function createApp(
  options: SlackAppOptions,
  parts: {
    receiver: SocketModeReceiver | undefined;
    identity: { botUserId: string; botId: string | undefined };
    clientOptions: ReturnType<typeof slackClientOptions>;
    logger: Logger;
  },
): App {
  const { receiver, identity, clientOptions, logger } = parts;
  const app = new App({
    token: options.botToken,
    ...(receiver ? { receiver } : { signingSecret: options.signingSecret }),
    // Verified above: left to Bolt, auth.test runs in its constructor, and its failure (Slack not
    // reachable at start) is a rejection nobody handles, which ends the process.
    tokenVerificationEnabled: false,
    botId: identity.botId,
    botUserId: identity.botUserId,
    clientOptions,
    logger: toSlackLogger(logger),
    // Acknowledge before the listener finishes: commands may take longer than Slack's 3 s.
    processBeforeResponse: false,
  });
  const adminCheck = createAdminCheck({
    admins: options.admins,
    lookUpRoles: async (user) => (await app.client.users.info({ user })).user,
    logger,
  });
  registerSlashCommands(app, { commands: options.commands, adminCheck, logger });
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack app error');
  });
  return app;
}

/** The bot's own ids from auth.test; a bad token is a setup error with a clear message. */
async function verifyToken(token: string, clientOptions: ReturnType<typeof slackClientOptions>) {
  try {
    // No retries here: the attempt is retried as a whole, with backoff.
    const result = await new WebClient(token, { ...clientOptions, retryConfig: { retries: 0 } }).auth.test();
    if (!result.user_id) throw new Error('auth.test named no bot user');
    return { botUserId: result.user_id, botId: result.bot_id ?? undefined };
  } catch (error) {
    throw new SlackSetupError(
      `Slack refused or did not answer the bot token check (auth.test): ${describe(error)}`,
      { cause: error },
    );
  }
}

async function startSocketMode(
  app: App,
  receiver: SocketModeReceiver,
  watch: LinkWatcher | undefined,
): Promise<Omit<SlackAppHandle, 'close'>> {
  try {
    // Rejects (with nothing) when closed before Slack said hello.
    await app.start();
  } catch (error) {
    throw new SlackSetupError(
      `Could not open a Slack Socket Mode connection: ${describe(error ?? 'closed')}`,
      { cause: error },
    );
  }
  if (watch) {
    // The Socket Mode client reconnects by itself when Slack drops or recycles the socket.
    receiver.client.on('reconnecting', () => watch.reconnecting('the Socket Mode connection dropped'));
    receiver.client.on('connected', () => watch.restored());
  }
  return { mode: 'socket' };
}

async function startHttpMode(
  parts: AttemptParts,
  options: SlackAppOptions,
): Promise<Omit<SlackAppHandle, 'close'>> {
  const app = parts.app!;
  try {
    parts.server = (await app.start(
      options.host ? { port: options.port, host: options.host } : options.port,
    )) as Server;
  } catch (error) {
    throw new SlackSetupError(`Could not listen for Slack on port ${options.port}: ${describe(error)}`, {
      cause: error,
    });
  }
  return { mode: 'http', port: (parts.server.address() as AddressInfo).port };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
