/**
 * A recording proxy on 127.0.0.1: the real clients send to it, it keeps every request exactly as
 * it arrived (method, path, headers, raw body bytes) and forwards it to a fake, whose answer it
 * passes back unchanged. The contract tests validate these raw requests, so what is checked is what
 * the libraries put on the wire, not a fake's reading of it; the fakes themselves stay untouched.
 */
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  /** Path and query as sent, relative to the proxy. */
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class RecordingProxy {
  readonly requests: CapturedRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  /** Starts a proxy in front of `target` (an origin such as `http://127.0.0.1:1234`). */
  static async start(target: string): Promise<RecordingProxy> {
    const server = createServer();
    const proxy = new RecordingProxy(server, new URL(target));
    server.on('request', (req, res) => void proxy.forward(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    this.requests.push({ method, url: new URL(req.url ?? '/', this.url), headers: req.headers, body });
    const upstream = httpRequest(new URL(req.url ?? '/', this.target), {
      method,
      headers: { ...req.headers, host: this.target.host },
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`recording proxy: ${error.message}`);
    });
    upstream.end(body);
  }
}

export function isMultipart(request: CapturedRequest): boolean {
  return String(request.headers['content-type']).startsWith('multipart/form-data');
}

/** Resolves with `promise`, or fails after `ms` naming what was awaited and what was seen so far. */
export async function within<T>(ms: number, awaited: string, seen: () => string, promise: Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${awaited}; saw ${seen()}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
