/**
 * A loopback HTTP server that serves fixture feeds and API responses by path, with ETag-based
 * conditional GET, scripted failures, requests left unanswered, and a log of every request (time
 * included, so tests can check the spacing of arXiv calls).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureResponse {
  status?: number;
  body?: string | Buffer;
  contentType?: string;
  etag?: string;
  headers?: Record<string, string>;
  /** Never answered: the request hangs until the client gives up or the server closes. */
  hang?: boolean;
}

export interface LoggedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
}

type Route = FixtureResponse | ((request: LoggedRequest) => FixtureResponse);

export interface FixtureServer {
  origin: string;
  url(path: string): string;
  /** Serves `response` at `path` (without query) from now on. */
  route(path: string, response: Route): void;
  requests: LoggedRequest[];
  requestsTo(path: string): LoggedRequest[];
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Route>();
  const requests: LoggedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const logged: LoggedRequest = {
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      at: performance.now(),
    };
    requests.push(logged);
    const route = routes.get(url.pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const response = typeof route === 'function' ? route(logged) : route;
    if (response.hang) return;
    if (response.etag && req.headers['if-none-match'] === response.etag) {
      res.writeHead(304, { etag: response.etag }).end();
      return;
    }
    res.writeHead(response.status ?? 200, {
      'content-type': response.contentType ?? 'application/xml; charset=utf-8',
      ...(response.etag ? { etag: response.etag } : {}),
      ...response.headers,
    });
    res.end(response.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, response) => routes.set(path, response),
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
