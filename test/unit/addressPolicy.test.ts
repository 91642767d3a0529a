import type { LookupFunction } from 'node:net';
import { isPublicAddress, isRefusedHost, publicOnlyLookup } from '../../src/incidents/evidence/addressPolicy';
import { hostsLookup } from '../support/hostsLookup';

describe('the outbound address policy', () => {
  it.each([
    // IPv4-mapped and IPv4-compatible IPv6, in the spellings a person and the URL parser write.
    ['::ffff:127.0.0.1', 'mapped loopback'],
    ['::ffff:7f00:1', 'mapped loopback, as the URL parser writes it'],
    ['[::ffff:7f00:1]', 'mapped loopback, as a URL host'],
    ['0:0:0:0:0:ffff:7f00:1', 'mapped loopback, written out'],
    ['::ffff:a00:1', 'mapped 10.0.0.1'],
    ['::ffff:0:a00:1', 'translated 10.0.0.1'],
    ['::7f00:1', 'compatible loopback'],
    ['::127.0.0.1', 'compatible loopback, dotted'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:169.254.169.254', 'mapped link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['fc00::1', 'IPv6 unique local'],
    ['fd12:3456::1', 'IPv6 unique local'],
    ['FD00::1', 'IPv6 unique local, upper case'],
    ['ff02::1', 'IPv6 multicast'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:c0a8:101::', '6to4 of 192.168.1.1'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['100::1', 'IPv6 discard'],
    ['not-an-address', 'not an address at all'],
    ['', 'empty'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['8.8.8.8'],
    ['52.112.0.1'],
    ['100.63.255.255'],
    ['100.128.0.1'],
    ['172.15.0.1'],
    ['172.32.0.1'],
    ['::ffff:8.8.8.8'],
    ['::ffff:808:808'],
    ['64:ff9b::808:808'],
    ['2002:808:808::1'],
    ['2603:1026::1'],
    ['2a01:111:f100::1'],
  ])('lets the public address %s pass', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses localhost names and non-public literals as URL hosts, and leaves other names to the lookup', () => {
    expect(isRefusedHost('localhost')).toBe(true);
    expect(isRefusedHost('LOCALHOST.')).toBe(true);
    expect(isRefusedHost('files.localhost')).toBe(true);
    expect(isRefusedHost(new URL('https://[::ffff:127.0.0.1]:8443/a.png').hostname)).toBe(true);
    expect(isRefusedHost(new URL('https://0x7f.1/a.png').hostname)).toBe(true);
    expect(isRefusedHost(new URL('https://[::]/a.png').hostname)).toBe(true);
    expect(isRefusedHost('8.8.8.8')).toBe(false);
    expect(isRefusedHost('files.example.org')).toBe(false);
  });

  describe('the lookup used while connecting', () => {
    const resolve = (lookup: LookupFunction, name: string, all: boolean) =>
      new Promise<{ error?: NodeJS.ErrnoException; found?: unknown }>((done) =>
        lookup(name, { all }, (error, address, family) =>
          done(error ? { error } : { found: all ? address : [address, family] }),
        ),
      );
    const lookup = publicOnlyLookup(
      hostsLookup({
        'cdn.example.org': ['8.8.8.8', '2a01:111:f100::1'],
        'inside.example.org': ['127.0.0.1'],
        'mixed.example.org': ['8.8.8.8', '10.0.0.1'],
        'mapped.example.org': ['::ffff:7f00:1'],
      }),
    );

    it('answers public names as asked: one address, or all of them', async () => {
      expect(await resolve(lookup, 'cdn.example.org', false)).toEqual({ found: ['8.8.8.8', 4] });
      expect(await resolve(lookup, 'cdn.example.org', true)).toEqual({
        found: [
          { address: '8.8.8.8', family: 4 },
          { address: '2a01:111:f100::1', family: 6 },
        ],
      });
    });

    it.each(['inside.example.org', 'mixed.example.org', 'mapped.example.org', 'unknown.example.org'])(
      'fails for %s like a name that does not exist',
      async (name) => {
        for (const all of [false, true]) {
          const { error } = await resolve(lookup, name, all);
          expect(error?.code).toBe('ENOTFOUND');
        }
      },
    );
  });
});
