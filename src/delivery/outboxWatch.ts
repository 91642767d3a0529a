import { createHash } from 'node:crypto';
import { outboxAlertCard } from '../../cards/outboxAlertCard';
import { NEUTRAL_PREVIEW } from '../../cards/cardShell';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { OutboxGauge } from '../telemetry/bakenMetrics';
import type { DeliveryPlan, DeliveryPlanner } from './deliveryPlan';
import { directPlan } from './directPlan';
import type { Outbox, UndeliveredEntry } from './outbox';
import type { NewOutboxEntry, OutboxEntry, SendAddress } from './outboxEntry';
import type { PlannerRoute } from './routingPlanner';

/** Keys and threads of the admins' alerts start with this; an alert that waits itself is never alerted about. */
const ALERT_PREFIX = 'outbox-alert:';

/** What `status` shows: counts and minutes. */
export interface OutboxStatus {
  depth: number;
  /** Minutes the oldest undelivered entry has waited; undefined when nothing waits. */
  oldestMinutes?: number;
  /** Entries waiting at least the alert time. */
  late: number;
  thresholdMinutes: number;
}

/** What the watch needs. */
export interface OutboxWatchDeps {
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** The admins now (ADMIN_IDS): they get the alert 1:1. */
  admins: () => readonly string[];
  /** How long an entry may wait before the admins are told (OUTBOX_ALERT_MINUTES). */
  thresholdMinutes: number;
  /** Where to reach the admins 1:1 when none of the waiting entries says (a team Baken is in). */
  fallbackAddress: () => Promise<SendAddress | undefined>;
}

/**
 * Watches the outbox on every scheduler tick: measures how many entries wait and how old the oldest is (for the
 * metrics and `status`), and tells the admins 1:1 once per entry when entries wait longer than the alert time.
 * A tick lists the outbox with its metadata and reads nothing unless an entry has just become overdue.
 *
 * "Once per entry" is durable: the alert is recorded in the outbox first (its key comes from the entries it is
 * about, so a restart between recording and marking records nothing new), then each entry is marked `alertedAt`
 * with an ETag-checked write. An entry being sent at that moment (a claim in force) is left for the next tick, as
 * writing over a claim would make the sender's own write fail and the entry go out twice.
 */
export class OutboxWatch {
  private last?: { depth: number; oldestCreatedAt?: number };
  private readonly warnedNoAdmins = new Set<string>();

  constructor(private readonly deps: OutboxWatchDeps) {}

  /** The outbox as the last tick measured it, its age as of now; undefined before the first tick. */
  gauge(): OutboxGauge | undefined {
    if (!this.last) return undefined;
    const oldest = this.last.oldestCreatedAt;
    const ageMs = oldest === undefined ? 0 : this.deps.clock.now().getTime() - oldest;
    return { depth: this.last.depth, oldestAgeSeconds: Math.max(0, Math.round(ageMs / 1000)) };
  }

  /** The outbox now, from a fresh listing (for an admin's `status`). */
  async status(): Promise<OutboxStatus> {
    const entries = await this.deps.outbox.undelivered();
    const now = this.deps.clock.now().getTime();
    this.remember(entries);
    const oldest = this.last?.oldestCreatedAt;
    return {
      depth: entries.length,
      oldestMinutes: oldest === undefined ? undefined : Math.max(0, Math.floor((now - oldest) / 60_000)),
      late: entries.filter((e) => now - Date.parse(e.createdAt) >= this.thresholdMs).length,
      thresholdMinutes: this.deps.thresholdMinutes,
    };
  }

  /** One scheduler pass; returns how many entries the admins were just told about. */
  async check(): Promise<number> {
    const { outbox, clock, logger } = this.deps;
    const entries = await outbox.undelivered();
    this.remember(entries);
    const now = clock.now().getTime();
    const overdue = entries.filter(
      (e) =>
        !e.alerted && !e.key.startsWith(ALERT_PREFIX) && now - Date.parse(e.createdAt) >= this.thresholdMs,
    );
    if (overdue.length === 0) return 0;
    const admins = this.deps.admins();
    if (admins.length === 0) {
      const fresh = overdue.filter((e) => !this.warnedNoAdmins.has(e.key));
      for (const e of fresh) this.warnedNoAdmins.add(e.key);
      if (fresh.length > 0) logger.warn('outbox_waiting_no_admins', { entries: fresh.length });
      return 0;
    }
    // Only now are entries read: to leave out those finished or being sent right now, and to find an address.
    const docs = await Promise.all(overdue.map((e) => outbox.get(e.key)));
    const ready = docs.flatMap((doc) => {
      const entry = doc?.value;
      if (!entry || entry.status !== 'pending' || entry.alertedAt) return [];
      if (entry.claim && Date.parse(entry.claim.until) > now) return [];
      return [entry];
    });
    if (ready.length === 0) return 0;
    const address = addressOf(ready) ?? (await this.deps.fallbackAddress());
    if (!address) {
      logger.warn('outbox_alert_no_address', { entries: ready.length });
      return 0;
    }
    const keys = ready.map((e) => e.key).sort();
    const batch = createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
    const oldest = earliest(ready.map((e) => Date.parse(e.createdAt))) ?? now;
    const render = {
      card: 'outboxAlert' as const,
      count: ready.length,
      oldestMinutes: Math.max(0, Math.floor((now - oldest) / 60_000)),
      thresholdMinutes: this.deps.thresholdMinutes,
      depth: entries.length,
    };
    const alerts: NewOutboxEntry[] = admins.map((aadObjectId) => ({
      key: `${ALERT_PREFIX}${batch}:${aadObjectId}`,
      thread: `${ALERT_PREFIX}${aadObjectId}`,
      target: { kind: 'personal', address, aadObjectId },
      render,
    }));
    await outbox.enqueue(alerts);
    let marked = 0;
    for (const key of keys) if (await outbox.markAlerted(key)) marked++;
    logger.warn('outbox_alert', {
      entries: ready.length,
      marked,
      oldestMinutes: render.oldestMinutes,
      admins: admins.length,
    });
    return ready.length;
  }

  /** The route that renders the alerts at send time; sent only to someone who is still an admin. */
  route(): PlannerRoute {
    const planner: DeliveryPlanner = {
      plan: async (entry): Promise<DeliveryPlan> => {
        const render = entry.render;
        if (render.card !== 'outboxAlert' || entry.target.kind !== 'personal')
          return { kind: 'skip', reason: 'target' };
        if (!this.deps.admins().includes(entry.target.aadObjectId))
          return { kind: 'skip', reason: 'not_admin' };
        const activity = {
          type: 'message' as const,
          summary: NEUTRAL_PREVIEW,
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive' as const,
              content: outboxAlertCard(render),
            },
          ],
        };
        return directPlan(entry.target, activity) ?? { kind: 'skip', reason: 'target' };
      },
      onSent: async () => undefined,
      onFailed: async () => undefined,
    };
    return { handles: (entry) => entry.render.card === 'outboxAlert', planner };
  }

  private get thresholdMs(): number {
    return this.deps.thresholdMinutes * 60_000;
  }

  private remember(entries: UndeliveredEntry[]): void {
    this.last = {
      depth: entries.length,
      oldestCreatedAt: earliest(entries.map((e) => Date.parse(e.createdAt))),
    };
  }
}

/** The address of the first waiting entry that has one (the same tenant and service as the work that waits). */
function addressOf(entries: OutboxEntry[]): SendAddress | undefined {
  for (const { target } of entries) {
    if (target.kind === 'personal' || target.kind === 'channelThread') return target.address;
  }
  return undefined;
}

/** The smallest valid time, or undefined (a loop: an outbox can hold more entries than a spread may pass). */
function earliest(times: number[]): number | undefined {
  let found: number | undefined;
  for (const t of times) if (Number.isFinite(t) && (found === undefined || t < found)) found = t;
  return found;
}
