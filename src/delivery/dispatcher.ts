import type { Clock } from '../clock';
import { errorKind, type Logger } from '../logger';
import type { Versioned } from '../storage/documentStore';
import { DeliveryError } from './deliveryError';
import {
  executeOperation,
  rateKey,
  type Attempt,
  type DeliveryPlan,
  type DeliveryPlanner,
} from './deliveryPlan';
import type { Outbox } from './outbox';
import type { OutboxEntry } from './outboxEntry';
import { RateLimiter } from './rateLimiter';
import { RETRY_POLICY, retryDelayMs } from './retryPolicy';
import type { TeamsPort } from './teamsPort';

/** What the dispatcher needs. */
export interface DispatcherDeps {
  outbox: Outbox;
  port: TeamsPort;
  planner: DeliveryPlanner;
  clock: Clock;
  logger: Logger;
  /** This process, for claims. */
  instanceId: string;
  /** How long a claim keeps other instances away (clock time); longer than any single send. */
  leaseMs?: number;
  random?: () => number;
  limiter?: RateLimiter;
  /** Test hook: record but never send (a bot that stops between "recorded" and "delivered"). */
  hold?: boolean;
  /** Threads delivered at the same time. */
  threadConcurrency?: number;
  /**
   * Start a drain by timer when a send waits (Retry-After, rate limit, a notice not yet posted), instead of at the
   * scheduler's next tick. Off in tests that move a fake clock and run the ticks themselves.
   */
  wakeTimers?: boolean;
  /**
   * Threads whose new entries may be sent at once, without a drain: only threads where order cannot suffer from
   * what other instances record meanwhile. Entries of other threads go through drains, which see every instance's
   * waiting entries (their markers). Default: none.
   */
  directThread?: (thread: string) => boolean;
  /** Hears of every failed send (its HTTP status; final when it is not tried again), for the metrics. */
  onFailure?: (status: number | undefined, final: boolean) => void;
}

/**
 * Delivers pending outbox entries: in order per thread, within Teams' rate limits, each claimed first with an
 * ETag-conditional write so two instances never send the same entry. New entries of the threads `directThread`
 * allows (an escalation's own thread) are sent at once when nothing older is pending there that this process
 * knows of; everything else (other threads, retries, entries of other instances) goes through drains, which list
 * the markers of the entries that wait (Outbox.pending). Failures are retried with jittered
 * exponential backoff honouring Retry-After; waiting is recorded as `nextAttemptAt` (clock time) and picked up by
 * a later drain, started by a timer for that moment (or the scheduler's tick) — the dispatcher itself never sleeps.
 */
export class Dispatcher {
  private readonly leaseMs: number;
  private readonly random: () => number;
  private readonly limiter: RateLimiter;
  private current?: Promise<void>;
  private queued?: Promise<void>;
  private stopped = false;
  /** Threads being delivered in this process right now (by a drain or directly); one worker per thread. */
  private readonly busyThreads = new Set<string>();
  /** Direct deliveries in flight, for stop(). */
  private readonly direct = new Set<Promise<void>>();
  private wake?: { at: number; timer: NodeJS.Timeout };

  constructor(private readonly deps: DispatcherDeps) {
    this.leaseMs = deps.leaseMs ?? 2 * 60_000;
    this.random = deps.random ?? Math.random;
    this.limiter = deps.limiter ?? new RateLimiter();
  }

  /** Delivers what is due now. Drains in this process run one after another; a drain asked for while one is waiting joins it. */
  drain(): Promise<void> {
    if (this.deps.hold || this.stopped) return this.current ?? Promise.resolve();
    if (this.queued) return this.queued;
    const previous = this.current ?? Promise.resolve();
    const run: Promise<void> = previous
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.current = run;
        return this.drainOnce();
      })
      .finally(() => {
        if (this.current === run) this.current = undefined;
      });
    this.queued = run;
    return run;
  }

  /** Starts a drain without waiting for it. */
  kick(): void {
    this.drain().catch((err: unknown) =>
      this.deps.logger.error('outbox_drain_failed', { error: errorKind(err) }),
    );
  }

  /**
   * Just-recorded entries (with the ETags of their creation): each thread that may be sent directly and has nothing
   * older pending here is delivered at once, without listing the outbox; the rest waits for a drain, started now.
   */
  deliverNew(created: Array<Versioned<OutboxEntry>>): void {
    if (this.deps.hold || this.stopped) return;
    const threads = new Map<string, Array<Versioned<OutboxEntry>>>();
    for (const doc of [...created].sort((a, b) => a.value.seq - b.value.seq)) {
      threads.set(doc.value.thread, [...(threads.get(doc.value.thread) ?? []), doc]);
    }
    let drain = false;
    for (const [thread, list] of threads) {
      const keys = new Set(list.map((doc) => doc.value.key));
      const direct = this.deps.directThread?.(thread) ?? false;
      if (!direct || this.busyThreads.has(thread) || this.deps.outbox.hasOtherPending(thread, keys)) {
        drain = true;
        continue;
      }
      const run = this.deliverThread(thread, list)
        .then((finished) => {
          // Something else joined the thread meanwhile (and is due): a drain takes it from here.
          if (finished && this.deps.outbox.hasOtherPending(thread, new Set())) this.kick();
        })
        .catch((err: unknown) => this.deps.logger.error('outbox_thread_failed', { error: errorKind(err) }))
        .finally(() => this.direct.delete(run));
      this.direct.add(run);
    }
    if (drain) this.kick();
  }

  /** Waits for the direct deliveries in flight (a scheduler tick does, so that it sees how they ended). */
  async settle(): Promise<void> {
    await Promise.all([...this.direct]);
  }

  /** Stops starting new drains and waits for the work in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = undefined;
    await Promise.all([this.current?.catch(() => undefined), ...this.direct]);
  }

  private async drainOnce(): Promise<void> {
    if (this.stopped) return;
    const pending = await this.deps.outbox.pending();
    const threads = new Map<string, Array<Versioned<OutboxEntry>>>();
    for (const doc of pending) {
      const list = threads.get(doc.value.thread) ?? [];
      list.push(doc);
      threads.set(doc.value.thread, list);
    }
    const queue = [...threads.entries()];
    const workers = Array.from(
      { length: Math.min(this.deps.threadConcurrency ?? 4, queue.length) },
      async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          try {
            await this.deliverThread(next[0], next[1]);
          } catch (err) {
            this.deps.logger.error('outbox_thread_failed', { error: errorKind(err) });
          }
        }
      },
    );
    await Promise.all(workers);
  }

  /**
   * Delivers a thread's entries in order; stops at the first one that has to wait. A thread another worker of
   * this process is delivering is left to it. True when every entry was finished.
   */
  private async deliverThread(thread: string, list: Array<Versioned<OutboxEntry>>): Promise<boolean> {
    if (this.busyThreads.has(thread)) return false;
    this.busyThreads.add(thread);
    try {
      for (const doc of list) {
        if (this.stopped) return false;
        const done = await this.deliver(doc);
        if (!done) return false;
      }
      return true;
    } finally {
      this.busyThreads.delete(thread);
    }
  }

  /** Tries one entry; true when it is finished (sent, failed or skipped) so the thread may go on. */
  private async deliver(doc: Versioned<OutboxEntry>): Promise<boolean> {
    const { outbox, clock, logger } = this.deps;
    const entry = doc.value;
    const now = clock.now().getTime();
    // Recorded by a press whose answer has not gone out: sent once it has (deliverNew), the thread waits till then.
    if (outbox.isHeld(entry.key)) return false;
    if (entry.claim && entry.claim.by !== this.deps.instanceId && Date.parse(entry.claim.until) > now)
      return false;
    if (Date.parse(entry.nextAttemptAt) > now) {
      this.wakeAt(Date.parse(entry.nextAttemptAt));
      return false;
    }

    // Claim (only the instance whose conditional write wins sends) while the send is planned: one round trip.
    const claimed: OutboxEntry = {
      ...entry,
      attempts: entry.attempts + 1,
      claim: { by: this.deps.instanceId, until: new Date(now + this.leaseMs).toISOString() },
    };
    const [plan, claimEtag] = await Promise.all([this.plan(entry), outbox.replace(claimed, doc.etag)]);
    if (!claimEtag) return false;
    if (plan.kind === 'skip') {
      await this.finish(entry, claimEtag, 'skipped', { reason: plan.reason });
      logger.info('outbox_skipped', { key: entry.key, reason: plan.reason });
      return true;
    }
    if (plan.kind === 'wait') {
      await this.release(entry, claimEtag, now + plan.retryInMs);
      return false;
    }
    const rateWait = this.limiter.reserve(rateKey(plan.operation), now);
    if (rateWait > 0) {
      await this.release(entry, claimEtag, now + rateWait);
      logger.debug('outbox_rate_limited', { key: entry.key, waitMs: rateWait });
      return false;
    }

    let attempt: Attempt;
    try {
      attempt = await executeOperation(this.deps.port, plan.operation);
    } catch (err) {
      const error =
        err instanceof DeliveryError ? err : new DeliveryError(undefined, false, undefined, 'internal');
      return this.failed(claimed, claimEtag, error);
    }
    if ('skipped' in attempt) {
      await this.finish(claimed, claimEtag, 'skipped', { reason: attempt.skipped });
      logger.info('outbox_skipped', { key: entry.key, reason: attempt.skipped });
      return true;
    }
    // Mark sent right after Teams accepted: the only window for a repeat is this one write.
    await this.finish(claimed, claimEtag, 'sent', { result: attempt.sent });
    logger.info('outbox_sent', { key: entry.key, attempts: claimed.attempts });
    try {
      await this.deps.planner.onSent(claimed, attempt.sent);
    } catch (err) {
      logger.error('outbox_after_send_failed', { key: entry.key, error: errorKind(err) });
    }
    return true;
  }

  /** The planner's answer; a planner that throws (storage down) makes the entry wait and try again. */
  private async plan(entry: OutboxEntry): Promise<DeliveryPlan> {
    try {
      return await this.deps.planner.plan(entry);
    } catch (err) {
      this.deps.logger.error('outbox_plan_failed', { key: entry.key, error: errorKind(err) });
      return {
        kind: 'wait',
        retryInMs: retryDelayMs(entry.attempts + 1, undefined, this.random),
        reason: 'plan',
      };
    }
  }

  /** Gives a claimed entry back unsent (its attempts as before), to be tried again at `atMs`. */
  private async release(entry: OutboxEntry, etag: string, atMs: number): Promise<void> {
    await this.deps.outbox.replace(
      { ...entry, claim: undefined, nextAttemptAt: new Date(atMs).toISOString() },
      etag,
    );
    this.wakeAt(atMs);
  }

  /** Starts a drain at `atMs` (clock time), unless one is set for earlier. */
  private wakeAt(atMs: number): void {
    if (!this.deps.wakeTimers || this.stopped) return;
    if (this.wake && this.wake.at <= atMs) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const delay = Math.max(atMs - this.deps.clock.now().getTime(), 0) + 10;
    const timer = setTimeout(() => {
      this.wake = undefined;
      this.kick();
    }, delay);
    timer.unref();
    this.wake = { at: atMs, timer };
  }

  private async failed(entry: OutboxEntry, etag: string, error: DeliveryError): Promise<boolean> {
    const { logger, clock } = this.deps;
    const lastError = { status: error.status, code: error.code };
    const retry = !error.permanent && entry.attempts < RETRY_POLICY.maxAttempts;
    this.deps.onFailure?.(error.status, !retry);
    if (retry) {
      const delay = retryDelayMs(entry.attempts, error.retryAfterMs, this.random);
      const next = new Date(clock.now().getTime() + delay).toISOString();
      await this.deps.outbox.replace({ ...entry, claim: undefined, nextAttemptAt: next, lastError }, etag);
      this.wakeAt(Date.parse(next));
      logger.warn('outbox_retry', { key: entry.key, status: error.status, code: error.code, delayMs: delay });
      return false;
    }
    await this.finish(entry, etag, 'failed', { lastError });
    logger.warn('outbox_failed', {
      key: entry.key,
      status: error.status,
      code: error.code,
      permanent: error.permanent,
    });
    try {
      await this.deps.planner.onFailed(entry, error);
    } catch (err) {
      logger.error('outbox_after_failure_failed', { key: entry.key, error: errorKind(err) });
    }
    return true;
  }

  private async finish(
    entry: OutboxEntry,
    etag: string,
    status: 'sent' | 'failed' | 'skipped',
    extra: Partial<OutboxEntry>,
  ): Promise<void> {
    const doneAt = this.deps.clock.now().toISOString();
    const written = await this.deps.outbox.replace(
      { ...entry, ...extra, status, claim: undefined, doneAt },
      etag,
    );
    if (!written) this.deps.logger.warn('outbox_finish_conflict', { key: entry.key, status });
  }
}
