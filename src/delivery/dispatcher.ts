import type { Clock } from '../clock';
import { errorKind, type Logger } from '../logger';
import type { Versioned } from '../storage/documentStore';
import { DeliveryError } from './deliveryError';
import type { Outbox } from './outbox';
import type { OutboxEntry, SendAddress } from './outboxEntry';
import { RateLimiter } from './rateLimiter';
import { RETRY_POLICY, retryDelayMs } from './retryPolicy';
import type { DeliveryResult, OutboundActivity, TeamsPort } from './teamsPort';

/** One call to Teams, fully resolved. */
export type TeamsOperation =
  | { op: 'createThread'; address: SendAddress; channelId: string; activity: OutboundActivity }
  | {
      op: 'personal';
      address: SendAddress;
      aadObjectId: string;
      userId?: string;
      /** Only while on this team's live roster (and not a guest). */
      memberOf?: string;
      activity: OutboundActivity;
    }
  | { op: 'reply'; serviceUrl: string; conversationId: string; activity: OutboundActivity }
  | {
      op: 'update';
      serviceUrl: string;
      conversationId: string;
      activityId: string;
      activity: OutboundActivity;
      /** Set when the conversation is this person's 1:1 chat: it is the thread their 1:1 sends count against. */
      person?: string;
    };

/** What to do with an entry now. */
export type DeliveryPlan =
  | { kind: 'send'; operation: TeamsOperation }
  | { kind: 'wait'; retryInMs: number; reason: string }
  | { kind: 'skip'; reason: string };

/** Renders entries from the records at send time and hears how they ended (the escalation side). */
export interface DeliveryPlanner {
  /** Turns an entry into the call to make, or says to wait or skip. */
  plan(entry: OutboxEntry): Promise<DeliveryPlan>;
  /** Called once Teams accepted an entry (after it was marked sent). */
  onSent(entry: OutboxEntry, result: DeliveryResult): Promise<void>;
  /** Called once an entry failed for good (permanent error or attempts used up). */
  onFailed(entry: OutboxEntry, error: DeliveryError): Promise<void>;
}

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
}

type Attempt = { sent: DeliveryResult } | { skipped: string };

/**
 * Delivers pending outbox entries: in order per thread, within Teams' rate limits, each claimed first with an
 * ETag-conditional write so two instances never send the same entry. Failures are retried with jittered
 * exponential backoff honouring Retry-After; waiting is recorded as `nextAttemptAt` (clock time) and picked up
 * by a later drain — the dispatcher itself never sleeps.
 */
export class Dispatcher {
  private readonly leaseMs: number;
  private readonly random: () => number;
  private readonly limiter: RateLimiter;
  private current?: Promise<void>;
  private queued?: Promise<void>;
  private stopped = false;

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

  /** Starts a drain without waiting for it (after new entries were recorded). */
  kick(): void {
    this.drain().catch((err: unknown) =>
      this.deps.logger.error('outbox_drain_failed', { error: errorKind(err) }),
    );
  }

  /** Stops starting new drains and waits for the one in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.catch(() => undefined);
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
    const queue = [...threads.values()];
    const workers = Array.from(
      { length: Math.min(this.deps.threadConcurrency ?? 4, queue.length) },
      async () => {
        for (let list = queue.shift(); list; list = queue.shift()) {
          try {
            await this.drainThread(list);
          } catch (err) {
            this.deps.logger.error('outbox_thread_failed', { error: errorKind(err) });
          }
        }
      },
    );
    await Promise.all(workers);
  }

  /** Delivers a thread's entries in order; stops at the first one that has to wait. */
  private async drainThread(list: Array<Versioned<OutboxEntry>>): Promise<void> {
    for (const doc of list) {
      if (this.stopped) return;
      const done = await this.deliver(doc);
      if (!done) return;
    }
  }

  /** Tries one entry; true when it is finished (sent, failed or skipped) so the thread may go on. */
  private async deliver(doc: Versioned<OutboxEntry>): Promise<boolean> {
    const { outbox, clock, logger } = this.deps;
    const entry = doc.value;
    const now = clock.now().getTime();
    if (entry.claim && entry.claim.by !== this.deps.instanceId && Date.parse(entry.claim.until) > now)
      return false;
    if (Date.parse(entry.nextAttemptAt) > now) return false;

    let plan: DeliveryPlan;
    try {
      plan = await this.deps.planner.plan(entry);
    } catch (err) {
      logger.error('outbox_plan_failed', { key: entry.key, error: errorKind(err) });
      plan = {
        kind: 'wait',
        retryInMs: retryDelayMs(entry.attempts + 1, undefined, this.random),
        reason: 'plan',
      };
    }
    if (plan.kind === 'skip') {
      await this.finish(doc.value, doc.etag, 'skipped', { reason: plan.reason });
      logger.info('outbox_skipped', { key: entry.key, reason: plan.reason });
      return true;
    }
    if (plan.kind === 'wait') {
      await outbox.replace(
        { ...entry, nextAttemptAt: new Date(now + plan.retryInMs).toISOString() },
        doc.etag,
      );
      return false;
    }
    const rateWait = this.limiter.reserve(rateKey(plan.operation), now);
    if (rateWait > 0) {
      await outbox.replace({ ...entry, nextAttemptAt: new Date(now + rateWait).toISOString() }, doc.etag);
      logger.debug('outbox_rate_limited', { key: entry.key, waitMs: rateWait });
      return false;
    }

    // Claim: only the instance whose conditional write wins sends.
    const claimed: OutboxEntry = {
      ...entry,
      attempts: entry.attempts + 1,
      claim: { by: this.deps.instanceId, until: new Date(now + this.leaseMs).toISOString() },
    };
    const claimEtag = await outbox.replace(claimed, doc.etag);
    if (!claimEtag) return false;

    let attempt: Attempt;
    try {
      attempt = await this.execute(plan.operation);
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

  private async failed(entry: OutboxEntry, etag: string, error: DeliveryError): Promise<boolean> {
    const { logger, clock } = this.deps;
    const lastError = { status: error.status, code: error.code };
    if (!error.permanent && entry.attempts < RETRY_POLICY.maxAttempts) {
      const delay = retryDelayMs(entry.attempts, error.retryAfterMs, this.random);
      const next = new Date(clock.now().getTime() + delay).toISOString();
      await this.deps.outbox.replace({ ...entry, claim: undefined, nextAttemptAt: next, lastError }, etag);
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

  private async execute(operation: TeamsOperation): Promise<Attempt> {
    const port = this.deps.port;
    switch (operation.op) {
      case 'createThread':
        return {
          sent: await port.createChannelThread(operation.address, operation.channelId, operation.activity),
        };
      case 'reply':
        return { sent: await port.reply(operation.serviceUrl, operation.conversationId, operation.activity) };
      case 'update':
        await port.update(
          operation.serviceUrl,
          operation.conversationId,
          operation.activityId,
          operation.activity,
        );
        return { sent: { conversationId: operation.conversationId, activityId: operation.activityId } };
      case 'personal': {
        let userId = operation.userId ?? operation.aadObjectId;
        if (operation.memberOf) {
          const member = await port.member(operation.address.serviceUrl, operation.memberOf, userId);
          if (!member) return { skipped: 'not_member' };
          if (member.userRole === 'guest') return { skipped: 'guest' };
          userId = member.userId;
        }
        return { sent: await port.sendPersonal(operation.address, userId, operation.activity) };
      }
    }
  }
}

/**
 * The conversation a send counts against for Teams' per-thread limits. A person's 1:1 chat is one conversation
 * whether a send posts to it or updates a message in it, so both count under the person.
 */
function rateKey(operation: TeamsOperation): string {
  switch (operation.op) {
    case 'createThread':
      return `conv:${operation.channelId}`;
    case 'personal':
      return `user:${operation.aadObjectId}`;
    case 'update':
      return operation.person ? `user:${operation.person}` : `conv:${operation.conversationId}`;
    default:
      return `conv:${operation.conversationId}`;
  }
}
