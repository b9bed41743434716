/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10/...` and the gateway at `/gateway` on one port.
 * Every request is recorded in order; responses can be scripted per route and call count; tests
 * await requests instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WaitOptions, waitFor } from '../../support/wait.js';
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
  /** Why the body could not be parsed (answered 400 Invalid Form Body, as Discord does). */
  invalidBody?: string;
  /** `performance.now()` when the request arrived. */
  at: number;
}

/** A failure to answer with: a response, or `reset` (the connection is dropped unanswered). */
export type Failure = RouteResponse | 'reset';

/**
 * One scripted answer; `pass` lets the real route answer that call, `hang` never answers,
 * `afterActing` lets the route act (store the message) and then fails as given.
 */
export type ScriptStep = Failure | 'pass' | 'hang' | { afterActing: Failure };

/**
 * A failure policy applied to every request before scripts: `before` answers instead of the
 * route (nothing happens), `after` lets the route act and then answers the failure (the client
 * does not know its request took effect, as when a response is lost).
 */
export type ChaosPolicy = (
  request: RecordedRequest,
) => { when: 'before'; response: Failure | 'hang' } | { when: 'after'; response: Failure } | undefined;

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

  /** The `api` option of @discordjs/rest (without the version). */
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

  /** Resolves once a gateway client has identified and was sent READY; with a time limit. */
  get gatewayReady(): Promise<void> {
    return waitFor(
      'a gateway client to identify and be sent READY',
      (done) => {
        void this.gateway.ready.then(() => done());
        return () => {};
      },
      () => `${this.gateway.connections} gateway connections; ${this.#lastRequests()}`,
    );
  }

  /** A gateway outage: connected clients are dropped and reconnections closed until `restoreGateway()`. */
  dropGateway(): void {
    this.gateway.drop();
  }

  restoreGateway(): void {
    this.gateway.restore();
  }

  /** The next IDENTIFY is answered by closing the socket with `code`, as Discord does with 4004. */
  refuseGatewayIdentify(code: number): void {
    this.gateway.refuseIdentify(code);
  }

  /** Closes every gateway connection with `code`. */
  closeGateway(code: number): void {
    this.gateway.closeAll(code);
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

  /** Calls `listener` with every request as it arrives; returns the function that stops it. */
  onRequest(listener: (request: RecordedRequest) => void): () => void {
    this.events.on('request', listener);
    return () => this.events.off('request', listener);
  }

  /**
   * The first request (already seen or still to come) that satisfies `predicate`; rejects after
   * the time limit naming what it waited for and the last requests it saw.
   */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    what = `a request matching ${predicate}`,
    options: WaitOptions = {},
  ): Promise<RecordedRequest> {
    return waitFor<RecordedRequest>(
      what,
      (done) => {
        const seen = this.requests.find(predicate);
        if (seen) done(seen);
        const listener = (request: RecordedRequest) => {
          if (predicate(request)) done(request);
        };
        this.events.on('request', listener);
        return () => this.events.off('request', listener);
      },
      () => this.#lastRequests(),
      options,
    );
  }

  /** Resolves once `predicate` holds, checked after each request has been answered; with a time limit. */
  waitForState(predicate: () => boolean, what = `${predicate}`, options: WaitOptions = {}): Promise<void> {
    return waitFor(
      what,
      (done) => {
        const listener = () => {
          if (predicate()) done();
        };
        listener();
        this.events.on('handled', listener);
        return () => this.events.off('handled', listener);
      },
      () => this.#lastRequests(),
      options,
    );
  }

  #lastRequests(): string {
    const last = this.requests.slice(-8).map((request) => `${request.method} ${request.path}`);
    return `${this.requests.length} requests, the last: ${last.join(', ') || 'none'}`;
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
    const scripted = this.scripts.get(`${recorded.method} ${recorded.path}`)?.shift() ?? 'pass';
    const step: ScriptStep = scripted === 'pass' ? this.#chaosStep(recorded) : scripted;
    if (step === 'hang') return;
    let response: Failure;
    if (step === 'pass') response = this.answer(recorded);
    else if (step !== 'reset' && 'afterActing' in step) {
      this.answer(recorded);
      response = step.afterActing;
    } else response = step;
    if (response === 'reset') {
      req.socket.destroy();
      this.events.emit('handled', recorded);
      return;
    }
    const payload = response.body === undefined ? '' : JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...(payload ? { 'content-type': 'application/json' } : {}),
      ...response.headers,
    });
    res.end(payload);
    this.events.emit('handled', recorded);
  }

  #chaosStep(request: RecordedRequest): ScriptStep {
    const failure = this.chaos?.(request);
    if (!failure) return 'pass';
    return failure.when === 'after' ? { afterActing: failure.response } : failure.response;
  }

  private answer(request: RecordedRequest): RouteResponse {
    // Interaction callbacks and webhooks authenticate by their token in the path, not the bot token.
    const needsBotToken = !/^\/(interactions|webhooks)\//.test(request.path);
    if (needsBotToken && !request.headers.authorization?.startsWith('Bot ')) {
      return discordError(401, 0, '401: Unauthorized');
    }
    if (request.invalidBody) return discordError(400, 50035, `Invalid Form Body: ${request.invalidBody}`);
    const found = matchRoute(this.routes, request.method, request.path);
    return found ? found.handler(request, found.params) : discordError(404, 0, '404: Not Found');
  }
}

async function recordRequest(req: IncomingMessage, url: URL): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const parsed = await parseBody(raw, req.headers['content-type'] ?? '').catch((error: Error) => ({
    body: undefined,
    files: [],
    invalidBody: error.message,
  }));
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname.replace(API_PREFIX, '')),
    query: url.searchParams,
    headers: req.headers,
    ...parsed,
    at: performance.now(),
  };
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: Json; files: FakeFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType.startsWith('multipart/form-data'))
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  // Parsed as Discord does: a JSON `payload_json` part and file parts named `files[n]`.
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: FakeFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') continue;
    if (!/^files\[\d+\]$/.test(field)) throw new Error(`unexpected multipart field ${field}`);
    const bytes = Buffer.from(await value.arrayBuffer());
    files.push({ field, name: value.name, contentType: value.type, bytes, content: bytes.toString('utf8') });
  }
  const payload = form.get('payload_json');
  if (typeof payload !== 'string') throw new Error('multipart body without a payload_json part');
  return { body: JSON.parse(payload), files };
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}
