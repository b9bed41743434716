/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10/...` and the gateway at `/gateway` on one port.
 * Every request is recorded in order; responses can be scripted per route and call count; tests
 * await requests instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type MemberOptions } from './fake-gateway.js';
import { createRoutes, discordError, matchRoute, type RouteResponse } from './fake-rest-routes.js';
import { ChannelTypes, FakeDiscordState, type FakeFile, type Json } from './fake-state.js';

export { ChannelTypes, type Json };

export interface RecordedRequest {
  method: string;
  /** Decoded path below `/api/v10`, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON body, or the `payload_json` of a multipart upload. */
  body: Json;
  files: FakeFile[];
  /** `performance.now()` when the request arrived. */
  at: number;
}

/** One scripted answer; `pass` lets the real route answer that call, `hang` never answers. */
export type ScriptStep = RouteResponse | 'pass' | 'hang';

/**
 * A failure policy applied to every request before scripts: `before` answers instead of the
 * route (nothing happens), `after` lets the route act and then answers the failure (the client
 * does not know its request took effect, as when a response is lost).
 */
export type ChaosPolicy = (
  request: RecordedRequest,
) => { when: 'before' | 'after'; response: RouteResponse } | undefined;

export interface InteractionOutcome {
  callback: RecordedRequest;
  /** The request carrying the answer: the callback itself, or the PATCH/POST webhook after a defer. */
  answer: RecordedRequest;
  requests: RecordedRequest[];
}

const API_PREFIX = '/api/v10';

export class FakeDiscord {
  readonly state = new FakeDiscordState();
  readonly requests: RecordedRequest[] = [];
  readonly textChannelId = this.state.addChannel('papers', ChannelTypes.text);
  readonly forumChannelId = this.state.addChannel('talks-forum', ChannelTypes.forum);
  private readonly events = new EventEmitter();
  private readonly scripts = new Map<string, ScriptStep[]>();
  private chaos: ChaosPolicy | undefined;
  private gatewayRedirect: string | undefined;
  private readonly routes = createRoutes(this.state, () => this.gatewayUrl);
  private readonly gateway: FakeGateway;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    this.gateway = new FakeGateway(server, this.state, () => this.gatewayUrl);
  }

  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeDiscord(server, (server.address() as AddressInfo).port);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** The `api` option of @discordjs/rest / discord.js (without the version). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** What `GET /gateway/bot` hands out: this fake's gateway, unless redirected. */
  get gatewayUrl(): string {
    return this.gatewayRedirect ?? `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Hands out another gateway URL (one that never answers, or refuses), or this fake's again. */
  redirectGateway(url: string | undefined): void {
    this.gatewayRedirect = url;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  get gatewayConnections(): number {
    return this.gateway.connections;
  }

  /** Resolves once a gateway client has identified and was sent READY. */
  get gatewayReady(): Promise<void> {
    return this.gateway.ready;
  }

  /** A gateway outage: connected clients are dropped and reconnections closed until `restoreGateway()`. */
  dropGateway(): void {
    this.gateway.drop();
  }

  restoreGateway(): void {
    this.gateway.restore();
  }

  /** Scripts the next calls of `METHOD path` (path below /api/v10), in order; later calls pass. */
  script(method: string, path: string, ...steps: ScriptStep[]): void {
    const key = `${method} ${path}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...steps]);
  }

  /** Fails requests as the policy says, from now on (undefined: no more failures). */
  setChaos(policy: ChaosPolicy | undefined): void {
    this.chaos = policy;
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && matches(path, r.path));
  }

  /** The first request (already seen or still to come) that satisfies `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (request: RecordedRequest) => {
        if (!predicate(request)) return;
        this.events.off('request', listener);
        resolve(request);
      };
      this.events.on('request', listener);
    });
  }

  /** Resolves once `predicate` holds, checked after each request has been answered. */
  waitForState(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = () => {
        if (!predicate()) return;
        this.events.off('handled', listener);
        resolve();
      };
      this.events.on('handled', listener);
    });
  }

  /** Sends a slash command; resolves with the callback and the request that carried the answer. */
  sendCommand(name: string, options: Json[] = [], member?: MemberOptions): Promise<InteractionOutcome> {
    const { id, token } = this.gateway.sendInteraction(2, { name, options }, member);
    return this.interactionOutcome(id, token);
  }

  /** Sends an autocomplete request (interaction type 4); the answer is the callback with type 8. */
  sendAutocomplete(name: string, options: Json[], member?: MemberOptions): Promise<InteractionOutcome> {
    const { id, token } = this.gateway.sendInteraction(4, { name, options }, member);
    return this.interactionOutcome(id, token);
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async interactionOutcome(id: string, token: string): Promise<InteractionOutcome> {
    const callback = await this.waitForRequest((r) => r.path === `/interactions/${id}/${token}/callback`);
    const deferred = callback.body.type === 5;
    const answer = deferred
      ? await this.waitForRequest(
          (r) =>
            r.path.startsWith(`/webhooks/${this.applicationId}/${token}`) &&
            (r.method === 'PATCH' || r.method === 'POST'),
        )
      : callback;
    const requests = this.requests.filter((r) => r.path.includes(token));
    return { callback, answer, requests };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded = await recordRequest(req, url);
    this.requests.push(recorded);
    this.events.emit('request', recorded);
    const failure = this.chaos?.(recorded);
    const step = failure
      ? 'pass'
      : (this.scripts.get(`${recorded.method} ${recorded.path}`)?.shift() ?? 'pass');
    if (step === 'hang') return;
    if (failure?.when === 'after') this.answer(recorded);
    const response: RouteResponse = failure
      ? failure.response
      : step === 'pass'
        ? this.answer(recorded)
        : step;
    const payload = response.body === undefined ? '' : JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...(payload ? { 'content-type': 'application/json' } : {}),
      ...response.headers,
    });
    res.end(payload);
    this.events.emit('handled', recorded);
  }

  private answer(request: RecordedRequest): RouteResponse {
    // Interaction callbacks and webhooks authenticate by their token in the path, not the bot token.
    const needsBotToken = !/^\/(interactions|webhooks)\//.test(request.path);
    if (needsBotToken && !request.headers.authorization?.startsWith('Bot ')) {
      return discordError(401, 0, '401: Unauthorized');
    }
    const found = matchRoute(this.routes, request.method, request.path);
    return found ? found.handler(request, found.params) : discordError(404, 0, '404: Not Found');
  }
}

async function recordRequest(req: IncomingMessage, url: URL): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const { body, files } = await parseBody(raw, req.headers['content-type'] ?? '');
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname.replace(API_PREFIX, '')),
    query: url.searchParams,
    headers: req.headers,
    body,
    files,
    at: performance.now(),
  };
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: Json; files: FakeFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType.startsWith('multipart/form-data'))
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: FakeFile[] = [];
  for (const [key, value] of form.entries()) {
    if (key.startsWith('files[') && typeof value !== 'string') {
      files.push({ name: value.name, content: await value.text() });
    }
  }
  const payload = form.get('payload_json');
  return { body: typeof payload === 'string' ? JSON.parse(payload) : {}, files };
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}
