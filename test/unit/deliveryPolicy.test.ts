import fc from 'fast-check';
import { DeliveryError, parseRetryAfter } from '../../src/delivery/deliveryError';
import { RateLimiter } from '../../src/delivery/rateLimiter';
import { RETRY_POLICY, backoffBounds, retryDelayMs } from '../../src/delivery/retryPolicy';

describe('retry policy', () => {
  it('stays within the jittered exponential window, and never below Retry-After (capped)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.option(fc.integer({ min: 0, max: 3 * 60 * 60_000 }), { nil: undefined }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, retryAfter, random) => {
          const delay = retryDelayMs(attempt, retryAfter, () => random);
          const { min, max } = backoffBounds(attempt);
          const asked = Math.min(retryAfter ?? 0, RETRY_POLICY.maxRetryAfterMs);
          expect(delay).toBeGreaterThanOrEqual(Math.max(min, asked));
          expect(delay).toBeLessThanOrEqual(Math.max(max, asked));
          expect(max).toBeLessThanOrEqual(RETRY_POLICY.maxMs);
        },
      ),
    );
  });

  it('doubles per attempt up to the cap', () => {
    expect(backoffBounds(1)).toEqual({ min: 1000, max: 2000 });
    expect(backoffBounds(2)).toEqual({ min: 2000, max: 4000 });
    expect(backoffBounds(20).max).toBe(RETRY_POLICY.maxMs);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-02T09:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('nonsense', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries what Teams asks to retry, and stops on 403/404', () => {
    for (const status of [401, 412, 429, 500, 502, 503, 504])
      expect(DeliveryError.fromStatus(status).permanent).toBe(false);
    for (const status of [400, 403, 404, 405]) expect(DeliveryError.fromStatus(status).permanent).toBe(true);
  });
});

describe('rate limiter', () => {
  it('allows 7 sends per second per thread, then says how long to wait', () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 7; i++) expect(limiter.reserve('thread', t0 + i)).toBe(0);
    expect(limiter.reserve('thread', t0 + 10)).toBe(990);
    expect(limiter.reserve('other', t0 + 10)).toBe(0);
    expect(limiter.reserve('thread', t0 + 1000)).toBe(0);
  });

  it('allows 60 sends per 30 seconds per thread', () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 60; i++) expect(limiter.reserve('thread', t0 + i * 200)).toBe(0);
    const at = t0 + 60 * 200;
    expect(limiter.reserve('thread', at)).toBe(t0 + 30_000 - at);
  });
});
