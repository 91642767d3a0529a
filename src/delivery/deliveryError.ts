/** Statuses Teams asks us to retry (throttling, precondition races, gateway trouble), plus server errors. */
const RETRYABLE_STATUSES = new Set([401, 408, 412, 429, 500, 502, 503, 504]);

/** A failed call to the Bot Connector, typed for the retry decision. Carries no message text from Teams. */
export class DeliveryError extends Error {
  constructor(
    /** The HTTP status, when there was an answer. */
    public readonly status: number | undefined,
    /** True when retrying cannot help (403 bot removed or blocked, 404 conversation gone, 400 bad request). */
    public readonly permanent: boolean,
    /** How long Teams asked us to wait (Retry-After), in ms. */
    public readonly retryAfterMs?: number,
    /** 'http', 'timeout', 'network', or 'internal' (our own failure while preparing the send). */
    public readonly code: 'http' | 'timeout' | 'network' | 'internal' = 'http',
  ) {
    super(`delivery failed: ${code}${status !== undefined ? ` ${status}` : ''}`);
    this.name = 'DeliveryError';
  }

  /** An error for an HTTP answer. */
  static fromStatus(status: number, retryAfterMs?: number): DeliveryError {
    return new DeliveryError(status, !RETRYABLE_STATUSES.has(status), retryAfterMs, 'http');
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
