import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where Baken may connect outside local mode: public unicast addresses only. An IPv6 address that carries an
 * IPv4 address (mapped, compatible, translated, NAT64, 6to4) is judged as that IPv4 address, so
 * `[::ffff:127.0.0.1]` is loopback like 127.0.0.1. Node 20's BlockList matches ::ffff:a.b.c.d against IPv4 rules
 * itself, but not ::a.b.c.d, NAT64 or 6to4, so every form is unwrapped here before a range is checked.
 */

/** IPv4 off the public internet: this network, private, CGNAT, loopback, link-local, test, multicast, reserved. */
const REFUSED_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/**
 * IPv6 refused inside global unicast (2000::/3): Teredo, benchmarking, ORCHID, documentation. All outside 2000::/3
 * (::, ::1, ULA fc00::/7, link-local fe80::/10, site-local, multicast ff00::/8, discard 100::/64, local-use NAT64
 * 64:ff9b:1::/48) is refused as not global unicast; embedded IPv4 is judged before either.
 */
const REFUSED_V6: ReadonlyArray<[string, number]> = [
  ['2001::', 32],
  ['2001:2::', 48],
  ['2001:10::', 28],
  ['2001:20::', 28],
  ['2001:db8::', 32],
  ['3fff::', 20],
];

const refused = new BlockList();
for (const [network, prefix] of REFUSED_V4) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of REFUSED_V6) refused.addSubnet(network, prefix, 'ipv6');
const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (a zone id is ignored). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const groups =
    tail === undefined
      ? split(head)
      : [
          ...split(head),
          ...new Array<string>(8 - split(head).length - split(tail).length).fill('0'),
          ...split(tail),
        ];
  return groups.map((g) => parseInt(g, 16));
}

/** The IPv4 address in two 16-bit groups. */
function ipv4Of(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The IPv4 address an IPv6 address stands for or tunnels to, if it has one. */
function embeddedIpv4(g: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = g;
  const zeroUpTo4 = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, also :: and ::1), ::ffff:0:a.b.c.d (translated).
  if (zeroUpTo4 && g4 === 0 && (g5 === 0xffff || g5 === 0)) return ipv4Of(g6, g7);
  if (zeroUpTo4 && g4 === 0xffff && g5 === 0) return ipv4Of(g6, g7);
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix).
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Of(g6, g7);
  // 2002:aabb:ccdd:: (6to4).
  if (g0 === 0x2002) return ipv4Of(g1 ?? 0, g2 ?? 0);
  return undefined;
}

/** True when an IP address (either family) is public unicast and may be connected to outside local mode. */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip.replace(/%.*$/, ''));
  if (family === 4) return !refused.check(ip, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(ip);
  const v4 = embeddedIpv4(groups);
  if (v4 !== undefined) return !refused.check(v4, 'ipv4');
  const canonical = groups.map((g) => g.toString(16)).join(':');
  return globalUnicast.check(canonical, 'ipv6') && !refused.check(canonical, 'ipv6');
}

/** True for a URL host that is refused by itself: a localhost name or a literal address that is not public. */
export function isRefusedHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && !isPublicAddress(host);
}

/** A DNS lookup for `http.request` that fails like an unknown name when a name resolves to any non-public address. */
export function publicOnlyLookup(base: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (err, found, family) => {
      if (err) return callback(err, '');
      const addresses: LookupAddress[] = Array.isArray(found)
        ? found
        : [{ address: found, family: family ?? 0 }];
      const first = addresses[0];
      if (!first || addresses.some((a) => !isPublicAddress(a.address))) {
        const refusal: NodeJS.ErrnoException = new Error(`${hostname} does not resolve to a public address`);
        refusal.code = 'ENOTFOUND';
        return callback(refusal, '');
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
