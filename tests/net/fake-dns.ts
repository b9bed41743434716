/** A resolver with a fixed table, passed as the client's `lookup`, that records what it was asked. */
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

export interface FakeDns {
  lookup: LookupFunction;
  queries: string[];
}

export function fakeDns(table: Record<string, readonly string[]>): FakeDns {
  const queries: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    queries.push(hostname);
    const addresses: LookupAddress[] = (table[hostname] ?? []).map((address) => ({
      address,
      family: isIP(address),
    }));
    // Real resolvers answer asynchronously; so does this one.
    process.nextTick(() => {
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      } else if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
  return { lookup, queries };
}
