/**
 * A real redis-server (the Debian package) on a free loopback port with a temporary directory and
 * no persistence, for the Redis backend's tests and the benchmark. Readiness is its own log line
 * ("Ready to accept connections") confirmed by a PING, never a sleep. `stop()` and `start()` let
 * a test take Redis away under an open client and bring it back on the same port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
  /** Stops it (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

export interface RedisServerOptions {
  /** More redis-server arguments, e.g. ['--requirepass', 'secret']. */
  args?: string[];
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-redis-'));
  const args = options.args ?? [];
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    // The port is free when probed but may be taken before redis binds it: then try another.
    const port = await freeLoopbackPort();
    try {
      return await managedServer(port, dir, args, await launch(port, dir, args));
    } catch (error) {
      lastError = error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`could not start redis-server: ${(lastError as Error)?.message}`);
}

async function managedServer(
  port: number,
  dir: string,
  args: string[],
  first: ChildProcess,
): Promise<RedisServer> {
  let child: ChildProcess | undefined = first;
  const stop = async () => {
    if (!child) return;
    const exiting = child;
    child = undefined;
    await terminate(exiting);
  };
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== undefined;
    },
    start: async () => {
      if (child) return;
      child = await launch(port, dir, args);
    },
    stop,
    dispose: async () => {
      await stop();
      process.off('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(port: number, dir: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await waitForReadyLine(child);
    await ping(port);
    return child;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Resolves on redis's readiness log line; rejects if it exits or stays silent too long. */
function waitForReadyLine(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => finish(new Error(`redis-server not ready: ${output.slice(-500)}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) finish();
    };
    const onExit = (code: number | null) =>
      finish(new Error(`redis-server exited (${code}): ${output.slice(-500)}`));
    const onError = (error: Error) => finish(error);
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining its output so a full pipe never blocks the server.
      child.stdout?.resume();
      child.stderr?.resume();
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** An idle socket this long means the server is not answering (a socket timeout, not a sleep). */
const PING_TIMEOUT_MS = 5_000;

/** One PING over a raw socket: the server answers commands, not just the log line. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(PING_TIMEOUT_MS, () => socket.destroy(new Error('PING timed out')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      // -NOAUTH: it answers, it only wants a password first.
      if (/^(\+PONG|-NOAUTH)/.test(data.toString())) resolve();
      else reject(new Error(`unexpected PING reply ${JSON.stringify(data.toString())}`));
    });
    socket.once('error', reject);
  });
}

/** How long redis-server may take to save and exit on SIGTERM before it is killed. */
const TERMINATE_TIMEOUT_MS = 10_000;

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `redis-server (pid ${child.pid}) did not exit within ${TERMINATE_TIMEOUT_MS} ms of SIGTERM`,
        ),
      );
    }, TERMINATE_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}
