/**
 * A small Slack on 127.0.0.1 for tests: the Web API methods this project calls under `/api/`,
 * the Socket Mode websocket at `/socket`, and response_url endpoints at `/response/<n>` that
 * collect `respond()` posts. Real WebClient and Bolt talk to it unchanged. Failures can be
 * scripted per method and call number; every request is recorded.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { waitFor } from '../../support/wait.js';

/** A 429, a 500, `ok: false` with an error, or the connection dropped unanswered. */
export type FakeFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { error: string; needed?: string; provided?: string }
  | { reset: true };

/**
 * A failure policy applied to every Web API call before the scripted failures: `before` answers
 * the failure instead of acting, `after` acts (stores the message) and then answers the failure,
 * as Slack does when it times out or errs after storing a post.
 */
export type SlackChaos = (
  method: string,
  body: Record<string, unknown>,
) => { when: 'before' | 'after'; failure: FakeFailure } | undefined;

export interface RecordedRequest {
  method: string;
  /** performance.now() when it arrived. */
  at: number;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

export interface UserRoles {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

type Json = Record<string, unknown>;

/** Fields that WebClient sends as JSON strings inside a form body. */
const JSON_FIELDS = ['blocks', 'metadata', 'attachments'];

export class FakeSlack {
  readonly requests: RecordedRequest[] = [];
  /** Bodies posted to response_url by `respond()`. */
  readonly responses: Json[] = [];
  readonly users = new Map<string, UserRoles>();
  /** Members the bot cannot open a DM with, and the error conversations.open gives (user_disabled...). */
  readonly unreachable = new Map<string, string>();
  /** Ephemeral messages (chat.postEphemeral): seen by `user` alone, in `channel`. */
  readonly ephemerals: { channel: string; user: string; text: string }[] = [];
  socketConnections = 0;
  private readonly messages: StoredMessage[] = [];
  private readonly failures = new Map<string, Map<number | 'always', FakeFailure>>();
  private readonly calls = new Map<string, number>();
  private chaos: SlackChaos | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private readonly listeners = new Set<() => void>();
  /** Microseconds since the epoch of the newest message: a ts is the time it was stored, as in Slack. */
  private lastTs = 0;
  private envelopes = 0;
  private socketRedirect: string | undefined;
  private commandsSent = 0;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/socket' });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const fake = new FakeSlack(server, wss, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => void fake.handleRequest(req, res));
    wss.on('connection', (socket) => fake.onSocket(socket));
    return fake;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Makes apps.connections.open hand out another Socket Mode URL, or this fake's again. */
  redirectSocket(url: string | undefined): void {
    this.socketRedirect = url;
  }

  /** Fails the given calls (1-based, counted per method) of a method, or every call. */
  fail(method: string, failure: FakeFailure, calls: number[] | 'always' = [1]): void {
    const plan = this.failures.get(method) ?? new Map();
    for (const call of calls === 'always' ? (['always'] as const) : calls) plan.set(call, failure);
    this.failures.set(method, plan);
  }

  /** Fails calls as the policy says, from now on (undefined: no more failures). */
  setChaos(policy: SlackChaos | undefined): void {
    this.chaos = policy;
  }

  callCount(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  requestsTo(method: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method);
  }

  /** Messages of a channel, oldest first, thread replies included. */
  messagesIn(channel: string): StoredMessage[] {
    return this.messages.filter((message) => message.channel === channel);
  }

  /** Resolves once at least `count` respond() posts have arrived. */
  async waitForResponses(count: number): Promise<Json[]> {
    await this.until(() => this.responses.length >= count, `${count} respond() posts`);
    return this.responses.slice(0, count);
  }

  /** A slash command payload as Slack sends it, its response_url pointing here. */
  slashCommand(command: string, text: string, userId = 'U_MEMBER'): Record<string, string> {
    this.commandsSent += 1;
    return {
      token: 'verification-token',
      team_id: 'T0001',
      team_domain: 'herald-test',
      channel_id: 'C_COMMANDS',
      channel_name: 'general',
      user_id: userId,
      user_name: `name-of-${userId}`,
      command,
      text,
      api_app_id: 'A0001',
      is_enterprise_install: 'false',
      response_url: `${this.url}/response/${this.commandsSent}`,
      trigger_id: `trigger-${this.commandsSent}`,
    };
  }

  /** Sends a slash_commands envelope over Socket Mode; resolves with the app's ack payload. */
  async sendSlashCommand(payload: Record<string, string>): Promise<unknown> {
    await this.until(() => this.sockets.size > 0, 'a Socket Mode connection');
    this.envelopes += 1;
    const envelopeId = `envelope-${this.envelopes}`;
    const acked = waitFor<unknown>(
      `the ack of ${envelopeId} (${payload.command} ${payload.text})`,
      (done) => {
        this.acks.set(envelopeId, done);
        return () => this.acks.delete(envelopeId);
      },
      () => `${this.sockets.size} sockets`,
    );
    const envelope = {
      envelope_id: envelopeId,
      type: 'slash_commands',
      payload,
      accepts_response_payload: true,
    };
    for (const socket of this.sockets) socket.send(JSON.stringify(envelope));
    return acked;
  }

  /** Resolves once a channel holds at least `count` messages (thread replies included). */
  async waitForMessages(channel: string, count: number): Promise<StoredMessage[]> {
    await this.until(() => this.messagesIn(channel).length >= count, `${count} messages in ${channel}`);
    return this.messagesIn(channel);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Calls `listener` after every request; returns the function that stops it. */
  onRequest(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `ready` holds, checked after each request; with a time limit and a diagnostic. */
  private until(ready: () => boolean, what: string): Promise<void> {
    return waitFor(
      what,
      (done) => {
        const check = () => {
          if (ready()) done();
        };
        check();
        return this.onRequest(check);
      },
      () => {
        const last = this.requests.slice(-8).map((request) => request.method);
        return `${this.requests.length} Web API calls (the last: ${last.join(', ') || 'none'}), ${this.messages.length} messages, ${this.sockets.size} sockets, ${this.responses.length} responses`;
      },
    );
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private onSocket(socket: WebSocket): void {
    this.socketConnections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }));
    this.notify();
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path.startsWith('/response/')) {
      this.responses.push(body);
      send(res, 200, { ok: true });
    } else if (path.startsWith('/api/')) {
      this.answerApi(path.slice('/api/'.length), req, body, res);
    } else {
      send(res, 404, { ok: false, error: 'not_found' });
    }
    this.notify();
  }

  private answerApi(method: string, req: IncomingMessage, body: Json, res: ServerResponse): void {
    this.requests.push({ method, at: performance.now(), headers: req.headers, body });
    const call = this.callCount(method) + 1;
    this.calls.set(method, call);
    const chaos = this.chaos?.(method, body);
    const plan = this.failures.get(method);
    const failure = chaos?.failure ?? plan?.get(call) ?? plan?.get('always');
    if (chaos?.when === 'after') this.handle(method, body);
    if (failure && 'reset' in failure) {
      req.socket.destroy();
    } else if (failure && 'status' in failure && failure.status === 429) {
      res.setHeader('Retry-After', String(failure.retryAfter));
      send(res, 429, { ok: false, error: 'ratelimited' });
    } else if (failure && 'status' in failure) {
      send(res, failure.status, { ok: false, error: 'internal_error' });
    } else if (failure && 'error' in failure) {
      // missing_scope names the scope it needed and those the token has, as Slack does.
      send(res, 200, { ok: false, ...failure });
    } else {
      send(res, 200, this.handle(method, body));
    }
  }

  private handle(method: string, body: Json): Json {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          team: 'Herald',
          team_id: 'T0001',
          user: 'herald',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'apps.connections.open':
        return { ok: true, url: this.socketRedirect ?? `${this.url.replace('http', 'ws')}/socket` };
      case 'chat.postMessage':
        return this.postMessage(body);
      case 'chat.update':
        return this.update(body);
      case 'conversations.history':
        return this.history(body);
      case 'conversations.replies':
        return this.replies(body);
      case 'conversations.open':
        return this.openIm(body);
      case 'chat.postEphemeral':
        this.ephemerals.push({
          channel: String(body.channel),
          user: String(body.user),
          text: String(body.text),
        });
        return { ok: true, message_ts: `${Date.now() / 1000}` };
      case 'users.info': {
        const id = String(body.user);
        return { ok: true, user: { id, name: id, ...(this.users.get(id) ?? {}) } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** The bot's IM with one user, `D` + the user id, as Slack gives the same one every time. */
  private openIm(body: Json): Json {
    const users = String(body.users ?? '');
    if (!users || users.includes(',')) return { ok: false, error: 'users_list_not_supplied' };
    const refused = this.unreachable.get(users);
    return refused ? { ok: false, error: refused } : { ok: true, channel: { id: `D${users}` } };
  }

  private postMessage(body: Json): Json {
    const channel = String(body.channel);
    this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
    const ts = `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
    const message: StoredMessage = { type: 'message', channel, ts, bot_id: 'BBOT' };
    if (typeof body.text === 'string') message.text = body.text;
    if (Array.isArray(body.blocks)) message.blocks = body.blocks;
    if (typeof body.thread_ts === 'string') message.thread_ts = body.thread_ts;
    if (body.metadata) message.metadata = body.metadata as StoredMessage['metadata'];
    this.messages.push(message);
    return { ok: true, channel, ts, message };
  }

  private update(body: Json): Json {
    const message = this.messages.find((m) => m.channel === body.channel && m.ts === body.ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    if (typeof body.text === 'string') message.text = body.text;
    if (Array.isArray(body.blocks)) message.blocks = body.blocks;
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
  }

  /** Top-level messages only, newest first; metadata only when asked for, as Slack does. */
  private history(body: Json): Json {
    const top = this.messagesIn(String(body.channel))
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
      .reverse();
    return page(top, body);
  }

  /** A thread, its parent first, oldest first; metadata only when asked for. */
  private replies(body: Json): Json {
    const ts = String(body.ts);
    const thread = this.messagesIn(String(body.channel)).filter((m) => m.ts === ts || m.thread_ts === ts);
    if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
    return page(thread, body);
  }
}

/** One page of messages after `oldest`, as Slack pages them: `limit`, a cursor, `has_more`. */
function page(messages: StoredMessage[], body: Json): Json {
  const oldest = body.oldest === undefined ? undefined : Number(body.oldest);
  const shown = messages.filter((m) => oldest === undefined || Number(m.ts) > oldest);
  const limit = Number(body.limit ?? 100);
  const from = Number(body.cursor ?? 0);
  const withMetadata = String(body.include_all_metadata) === 'true';
  const slice = shown
    .slice(from, from + limit)
    .map(({ metadata, ...rest }) => (withMetadata && metadata ? { ...rest, metadata } : rest));
  const more = from + limit < shown.length;
  return {
    ok: true,
    messages: slice,
    has_more: more,
    ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}),
  };
}

async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if (String(req.headers['content-type']).includes('application/json')) return JSON.parse(raw) as Json;
  const body: Json = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) {
    if (typeof body[field] === 'string') body[field] = JSON.parse(body[field] as string);
  }
  return body;
}

function send(res: ServerResponse, status: number, body: Json): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
