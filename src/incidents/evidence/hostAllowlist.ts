/**
 * True when the host is on the allowlist: an exact name ("smba.trafficmanager.net", "127.0.0.1") or a wildcard
 * "*.domain" that matches any subdomain of domain (not domain itself). Case and a trailing dot do not matter.
 */
export function isAllowedHost(host: string, allowlist: readonly string[]): boolean {
  const name = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '');
  if (name === '') return false;
  return allowlist.some((raw) => {
    const pattern = raw.trim().toLowerCase().replace(/\.$/, '');
    if (pattern.startsWith('*.')) {
      const domain = pattern.slice(2);
      return domain.length > 0 && name.endsWith(`.${domain}`);
    }
    return pattern !== '' && name === pattern;
  });
}
