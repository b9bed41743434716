/**
 * The leader lease on a real redis-server: two holders contending for one key, takeover when
 * the holder goes silent (as after SIGKILL: no release), and stepping down during an outage.
 * Lease times are short (600 ms) and every wait is on an event, bounded.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { AlwaysLeader, LeaderElection } from '../../src/store/leader-election.js';
import { RedisLease } from '../../src/store/lease.js';
import { RedisConnection } from '../../src/store/redis-connection.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

const TTL = 600;
let server: RedisServer;
const opened: RedisConnection[] = [];
let keys = 0;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(opened.map((connection) => connection.close()));
  await server?.dispose();
});

/** A connection per simulated instance, as two processes would have. */
async function instance(url = server.url): Promise<RedisConnection> {
  const connection = await RedisConnection.open(url, silentLogger, { maxReconnectDelayMs: 200 });
  opened.push(connection);
  return connection;
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A lease that resolves `renewed(n)` once it has been renewed n times. */
class CountingLease extends RedisLease {
  renewals = 0;
  #waiters: { n: number; resolve: () => void }[] = [];
  override async renew(): Promise<boolean> {
    const ok = await super.renew();
    if (ok) this.renewals++;
    for (const waiter of this.#waiters.filter((w) => this.renewals >= w.n)) waiter.resolve();
    return ok;
  }
  renewed(n: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }
}

describe('RedisLease with two holders', () => {
  it('is taken by one, renewed and released only by its holder', async () => {
    const key = `lease:${++keys}`;
    const a = new RedisLease(await instance(), key, 'holder-a', TTL);
    const b = new RedisLease(await instance(), key, 'holder-b', TTL);

    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true); // already ours: kept
    expect(await b.renew()).toBe(false);
    await b.release();
    expect(await a.holder()).toBe('holder-a');

    expect(await a.renew()).toBe(true);
    const remaining = await a.remainingMs();
    expect(remaining).toBeGreaterThan(TTL - 200);
    expect(remaining).toBeLessThanOrEqual(TTL);

    await a.release();
    expect(await a.holder()).toBeUndefined();
    expect(await a.remainingMs()).toBeUndefined();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    expect(await a.renew()).toBe(false);
  });

  it('opens a connection of its own from a URL and closes it', async () => {
    const lease = new RedisLease(server.url, `lease:${++keys}`, 'own', TTL);
    expect(await lease.acquire()).toBe(true);
    await lease.close();
    await expect(lease.holder()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

describe('LeaderElection', () => {
  it('keeps one leader while it renews, and hands over when it goes silent', async () => {
    const key = `lease:${++keys}`;
    const connectionA = await instance();
    const leaseA = new CountingLease(connectionA, key, 'instance-a', TTL);
    const a = new LeaderElection(leaseA);
    const b = new LeaderElection(new RedisLease(await instance(), key, 'instance-b', TTL));
    let bElected = false;
    b.on('elected', () => {
      bElected = true;
    });
    try {
      const aElected = once(a, 'elected');
      a.start();
      await within(2_000, 'a elected', aElected);
      b.start();
      // Four renewals span more than one lease time: b must stay a follower throughout.
      await within(3_000, 'a renewing', leaseA.renewed(4));
      expect(a.isLeader()).toBe(true);
      expect(b.isLeader()).toBe(false);
      expect(bElected).toBe(false);

      // As after SIGKILL: no release, no renewal, the connection just drops.
      const aDeposed = once(a, 'deposed');
      const bTakesOver = once(b, 'elected');
      let aDeposedAt = Number.POSITIVE_INFINITY;
      let bElectedAt = Number.NEGATIVE_INFINITY;
      a.once('deposed', () => {
        aDeposedAt = performance.now();
      });
      b.once('elected', () => {
        bElectedAt = performance.now();
      });
      const silentAt = performance.now();
      connectionA.client.destroy();
      const [reason] = await within(TTL * 3, 'a stepping down', aDeposed);
      await within(TTL * 3, 'b taking over', bTakesOver);

      expect(reason).toMatch(/before it expired/);
      expect(a.isLeader()).toBe(false);
      expect(b.isLeader()).toBe(true);
      // Never two leaders: a stopped believing it leads before b was elected.
      expect(aDeposedAt).toBeLessThan(bElectedAt);
      // b took over within a lease time of a's last renewal (at most ttl/3 before a went silent).
      expect(bElectedAt - silentAt).toBeLessThan(TTL + TTL / 3 + 200);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('releases on stop, so the next instance need not wait for the expiry', async () => {
    const key = `lease:${++keys}`;
    const a = new LeaderElection(new RedisLease(await instance(), key, 'instance-a', 60_000));
    const b = new LeaderElection(new RedisLease(await instance(), key, 'instance-b', 60_000));
    try {
      const aElected = once(a, 'elected');
      a.start();
      await within(2_000, 'a elected', aElected);
      const aDeposed = once(a, 'deposed');
      await a.stop();
      expect(await aDeposed).toEqual(['stopped']);
      const bElected = once(b, 'elected');
      b.start();
      // Far sooner than the 60 s lease.
      await within(2_000, 'b elected', bElected);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe('LeaderElection during a Redis outage', () => {
  let own: RedisServer;
  beforeAll(async () => {
    own = await startRedisServer();
  });
  afterAll(async () => {
    await own?.dispose();
  });

  it('steps down before the lease expires and is elected again when Redis is back', async () => {
    const election = new LeaderElection(
      new RedisLease(await instance(own.url), 'herald:leader', 'solo', TTL),
    );
    try {
      const elected = once(election, 'elected');
      election.start();
      await within(2_000, 'elected', elected);

      const deposed = once(election, 'deposed');
      const stoppedAt = Date.now();
      await own.stop();
      const [reason] = await within(TTL * 3, 'stepping down', deposed);
      expect(reason).toMatch(/before it expired/);
      expect(Date.now() - stoppedAt).toBeLessThanOrEqual(TTL + 100);
      expect(election.isLeader()).toBe(false);

      const again = once(election, 'elected');
      await own.start();
      await within(10_000, 'elected again', again);
      expect(election.isLeader()).toBe(true);
    } finally {
      await election.stop();
    }
  });
});

describe('AlwaysLeader', () => {
  it('leads from start to stop', async () => {
    const leader = new AlwaysLeader();
    const events: string[] = [];
    leader.on('elected', () => events.push('elected'));
    leader.on('deposed', (reason) => events.push(`deposed: ${reason}`));
    leader.start();
    leader.start();
    expect(leader.isLeader()).toBe(true);
    await leader.stop();
    expect(events).toEqual(['elected', 'deposed: stopped']);
  });
});
