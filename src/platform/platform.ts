import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { DeliveryPlanner } from '../delivery/deliveryPlan';
import { Dispatcher } from '../delivery/dispatcher';
import { Outbox } from '../delivery/outbox';
import type { SendAddress } from '../delivery/outboxEntry';
import { OutboxWatch } from '../delivery/outboxWatch';
import { RoutingPlanner, type PlannerRoute } from '../delivery/routingPlanner';
import type { TeamsPort } from '../delivery/teamsPort';
import { isEscalationThread } from '../delivery/threads';
import { errorKind, type Logger } from '../logger';
import { AuditTrail } from '../storage/auditTrail';
import type { BakenStorage } from '../storage/storage';
import type { TeamRecord } from '../teams/teamRecord';
import { TeamStore } from '../teams/teamStore';
import { BakenMetrics } from '../telemetry/bakenMetrics';
import { RoleService } from './roles';
import { Scheduler, type ScheduledJob } from './scheduler';

/*
 * The platform: what every feature builds on and no feature owns. Besides this folder, src/storage/ (documents
 * with ETags, audit log) and src/delivery/ (outbox, dispatcher, Teams port, threads and keys) are platform too;
 * they keep their folders. What speaks to Teams (the gateway, the state slots) is in src/edge/.
 */

/** Test hooks for delivery and the background timer. */
export interface PlatformOptions {
  /** Run the background timer (default true); tests leave it off and call tick() with a fake clock. */
  backgroundTimer?: boolean;
  /** Record sends but never deliver them (a bot stopped between "recorded" and "delivered"). */
  holdDelivery?: boolean;
  /** Jitter source for retry backoff. */
  random?: () => number;
  /** Time-out of one call to Teams (the composition root gives it to the gateway). */
  deliveryTimeoutMs?: number;
}

/** What the platform is built from. */
export interface PlatformDeps {
  config: Config;
  storage: BakenStorage;
  clock: Clock;
  logger: Logger;
  /** Where delivery sends to Teams (the edge's gateway). */
  teamsPort: TeamsPort;
  /** Where measurements go (a no-op without Application Insights). */
  metrics?: BakenMetrics;
}

/** What a feature adds to the background work and to delivery. */
export interface PlatformParts {
  /** Jobs run on every tick, before delivery (so their sends go out in the same tick), in registration order. */
  jobs?: readonly ScheduledJob[];
  /** Delivery routes for the outbox entries the feature renders. */
  routes?: readonly PlannerRoute[];
  /** The planner of every entry no route handles (one feature: escalation). */
  deliveryFallback?: DeliveryPlanner;
}

/** The shared infrastructure, built once at the composition root. */
export interface Platform {
  teams: TeamStore;
  /** The audit writer every feature writes through. */
  audit: AuditTrail;
  /** The outbox every send to Teams goes through. */
  outbox: Outbox;
  /** Roles, decided on the server against the live roster. */
  roles: RoleService;
  /** How many outbox entries wait and for how long; tells the admins when they wait too long. */
  watch: OutboxWatch;
  metrics: BakenMetrics;
  /** Adds a feature's jobs and delivery routes. */
  register(parts: PlatformParts): void;
  /** One background pass: the features' jobs, then delivery, then the outbox watch. */
  tick(): Promise<void>;
  /** Starts the timer (unless turned off) and resumes undelivered sends left by an earlier run. */
  start(): void;
  /** Stops the timer and waits for work in flight. */
  stop(): Promise<void>;
}

/** The address of a team's general channel (where the outbox watch writes when no late entry has an address). */
function generalAddress(team: TeamRecord): SendAddress {
  return {
    serviceUrl: team.general.serviceUrl,
    tenantId: team.general.tenantId ?? team.tenantId,
    botId: team.general.botId,
  };
}

/** Builds the platform: teams, audit, roles, outbox → Teams port → planner → dispatcher → scheduler → outbox watch. */
export function createPlatform(deps: PlatformDeps, options: PlatformOptions = {}): Platform {
  const { config, storage, clock, logger } = deps;
  const metrics = deps.metrics ?? new BakenMetrics();
  const teams = new TeamStore(storage.teams, clock);
  const audit = new AuditTrail(storage.audit, clock);
  const outbox = new Outbox(storage.outbox, clock, storage.sending);
  const roles = new RoleService(config.adminIds, teams);
  const planner = new RoutingPlanner();
  const watch = new OutboxWatch({
    outbox,
    documents: storage.records,
    clock,
    logger,
    admins: () => roles.admins(),
    thresholdMinutes: config.outboxAlertMinutes,
    fallbackAddress: async () => {
      const [team] = (await teams.list()).sort((a, b) => a.teamId.localeCompare(b.teamId));
      return team ? generalAddress(team) : undefined;
    },
  });
  planner.add(watch.route());
  metrics.observeOutbox(() => watch.gauge());
  const dispatcher = new Dispatcher({
    outbox,
    port: deps.teamsPort,
    planner,
    clock,
    logger,
    instanceId: config.instanceId || randomUUID().slice(0, 12),
    random: options.random,
    hold: options.holdDelivery,
    wakeTimers: options.backgroundTimer !== false,
    // An escalation's thread (its notice, then updates and replies of that notice): the planner holds updates
    // and replies until the notice is posted and renders each from the record as it is at send time, so an entry
    // another instance records there meanwhile cannot show anything out of date.
    directThread: isEscalationThread,
    onFailure: (status, final) => metrics.deliveryFailed(status, final),
  });
  outbox.onEnqueued((created) => dispatcher.deliverNew(created));
  const scheduler = new Scheduler(
    [
      // The sweep (first tick of a process, then hourly) first, so an entry it finds is sent in the same tick; a
      // failed sweep does not keep this tick from delivering (it is tried again on the next).
      {
        name: 'delivery',
        run: () =>
          outbox
            .sweepIfDue()
            .catch((err: unknown) => logger.error('outbox_sweep_failed', { error: errorKind(err) }))
            .then(() => dispatcher.settle())
            .then(() => dispatcher.drain()),
      },
      // After delivery, so that what the tick could send is not counted as waiting.
      { name: 'outbox-watch', run: () => watch.check() },
    ],
    config.schedulerIntervalSeconds * 1000,
    logger,
  );
  return {
    teams,
    audit,
    outbox,
    roles,
    watch,
    metrics,
    register: (parts) => {
      for (const route of parts.routes ?? []) planner.add(route);
      if (parts.deliveryFallback) planner.setFallback(parts.deliveryFallback);
      for (const job of parts.jobs ?? []) scheduler.add(job, 'delivery');
    },
    tick: () => scheduler.tick(),
    start: () => {
      if (options.backgroundTimer !== false) scheduler.start();
      dispatcher.kick();
    },
    stop: async () => {
      await scheduler.stop();
      await dispatcher.stop();
    },
  };
}
