import { randomUUID } from 'node:crypto';
import type { ConversationState } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { Dispatcher } from '../delivery/dispatcher';
import { Outbox } from '../delivery/outbox';
import { OutboxWatch } from '../delivery/outboxWatch';
import { RoutingPlanner, type PlannerRoute } from '../delivery/routingPlanner';
import { TeamsGateway } from '../delivery/teamsGateway';
import { isEscalationThread } from '../delivery/threads';
import { EscalationDelivery } from '../escalation/escalationDelivery';
import { EscalationService } from '../escalation/escalationService';
import { RoleService } from '../platform/roles';
import { Scheduler, type ScheduledJob } from '../platform/scheduler';
import type { Logger } from '../logger';
import { teamAddress } from '../escalation/escalationService';
import type { AuditTrail } from '../storage/auditTrail';
import { BakenMetrics } from '../telemetry/bakenMetrics';
import type { BakenStorage } from '../storage/storage';
import type { TeamStore } from '../teams/teamStore';
import { EscalationExtension } from './escalationExtension';

/** Test hooks for escalation and delivery. */
export interface EscalationModuleOptions {
  /** Run the background timer (default true); tests leave it off and call tick() with a fake clock. */
  backgroundTimer?: boolean;
  /** Record sends but never deliver them (a bot stopped between "recorded" and "delivered"). */
  holdDelivery?: boolean;
  /** Jitter source for retry backoff. */
  random?: () => number;
  /** Time-out of one call to Teams. */
  deliveryTimeoutMs?: number;
}

/** What the composition root needs from the module. */
export interface EscalationDeps {
  config: Config;
  storage: BakenStorage;
  /** The audit writer every feature writes through. */
  audit: AuditTrail;
  teams: TeamStore;
  conversationState: ConversationState;
  clock: Clock;
  logger: Logger;
  credentialsFactory: ServiceClientCredentialsFactory;
  /** Where measurements go (a no-op without Application Insights). */
  metrics?: BakenMetrics;
}

/** Escalation, roles, outbox and delivery, assembled; started and stopped by the composition root. */
export interface EscalationModule {
  /** The bot extension (commands, buttons, the flows' escalation port). */
  extension: EscalationExtension;
  service: EscalationService;
  /** The outbox every send to Teams goes through. */
  outbox: Outbox;
  /** Roles, decided on the server against the live roster. */
  roles: RoleService;
  /** How many outbox entries wait and for how long; tells the admins when they wait too long. */
  watch: OutboxWatch;
  /** Where measurements go (shared with the other parts). */
  metrics: BakenMetrics;
  /** Lets another part (aftercare) deliver its own outbox entries and run jobs before delivery on each tick. */
  extend(part: { route?: PlannerRoute; jobs?: ScheduledJob[] }): void;
  /** One background pass: due reminders, then due deliveries. */
  tick(): Promise<void>;
  /** Starts the timer (unless turned off) and resumes undelivered sends left by an earlier run. */
  start(): void;
  /** Stops the timer and waits for work in flight. */
  stop(): Promise<void>;
}

/** Builds the escalation module: outbox → gateway → service → delivery planner → dispatcher → scheduler → bot extension. */
export function createEscalationModule(
  deps: EscalationDeps,
  options: EscalationModuleOptions = {},
): EscalationModule {
  const { config, storage, teams, clock, logger } = deps;
  const metrics = deps.metrics ?? new BakenMetrics();
  const outbox = new Outbox(storage.outbox, clock);
  const roles = new RoleService(config.adminIds, teams);
  const service = new EscalationService({
    escalations: storage.escalations,
    outbox,
    teams,
    roles,
    audit: deps.audit,
    clock,
    logger,
    settings: { ...config.escalation, timeZone: config.timeZone, officeHours: config.officeHours },
    events: {
      created: () => metrics.escalationCreated(),
      pickedUp: (seconds) => metrics.escalationPickedUp(seconds),
    },
  });
  const gateway = new TeamsGateway({
    appId: config.bot.appId,
    tenantId: config.bot.appType === 'SingleTenant' ? config.bot.tenantId : undefined,
    credentialsFactory: deps.credentialsFactory,
    timeoutMs: options.deliveryTimeoutMs,
    clock,
  });
  const planner = new RoutingPlanner(
    new EscalationDelivery(service, outbox, config.timeZone, config.org, clock),
  );
  const watch = new OutboxWatch({
    outbox,
    documents: storage.records,
    clock,
    logger,
    admins: () => roles.admins(),
    thresholdMinutes: config.outboxAlertMinutes,
    fallbackAddress: async () => {
      const [team] = (await teams.list()).sort((a, b) => a.teamId.localeCompare(b.teamId));
      return team ? teamAddress(team) : undefined;
    },
  });
  planner.add(watch.route());
  metrics.observeOutbox(() => watch.gauge());
  const dispatcher = new Dispatcher({
    outbox,
    port: gateway,
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
      {
        name: 'reminders',
        run: async () => metrics.remindersSent('escalation', await service.remindDue()),
      },
      { name: 'delivery', run: () => dispatcher.settle().then(() => dispatcher.drain()) },
      // After delivery, so that what the tick could send is not counted as waiting.
      { name: 'outbox-watch', run: () => watch.check() },
    ],
    config.schedulerIntervalSeconds * 1000,
    logger,
  );
  const extension = new EscalationExtension({
    conversationState: deps.conversationState,
    teams,
    roles,
    escalations: service,
    outbox,
    audit: deps.audit,
    clock,
    logger,
    timeZone: config.timeZone,
    org: config.org,
  });
  return {
    extension,
    service,
    outbox,
    roles,
    watch,
    metrics,
    extend: (part) => {
      if (part.route) planner.add(part.route);
      for (const job of part.jobs ?? []) scheduler.add(job, 'delivery');
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
