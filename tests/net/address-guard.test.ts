/** The address policy on its own: which IPs are refused, exceptions, and the guarded resolver. */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  AddressRefusedError,
  blockedAddressReason,
  createAddressPolicy,
  guardLookup,
} from '../../src/net/address-guard.js';
import { fakeDns } from './fake-dns.js';

describe('blockedAddressReason', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['fc00::1', 'unique local (private)'],
    ['fd12:3456::1', 'unique local (private)'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback, embedded in IPv6'],
    ['::ffff:10.0.0.1', 'private, embedded in IPv6'],
    ['::ffff:7f00:1', 'loopback, embedded in IPv6'],
    ['64:ff9b::127.0.0.1', 'loopback, embedded in IPv6'],
    ['64:ff9b::a9fe:a9fe', 'link-local, embedded in IPv6'],
    ['2002:c0a8:0101::1', 'private, embedded in IPv6'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ])('allows the public address %s', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });
});

describe('createAddressPolicy', () => {
  it('allows everything when private addresses are allowed', () => {
    const policy = createAddressPolicy({ allowPrivateAddresses: true });
    expect(policy('127.0.0.1')).toBeUndefined();
    expect(policy('10.0.0.1')).toBeUndefined();
  });

  it('lets listed addresses and ranges through and nothing next to them', () => {
    const policy = createAddressPolicy({
      allowPrivateAddresses: false,
      allowedAddresses: ['127.0.0.1', '10.20.0.0/16', 'fd00::/8'],
    });
    expect(policy('127.0.0.1')).toBeUndefined();
    expect(policy('::ffff:127.0.0.1')).toBeUndefined();
    expect(policy('10.20.3.4')).toBeUndefined();
    expect(policy('fd00::2')).toBeUndefined();
    expect(policy('127.0.0.2')).toBe('loopback');
    expect(policy('10.21.0.1')).toBe('private');
    expect(policy('fc00::1')).toBe('unique local (private)');
  });

  it('rejects an exception that is not an address or range', () => {
    expect(() =>
      createAddressPolicy({ allowPrivateAddresses: false, allowedAddresses: ['intranet'] }),
    ).toThrow(/intranet/);
  });
});

describe('guardLookup', () => {
  const policy = createAddressPolicy({ allowPrivateAddresses: false });

  function resolveWith(table: Record<string, string[]>, all: boolean) {
    const lookup = guardLookup(fakeDns(table).lookup, policy);
    return new Promise<{ err: NodeJS.ErrnoException | null; result: string | LookupAddress[] }>((resolve) =>
      lookup('host.test', { all }, (err, result) => resolve({ err, result })),
    );
  }

  it('refuses a name when any of its addresses is blocked', async () => {
    const { err } = await resolveWith({ 'host.test': ['93.184.215.14', '127.0.0.1'] }, true);
    expect(err).toBeInstanceOf(AddressRefusedError);
    expect(err).toMatchObject({ hostname: 'host.test', address: '127.0.0.1', reason: 'loopback' });
  });

  it('passes public addresses through, as a list or as one address', async () => {
    const addresses = ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'];
    expect((await resolveWith({ 'host.test': addresses }, true)).result).toEqual([
      { address: addresses[0], family: 4 },
      { address: addresses[1], family: 6 },
    ]);
    expect((await resolveWith({ 'host.test': addresses }, false)).result).toBe(addresses[0]);
  });

  it('passes resolver failures on unchanged', async () => {
    const { err } = await resolveWith({}, true);
    expect(err?.code).toBe('ENOTFOUND');
  });
});
