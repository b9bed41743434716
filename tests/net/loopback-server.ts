/**
 * A real node:http server on loopback, answering by path with a handler per route. It records
 * requests and counts connections, so tests can show a refused fetch never reached it.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, server: LoopbackServer) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface LoopbackServer {
  host: string;
  port: number;
  /** `http://host:port` + path. */
  url(path: string): string;
  requests: RecordedRequest[];
  connections: number;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  routes: Record<string, RouteHandler>,
  host = '127.0.0.1',
): Promise<LoopbackServer> {
  const httpServer = createServer((req, res) => {
    const path = req.url ?? '/';
    state.requests.push({ path, headers: req.headers });
    const handler = routes[path.split('?')[0] ?? path];
    if (handler) handler(req, res, state);
    else res.writeHead(404).end('not found');
  });
  httpServer.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => httpServer.listen(0, host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const state: LoopbackServer = {
    host,
    port,
    url: (path) => `http://${urlHost}:${port}${path}`,
    requests: [],
    connections: 0,
    close: async () => {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
  return state;
}

/** Writes `chunk` again and again, respecting backpressure, until the client goes away. */
export function streamForever(res: ServerResponse, chunk: Buffer): void {
  const writeMore = () => {
    while (!res.destroyed && res.write(chunk)) {
      // keep writing while the socket buffer accepts more
    }
  };
  res.on('drain', writeMore);
  writeMore();
}
