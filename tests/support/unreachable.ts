/**
 * Endpoints that fail the way a firewall or an outage does, for the chat platforms and the feeds:
 * a server that accepts TCP connections and never says a word (no websocket handshake, no HTTP
 * answer), and an address where nothing listens (connection refused).
 */
import { createServer, type Socket } from 'node:net';
import { freeLoopbackPort } from './redis-server.js';

export interface SilentServer {
  /** `ws://` or `http://` URL of the server, with `path`. */
  url(scheme: 'ws' | 'http', path?: string): string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Resolves once at least `count` connections have been accepted. */
  waitForConnections(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const waiters: { count: number; resolve: () => void }[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    for (const waiter of waiters.filter((w) => connections >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (scheme, path = '/') => `${scheme}://127.0.0.1:${port}${path}`,
    get connections() {
      return connections;
    },
    waitForConnections: (count) =>
      connections >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback URL where nothing listens: every connection is refused. */
export async function refusedUrl(scheme: 'ws' | 'http' | 'redis', path = '/'): Promise<string> {
  return `${scheme}://127.0.0.1:${await freeLoopbackPort()}${scheme === 'redis' ? '' : path}`;
}
