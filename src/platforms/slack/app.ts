/**
 * The Slack app for `herald run`: Bolt in Socket Mode when an app token is given (no public URL
 * needed), else in HTTP mode on `port`, where Bolt verifies every request's signature and refuses
 * stale or unsigned ones with 401. It answers the slash commands and returns the poster the
 * delivery worker uses.
 */
import type { AddressInfo, Server } from 'node:net';
import { App, SocketModeReceiver } from '@slack/bolt';
import { type RetryOptions, WebClient } from '@slack/web-api';
import type { CommandService } from '../../commands/command.js';
import type { Logger } from '../../log.js';
import { createAdminCheck } from './admin-check.js';
import { slackClientOptions } from './client-options.js';
import { SlackSetupError } from './errors.js';
import { toSlackLogger } from './slack-logger.js';
import { registerSlashCommands } from './slash-commands.js';
import { createSlackPoster, type SlackPoster } from './web-poster.js';

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
  channelIntervalMs?: number;
}

export interface SlackAppHandle {
  mode: 'socket' | 'http';
  platform: SlackPoster;
  /** The port actually listened on, HTTP mode only. */
  port?: number;
  stop(): Promise<void>;
}

export async function startSlackApp(options: SlackAppOptions): Promise<SlackAppHandle> {
  const logger = options.logger.child({ platform: 'slack' });
  const clientOptions = slackClientOptions({ ...options, logger });
  const slackLogger = toSlackLogger(logger);
  const receiver = options.appToken
    ? new SocketModeReceiver({
        appToken: options.appToken,
        logger: slackLogger,
        installerOptions: { clientOptions },
      })
    : undefined;
  if (!receiver && !options.signingSecret) {
    throw new SlackSetupError(
      'Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN to use Socket Mode instead)',
    );
  }
  const identity = await verifyToken(options.botToken, clientOptions);
  const app = new App({
    token: options.botToken,
    ...(receiver ? { receiver } : { signingSecret: options.signingSecret }),
    // Verified above: left to Bolt, auth.test runs in its constructor, and its failure (Slack not
    // reachable at start) is a rejection nobody handles, which ends the process.
    tokenVerificationEnabled: false,
    botId: identity.botId,
    botUserId: identity.botUserId,
    clientOptions,
    logger: slackLogger,
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
  // Its own clients: posts must not share Bolt's retry policy (web-poster.ts).
  const platform = createSlackPoster({ ...options, token: options.botToken });
  return receiver
    ? startSocketMode(app, receiver, platform, logger)
    : startHttpMode(app, options, platform, logger);
}

/** The bot's own ids from auth.test; a bad token is a setup error with a clear message. */
async function verifyToken(token: string, clientOptions: ReturnType<typeof slackClientOptions>) {
  try {
    const result = await new WebClient(token, clientOptions).auth.test();
    if (!result.user_id) throw new Error('auth.test named no bot user');
    return { botUserId: result.user_id, botId: result.bot_id ?? undefined };
  } catch (error) {
    throw new SlackSetupError(
      `Slack refused or did not answer the bot token check (auth.test): ${describe(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function startSocketMode(
  app: App,
  receiver: SocketModeReceiver,
  platform: SlackPoster,
  logger: Logger,
): Promise<SlackAppHandle> {
  try {
    await app.start();
  } catch (error) {
    throw new SlackSetupError(`Could not open a Slack Socket Mode connection: ${describe(error)}`, {
      cause: error,
    });
  }
  logger.info('Slack app connected in Socket Mode');
  return {
    mode: 'socket',
    platform,
    async stop() {
      // app.stop() resolves before the socket has closed; wait for it, or the process lingers.
      // (The client is an eventemitter3 emitter, which node:events' once() does not accept.)
      const disconnected = new Promise<void>((resolve) =>
        receiver.client.once('disconnected', () => resolve()),
      );
      await app.stop();
      await disconnected;
      await platform.close();
    },
  };
}

async function startHttpMode(
  app: App,
  options: SlackAppOptions,
  platform: SlackPoster,
  logger: Logger,
): Promise<SlackAppHandle> {
  let server: Server;
  try {
    server = await app.start(options.host ? { port: options.port, host: options.host } : options.port);
  } catch (error) {
    throw new SlackSetupError(`Could not listen for Slack on port ${options.port}: ${describe(error)}`, {
      cause: error,
    });
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'Slack app listening for HTTP requests at /slack/events');
  return {
    mode: 'http',
    platform,
    port,
    async stop() {
      await app.stop();
      await platform.close();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
