import { createHash } from 'node:crypto';
import { z } from 'zod';
import { outboxAlertCard } from '../../cards/delivery/outboxAlertCard';
import { NEUTRAL_PREVIEW } from '../../cards/cardShell';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { DocumentStore } from '../storage/documentStore';
import type { OutboxGauge } from '../telemetry/bakenMetrics';
import type { DeliveryPlan, DeliveryPlanner } from './deliveryPlan';
import { directPlan } from './directPlan';
import type { Outbox, UndeliveredEntry } from './outbox';
import type { NewOutboxEntry, SendAddress } from './outboxEntry';
import { OUTBOX_ALERT_KEY_PREFIX, outboxAlertKey } from './outboxKeys';
import type { PlannerRoute } from './routingPlanner';
import { outboxAlertThread } from './threads';

/** The small document that says which entries the admins were told about (in the records container). */
export const ALERT_LOG_NAME = 'ops/outbox-alerts.json';

/**
 * Which late entries the admins were told about, by a hash of the entry's key (so the document holds no id that a
 * purge would have to find), with when. Kept only for entries that are still undelivered.
 */
const alertLogSchema = z.object({ alerted: z.record(z.string().regex(/^[0-9a-f]{16}$/), z.iso.datetime()) });
type AlertLog = z.infer<typeof alertLogSchema>;

/** The hash an entry's key is known by in the alert log. */
function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

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
  /** Where the alert log is kept (the records container: every other reader there lists by its own prefix). */
  documents: DocumentStore;
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
 * A tick lists the markers of the entries that wait, with their metadata (Outbox.undelivered), and reads nothing
 * unless an entry has just become late.
 *
 * "Once per entry" is durable and never touches the entries (the dispatcher alone writes them, so an alert can
 * never make a send's own writes fail): the alert is recorded in the outbox first, its key made from the entries it
 * is about (a restart before the next step records nothing new), then the alert log (ALERT_LOG_NAME) gets those
 * entries with an ETag-checked update. This process remembers what the log holds, so the log is read again only
 * when an entry it has not seen becomes late (once after a restart; or when another instance told the admins).
 */
export class OutboxWatch {
  private last?: { depth: number; oldestCreatedAt?: number };
  private readonly warnedNoAdmins = new Set<string>();
  /** Hashes of late entries known to be in the alert log. */
  private readonly told = new Set<string>();

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
    const waiting = new Set(entries.map((e) => keyHash(e.key)));
    for (const hash of this.told) if (!waiting.has(hash)) this.told.delete(hash);
    for (const key of this.warnedNoAdmins) if (!waiting.has(keyHash(key))) this.warnedNoAdmins.delete(key);
    const late = entries.filter(
      (e) =>
        !e.key.startsWith(OUTBOX_ALERT_KEY_PREFIX) &&
        now - Date.parse(e.createdAt) >= this.thresholdMs &&
        !this.told.has(keyHash(e.key)),
    );
    if (late.length === 0) return 0;
    const admins = this.deps.admins();
    if (admins.length === 0) {
      const fresh = late.filter((e) => !this.warnedNoAdmins.has(e.key));
      for (const e of fresh) this.warnedNoAdmins.add(e.key);
      if (fresh.length > 0) logger.warn('outbox_waiting_no_admins', { entries: fresh.length });
      return 0;
    }
    // Only now is anything read: the alert log (another instance, or this one before a restart, may have told).
    const log = await this.deps.documents.read(ALERT_LOG_NAME, alertLogSchema);
    for (const hash of Object.keys(log?.value.alerted ?? {})) if (waiting.has(hash)) this.told.add(hash);
    const fresh = late.filter((e) => !this.told.has(keyHash(e.key)));
    if (fresh.length === 0) return 0;
    const address = (await this.addressOf(fresh)) ?? (await this.deps.fallbackAddress());
    if (!address) {
      logger.warn('outbox_alert_no_address', { entries: fresh.length });
      return 0;
    }
    const keys = fresh.map((e) => e.key).sort();
    const batch = createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
    const oldest = earliest(fresh.map((e) => Date.parse(e.createdAt))) ?? now;
    const render = {
      card: 'outboxAlert' as const,
      count: fresh.length,
      oldestMinutes: Math.max(0, Math.floor((now - oldest) / 60_000)),
      thresholdMinutes: this.deps.thresholdMinutes,
      depth: entries.length,
    };
    const alerts: NewOutboxEntry[] = admins.map((aadObjectId) => ({
      key: outboxAlertKey(batch, aadObjectId),
      thread: outboxAlertThread(aadObjectId),
      target: { kind: 'personal', address, aadObjectId },
      render,
    }));
    // The alert first (its fixed keys make a repeat record nothing), then the log.
    await outbox.enqueue(alerts);
    const at = new Date(now).toISOString();
    await this.deps.documents.update(ALERT_LOG_NAME, alertLogSchema, (current): AlertLog => {
      const alerted: Record<string, string> = {};
      for (const [hash, when] of Object.entries(current?.alerted ?? {}))
        if (waiting.has(hash)) alerted[hash] = when;
      for (const key of keys) alerted[keyHash(key)] = at;
      return { alerted };
    });
    for (const key of keys) this.told.add(keyHash(key));
    logger.warn('outbox_alert', {
      entries: fresh.length,
      oldestMinutes: render.oldestMinutes,
      admins: admins.length,
    });
    return fresh.length;
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

  /**
   * The address of the first late entry that has one (the same tenant and service as the work that waits): entries
   * are read one by one until one says.
   */
  private async addressOf(entries: UndeliveredEntry[]): Promise<SendAddress | undefined> {
    for (const { key } of entries) {
      const target = (await this.deps.outbox.get(key))?.value.target;
      if (target?.kind === 'personal' || target?.kind === 'channelThread') return target.address;
    }
    return undefined;
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

/** The smallest valid time, or undefined (a loop: an outbox can hold more entries than a spread may pass). */
function earliest(times: number[]): number | undefined {
  let found: number | undefined;
  for (const t of times) if (Number.isFinite(t) && (found === undefined || t < found)) found = t;
  return found;
}
