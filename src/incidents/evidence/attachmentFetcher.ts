import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ok, refused, type Outcome } from '../../platform/outcome';
import { isRefusedHost, publicOnlyLookup } from './addressPolicy';
import { isAllowedHost } from './hostAllowlist';
import type { AttachmentTokenSource } from '../../edge/tokenSource';

/** How attachments may be fetched. */
export interface FetchPolicy {
  /** Hosts that get the bot's token (Teams' own attachment hosts). */
  allowlist: readonly string[];
  /** The hard cap on the body; more bytes abort the download. */
  maxBytes: number;
  /**
   * Outside local mode only https is fetched, and off the allowlist only public addresses: a literal address in
   * the URL is checked before connecting, the addresses a name resolves to while connecting, on every hop.
   */
  requireHttps: boolean;
  tokens: AttachmentTokenSource;
  timeoutMs?: number;
  /** Resolves host names; dns.lookup unless a test brings its own. */
  lookup?: LookupFunction;
  /** Certificates to trust instead of the system's (only for a test's own TLS server). */
  ca?: string;
}

/** The bytes, or why there are none. */
export type FetchOutcome = Outcome<
  { bytes: Buffer; tokenSent: boolean },
  'bad_url' | 'too_large' | 'http_error' | 'network' | 'too_many_redirects'
>;

const MAX_REDIRECTS = 3;

/** One GET on a fresh connection (no pool: every hop resolves and is checked anew); resolves on the response head. */
function get(
  url: URL,
  headers: OutgoingHttpHeaders,
  lookup: LookupFunction | undefined,
  policy: FetchPolicy,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        headers,
        agent: false,
        lookup,
        signal: AbortSignal.timeout(policy.timeoutMs ?? 15_000),
        ...(policy.ca ? { ca: policy.ca } : {}),
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** Reads a body up to `max` bytes; undefined when it is longer (the download is aborted). */
async function readCapped(body: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
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
    if (((data[1] ?? '').length * 3) / 4 > policy.maxBytes + 3) return refused('too_large');
    const bytes = Buffer.from(data[1] ?? '', 'base64');
    return bytes.length > policy.maxBytes ? refused('too_large') : ok({ bytes, tokenSent: false });
  }
  let current = rawUrl;
  let tokenSent = false;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let url: URL;
    try {
      url = new URL(current);
    } catch {
      return refused('bad_url');
    }
    const allowed = isAllowedHost(url.hostname, policy.allowlist);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !policy.requireHttps))
      return refused('bad_url');
    if (url.username || url.password) return refused('bad_url');
    // Off the allowlist outside local mode, a refused address fails like an unreachable host: the person and
    // the log learn nothing about what is inside the network.
    const guarded = policy.requireHttps && !allowed;
    if (guarded && isRefusedHost(url.hostname)) return refused('network');
    const headers: OutgoingHttpHeaders = { accept: 'image/*, application/octet-stream' };
    if (allowed) {
      const authorization = await policy.tokens.authorization();
      if (authorization) {
        headers.authorization = authorization;
        tokenSent = true;
      }
    }
    let response: IncomingMessage;
    try {
      response = await get(url, headers, guarded ? publicOnlyLookup(policy.lookup) : policy.lookup, policy);
    } catch {
      return refused('network');
    }
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      response.destroy();
      const location = response.headers.location;
      if (!location) return refused('http_error');
      try {
        current = new URL(location, url).toString();
      } catch {
        return refused('bad_url');
      }
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      return refused('http_error');
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > policy.maxBytes) {
      response.destroy();
      return refused('too_large');
    }
    try {
      const bytes = await readCapped(response, policy.maxBytes);
      return bytes ? ok({ bytes, tokenSent }) : refused('too_large');
    } catch {
      return refused('network');
    }
  }
  return refused('too_many_redirects');
}
