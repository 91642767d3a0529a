import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

/** A resolver that answers like dns.lookup from a table, recording each name it is asked. */
export interface HostsLookup extends LookupFunction {
  asked: string[];
}

/** A hosts-file style resolver: one address, or all with `all`; an unknown name fails with ENOTFOUND. */
export function hostsLookup(table: Record<string, string[]>): HostsLookup {
  const asked: string[] = [];
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: Parameters<LookupFunction>[2],
  ): void => {
    asked.push(hostname);
    const found: LookupAddress[] = (table[hostname] ?? []).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    const first = found[0];
    if (!first) return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, found);
    return callback(null, first.address, first.family);
  };
  return Object.assign(lookup, { asked });
}
