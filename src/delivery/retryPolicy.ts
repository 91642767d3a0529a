/** The bounds of delivery retries: jittered exponential backoff, never shorter than Teams' Retry-After. */
export const RETRY_POLICY = {
  /** Backoff of the first retry (before jitter). */
  baseMs: 2_000,
  /** Longest backoff between two attempts. */
  maxMs: 10 * 60_000,
  /** Longest Retry-After we honour; a longer one is capped here. */
  maxRetryAfterMs: 60 * 60_000,
  /** Attempts before an entry counts as failed. */
  maxAttempts: 8,
} as const;

/** The backoff window [min, max] in ms after the given failed attempt (1-based), before Retry-After. */
export function backoffBounds(attempt: number): { min: number; max: number } {
  const max = Math.min(RETRY_POLICY.maxMs, RETRY_POLICY.baseMs * 2 ** Math.max(0, attempt - 1));
  return { min: max / 2, max };
}

/**
 * How long to wait after a failed attempt: "equal jitter" within the backoff window (so instances that failed
 * together spread out), and at least what Teams asked for in Retry-After (capped).
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const { min, max } = backoffBounds(attempt);
  const jittered = Math.round(min + random() * (max - min));
  const asked = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, RETRY_POLICY.maxRetryAfterMs);
  return Math.max(jittered, asked);
}
