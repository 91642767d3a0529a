import { isIP } from 'node:net';
import { isAllowedHost } from './hostAllowlist';
import type { AttachmentTokenSource } from './tokenSource';

/** How attachments may be fetched. */
export interface FetchPolicy {
  /** Hosts that get the bot's token (Teams' own attachment hosts). */
  allowlist: readonly string[];
  /** The hard cap on the body; more bytes abort the download. */
  maxBytes: number;
  /** Outside local mode only https is fetched, and no literal private or loopback address off the allowlist. */
  requireHttps: boolean;
  tokens: AttachmentTokenSource;
  timeoutMs?: number;
}

/** The bytes, or why there are none. */
export type FetchOutcome =
  | { ok: true; bytes: Buffer; tokenSent: boolean }
  | { ok: false; reason: 'bad_url' | 'too_large' | 'http_error' | 'network' | 'too_many_redirects' };

const MAX_REDIRECTS = 3;

/** True for literal addresses of this machine or a private network (SSRF guard outside local mode). */
function isPrivateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) {
    const [a = 0, b = 0] = h.split('.').map(Number);
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (isIP(h) === 6) return h === '::1' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80');
  return false;
}

/** Reads a body up to `max` bytes; undefined when it is longer (the download is aborted). */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | undefined> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads an attachment. The bot's token is attached only when the URL's host is on the allowlist; any other
 * host (e.g. the pre-authenticated download URL of a Teams file) is fetched without it. Redirects are followed
 * by hand, at most three, and each hop is checked again, so a redirect can never carry the token elsewhere.
 */
export async function fetchAttachment(rawUrl: string, policy: FetchPolicy): Promise<FetchOutcome> {
  // Emulators (and some clients) send small images inline as a data URI: no network, no token.
  const data = /^data:[\w.+/-]*;base64,([A-Za-z0-9+/=]*)$/.exec(rawUrl);
  if (data) {
    if (((data[1] ?? '').length * 3) / 4 > policy.maxBytes + 3) return { ok: false, reason: 'too_large' };
    const bytes = Buffer.from(data[1] ?? '', 'base64');
    return bytes.length > policy.maxBytes
      ? { ok: false, reason: 'too_large' }
      : { ok: true, bytes, tokenSent: false };
  }
  let current = rawUrl;
  let tokenSent = false;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let url: URL;
    try {
      url = new URL(current);
    } catch {
      return { ok: false, reason: 'bad_url' };
    }
    const allowed = isAllowedHost(url.hostname, policy.allowlist);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !policy.requireHttps))
      return { ok: false, reason: 'bad_url' };
    if (url.username || url.password) return { ok: false, reason: 'bad_url' };
    if (policy.requireHttps && !allowed && isPrivateAddress(url.hostname))
      return { ok: false, reason: 'bad_url' };
    const headers: Record<string, string> = { accept: 'image/*, application/octet-stream' };
    if (allowed) {
      const authorization = await policy.tokens.authorization();
      if (authorization) {
        headers.authorization = authorization;
        tokenSent = true;
      }
    }
    let response: Response;
    try {
      response = await fetch(url, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs ?? 15_000),
      });
    } catch {
      return { ok: false, reason: 'network' };
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (!location) return { ok: false, reason: 'http_error' };
      current = new URL(location, url).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'http_error' };
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > policy.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    try {
      const bytes = await readCapped(response.body, policy.maxBytes);
      return bytes ? { ok: true, bytes, tokenSent } : { ok: false, reason: 'too_large' };
    } catch {
      return { ok: false, reason: 'network' };
    }
  }
  return { ok: false, reason: 'too_many_redirects' };
}
