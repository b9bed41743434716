/**
 * The connection supervisor with scripted attempts (our own port, no platform library): attempts
 * bounded in time, backoff between them, losses and the library's own reconnection, and stop()
 * in every state. Fake timers make the delays exact.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  KeptConnection,
  type LinkWatcher,
  type OpenConnection,
  type OpenLink,
} from '../../src/platforms/kept-connection.js';
import type { ChatConnectionState } from '../../src/store/connection-reports.js';

const TIMING = { connectTimeoutMs: 1_000, retry: { baseMs: 100, maxMs: 400, jitter: 0 } };

interface Attempt {
  watch: LinkWatcher;
  signal: AbortSignal;
  startedAt: number;
  succeed(): void;
  fail(error: Error): void;
  closed: boolean;
}

/** An adapter whose attempts the test settles by hand, or that refuses each at once. */
function scriptedAdapter() {
  const attempts: Attempt[] = [];
  const behaviour = { refuse: false, ignoreAbort: false };
  const open: OpenConnection = (watch, signal) =>
    new Promise<OpenLink>((resolve, reject) => {
      const attempt: Attempt = {
        watch,
        signal,
        startedAt: Date.now(),
        closed: false,
        succeed: () =>
          resolve({
            close: async () => {
              attempt.closed = true;
            },
          }),
        fail: reject,
      };
      if (!behaviour.ignoreAbort) signal.addEventListener('abort', () => reject(new Error('aborted')));
      attempts.push(attempt);
      if (behaviour.refuse) attempt.fail(new Error('refused'));
    });
  return { open, attempts, behaviour };
}

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), messages: () => lines.map((line) => line.msg) };
}

let adapter: ReturnType<typeof scriptedAdapter>;
let log: ReturnType<typeof recordingLogger>;
let changes: ChatConnectionState[];
let connection: KeptConnection;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z') });
  adapter = scriptedAdapter();
  log = recordingLogger();
  changes = [];
  connection = new KeptConnection({
    name: 'Test gateway',
    open: adapter.open,
    timing: TIMING,
    logger: log.logger,
    onChange: (state) => changes.push(state),
  });
});

afterEach(async () => {
  await connection.stop();
  vi.useRealTimers();
});

const statuses = () => changes.map((change) => change.status);

describe('KeptConnection', () => {
  it('connects in the background and says so', async () => {
    connection.start();
    expect(connection.state.status).toBe('connecting');
    adapter.attempts[0]!.succeed();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.state).toMatchObject({ status: 'connected', failures: 0 });
    expect(statuses()).toEqual(['connecting', 'connected']);
    expect(log.messages()).toEqual(['Test gateway: connecting', 'Test gateway: connected']);
  });

  it('gives up an attempt that does not connect in time, and retries with growing delays up to the cap', async () => {
    connection.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(adapter.attempts[0]!.signal.aborted).toBe(true);
    expect(connection.state).toMatchObject({
      status: 'failed',
      failures: 1,
      lastError: 'Test gateway: no connection within 1 s',
      retryAt: '2026-05-01T10:00:01.100Z',
    });
    expect(log.messages()).toContain(
      'Test gateway: failed (Test gateway: no connection within 1 s); next attempt in 0.1 s. ' +
        'Its slash commands wait for it; announcements do not.',
    );
    adapter.behaviour.refuse = true;
    await vi.advanceTimersByTimeAsync(10_000);
    const starts = adapter.attempts.map((attempt) => attempt.startedAt - Date.parse('2026-05-01T10:00:00Z'));
    // 1 s timeout, then 0.1 s; each refused attempt doubles the wait, up to 0.4 s.
    expect(starts.slice(0, 6)).toEqual([0, 1_100, 1_300, 1_700, 2_100, 2_500]);
    expect(connection.state).toMatchObject({ status: 'failed', lastError: 'refused' });
  });

  it('after a loss closes the link and connects again; after success the failures are forgotten', async () => {
    connection.start();
    adapter.attempts[0]!.succeed();
    await vi.advanceTimersByTimeAsync(0);
    adapter.attempts[0]!.watch.lost(new Error('invalid session'));
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.attempts[0]!.closed).toBe(true);
    expect(connection.state).toMatchObject({ status: 'failed', failures: 1, lastError: 'invalid session' });
    await vi.advanceTimersByTimeAsync(100);
    adapter.attempts[1]!.succeed();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.state).toEqual({
      name: 'Test gateway',
      status: 'connected',
      since: '2026-05-01T10:00:00.100Z',
      failures: 0,
    });
  });

  it("leaves a dropped connection to the library's own reconnection for one timeout, then starts afresh", async () => {
    connection.start();
    adapter.attempts[0]!.succeed();
    await vi.advanceTimersByTimeAsync(0);
    const { watch } = adapter.attempts[0]!;
    watch.reconnecting('socket closed');
    expect(connection.state).toMatchObject({ status: 'reconnecting', lastError: 'socket closed' });
    await vi.advanceTimersByTimeAsync(900);
    watch.restored();
    expect(connection.state.status).toBe('connected');
    expect(adapter.attempts).toHaveLength(1);

    watch.reconnecting('socket closed again');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(adapter.attempts[0]!.closed).toBe(true);
    expect(connection.state).toMatchObject({
      status: 'failed',
      lastError: 'Test gateway: no connection within 1 s',
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(adapter.attempts).toHaveLength(2);
    // The old link's events no longer count.
    watch.restored();
    expect(connection.state.status).toBe('connecting');
  });

  it('counts a loss reported before the attempt resolved', async () => {
    connection.start();
    adapter.attempts[0]!.watch.lost(new Error('gone at once'));
    adapter.attempts[0]!.succeed();
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.attempts[0]!.closed).toBe(true);
    expect(connection.state).toMatchObject({ status: 'failed', lastError: 'gone at once' });
  });

  it('closes a link that opens after its attempt timed out', async () => {
    adapter.behaviour.ignoreAbort = true;
    connection.start();
    await vi.advanceTimersByTimeAsync(1_000);
    adapter.attempts[0]!.succeed();
    await vi.advanceTimersByTimeAsync(0);
    expect(adapter.attempts[0]!.closed).toBe(true);
    expect(connection.state.status).toBe('failed');
  });

  it.each([
    ['while connecting', async () => undefined],
    ['while waiting to retry', async () => vi.advanceTimersByTimeAsync(1_000)],
    [
      'while connected',
      async () => {
        adapter.attempts[0]!.succeed();
        await vi.advanceTimersByTimeAsync(0);
      },
    ],
  ])('stops at once %s, and tries nothing more', async (_, reach) => {
    connection.start();
    await reach();
    const attempts = adapter.attempts.length;
    await connection.stop();
    expect(adapter.attempts[0]!.signal.aborted || adapter.attempts[0]!.closed).toBe(true);
    expect(connection.state.status).toBe('stopped');
    expect(log.messages().at(-1)).toBe('Test gateway: stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(adapter.attempts).toHaveLength(attempts);
    expect(vi.getTimerCount()).toBe(0);
  });
});
