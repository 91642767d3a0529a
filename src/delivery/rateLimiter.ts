/** A sliding-window limit: at most `max` sends per `windowMs`. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

/** Teams' limits per conversation thread (7 per second, 60 per 30 seconds). */
export const THREAD_LIMITS: RateWindow[] = [
  { max: 7, windowMs: 1_000 },
  { max: 60, windowMs: 30_000 },
];
/** Teams' limit per app per tenant (about 50 requests per second); we stay a little under it. */
export const APP_LIMITS: RateWindow[] = [{ max: 40, windowMs: 1_000 }];

/**
 * Keeps this process under Teams' send limits. Time comes from the caller (the injected clock), so tests can
 * see the waits without sleeping. Teams' 429 answers remain the backstop across instances.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perKey: RateWindow[] = THREAD_LIMITS,
    private readonly global: RateWindow[] = APP_LIMITS,
  ) {}

  /** Takes a slot for a send on `key` at `nowMs` and returns 0, or returns how long to wait (taking nothing). */
  reserve(key: string, nowMs: number): number {
    const own = this.history(key, nowMs);
    const all = this.history('*', nowMs);
    const wait = Math.max(this.waitFor(own, this.perKey, nowMs), this.waitFor(all, this.global, nowMs));
    if (wait > 0) return wait;
    own.push(nowMs);
    all.push(nowMs);
    return 0;
  }

  private history(key: string, nowMs: number): number[] {
    const longest = Math.max(...this.perKey.map((w) => w.windowMs), ...this.global.map((w) => w.windowMs));
    const kept = (this.sent.get(key) ?? []).filter((t) => t > nowMs - longest);
    this.sent.set(key, kept);
    return kept;
  }

  private waitFor(times: number[], windows: RateWindow[], nowMs: number): number {
    let wait = 0;
    for (const w of windows) {
      const inWindow = times.filter((t) => t > nowMs - w.windowMs);
      if (inWindow.length >= w.max) {
        const oldest = inWindow[inWindow.length - w.max] ?? nowMs;
        wait = Math.max(wait, oldest + w.windowMs - nowMs);
      }
    }
    return wait;
  }
}
