/**
 * The undici connector that applies the address policy at the moment of connecting, so every
 * connection (first request and every redirect hop) is checked on the address actually used.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { type AddressPolicy, AddressRefusedError, guardLookup } from './address-guard.js';

export interface GuardedConnectorOptions {
  connectTimeoutMs: number;
  policy: AddressPolicy;
  /** Resolver to use instead of dns.lookup (tests make names resolve to 127.0.0.1). */
  lookup?: LookupFunction;
}

export function guardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({
    timeout: options.connectTimeoutMs,
    // Node's net/tls call this for host names (never for IP literals) and connect to what it returns.
    lookup: guardLookup(options.lookup ?? defaultLookup, options.policy),
  });
  return (connectOptions, callback) => {
    // undici passes IPv6 literals without brackets; literals skip the lookup, so check them here.
    const host = connectOptions.hostname;
    if (isIP(host) !== 0) {
      const reason = options.policy(host);
      if (reason !== undefined) {
        callback(new AddressRefusedError(host, host, reason), null);
        return;
      }
    }
    connect(connectOptions, callback);
  };
}

const defaultLookup: LookupFunction = (hostname, options, callback) => dnsLookup(hostname, options, callback);
