/**
 * Which IP addresses the client may connect to. Feed URLs come from users and from redirects, so
 * without this a feed could make the bot probe the host's own network (SSRF).
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

type IP = ipaddr.IPv4 | ipaddr.IPv6;

/** Ranges that are never the public internet. First match names the reason. */
const BLOCKED_RANGES: ReadonlyArray<readonly [cidr: string, reason: string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only'],
  ['fc00::/7', 'unique local (private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
];

const PARSED_BLOCKED_RANGES = BLOCKED_RANGES.map(([cidr, reason]) => ({
  range: ipaddr.parseCIDR(cidr),
  reason,
}));

const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');

/** IPv6 forms that carry an IPv4 address the packets really go to: mapped, NAT64 (RFC 6052), 6to4. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = ip.toByteArray();
  if (ip.isIPv4MappedAddress()) return ip.toIPv4Address();
  if (ip.match(NAT64_WELL_KNOWN)) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (ip.match(SIX_TO_FOUR)) return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}

function matchingRange(ip: IP): string | undefined {
  for (const { range, reason } of PARSED_BLOCKED_RANGES) {
    if (range[0].kind() === ip.kind() && ip.match(range)) return reason;
  }
  return undefined;
}

/** Why `address` (an IP literal) must not be reached, or undefined when it is public. */
export function blockedAddressReason(address: string): string | undefined {
  let ip: IP;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'not an IP address'; // fail closed
  }
  const direct = matchingRange(ip);
  if (direct !== undefined) return direct;
  if (ip.kind() === 'ipv6') {
    const inner = embeddedIPv4(ip as ipaddr.IPv6);
    const innerReason = inner && matchingRange(inner);
    if (innerReason !== undefined) return `${innerReason}, embedded in IPv6`;
  }
  return undefined;
}

export interface AddressPolicyOptions {
  allowPrivateAddresses: boolean;
  /** Addresses or CIDR ranges allowed even though they are private (e.g. an intranet calendar). */
  allowedAddresses?: readonly string[];
}

/** Reason to refuse an address under the policy, or undefined to allow it. */
export type AddressPolicy = (address: string) => string | undefined;

export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  if (options.allowPrivateAddresses) return () => undefined;
  const exceptions = (options.allowedAddresses ?? []).map(parseException);
  return (address) => {
    const reason = blockedAddressReason(address);
    if (reason === undefined || !ipaddr.isValid(address)) return reason;
    const ip = ipaddr.process(address); // ::ffff:a.b.c.d compares as a.b.c.d
    const excepted = exceptions.some((range) => range[0].kind() === ip.kind() && ip.match(range));
    return excepted ? undefined : reason;
  };
}

function parseException(entry: string): [IP, number] {
  if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
  if (ipaddr.isValid(entry)) {
    const ip = ipaddr.process(entry);
    return [ip, ip.kind() === 'ipv4' ? 32 : 128];
  }
  throw new TypeError(`allowedAddresses: "${entry}" is neither an IP address nor a CIDR range`);
}

/** Thrown from the connection layer; the client turns it into a BlockedAddressError with the URL. */
export class AddressRefusedError extends Error {
  readonly code = 'BLOCKED_ADDRESS';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refused to connect to ${hostname} at ${address} (${reason})`);
    this.name = 'AddressRefusedError';
  }
}

/** A resolver's answer as a list, whether it was asked for one address or all. */
function asAddressList(result: string | LookupAddress[], family?: number): LookupAddress[] {
  if (Array.isArray(result)) return result;
  return [{ address: result, family: family ?? isIP(result) }];
}

/**
 * Wraps a resolver so every address a name resolves to is checked before the socket uses it.
 * Node connects only to addresses this returns, so a name that resolves differently on a second
 * query (DNS rebinding) cannot slip past: there is no second query.
 */
export function guardLookup(resolve: LookupFunction, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const allOptions: LookupOptions = { ...options, all: true };
    resolve(hostname, allOptions, (err, result, family) => {
      if (err) return callback(err, []);
      const addresses = asAddressList(result, family);
      for (const { address } of addresses) {
        const reason = policy(address);
        if (reason !== undefined) return callback(new AddressRefusedError(hostname, address, reason), []);
      }
      const first = addresses[0];
      if (first === undefined) {
        const notFound = Object.assign(new Error(`${hostname} resolved to no address`), {
          code: 'ENOTFOUND',
        });
        return callback(notFound, []);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
