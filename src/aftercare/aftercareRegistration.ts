import { AftercareDelivery } from './aftercareDelivery';
import { AftercareReminders } from './aftercareReminders';
import { AftercareService } from './aftercareService';
import { AftercareStore } from './aftercareStore';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { EscalationService } from '../escalation/escalationService';
import { getFlow } from '../flows';
import type { Logger } from '../logger';
import type { Platform } from '../platform/platform';
import { IncidentStore } from '../incidents/incidentStore';
import { RecordPurge } from '../retention/recordPurge';
import { IndexRepair } from '../storage/indexSweep';
import type { BakenStorage } from '../storage/storage';
import { AftercareHandlers } from './aftercareHandlers';
import type { ActionHandler, FeatureRegistration } from '../bot/featureRegistration';
import { INCIDENT_FLOW_ID } from '../incidents/incidentRegistration';

/** The aftercare buttons. */
export const AFTERCARE_VERBS = [
  'aftercare.start',
  'aftercare.list',
  'aftercare.open',
  'aftercare.tick',
  'aftercare.notNeeded',
  'aftercare.reschedule',
  'aftercare.decline',
  'aftercare.accept',
] as const;

/** What aftercare is built from. */
export interface AftercareFeatureDeps {
  platform: Platform;
  config: Config;
  storage: BakenStorage;
  /** For the incident headlines of escalated incidents. */
  escalations: EscalationService;
  clock: Clock;
  logger: Logger;
}

/**
 * Aftercare (store → service → reminders → delivery → handlers) and the retention purge: its buttons, "nazorg",
 * its jobs (index repair, reminders, purge; before delivery) and the delivery route of its cards.
 */
export function registerAftercare(deps: AftercareFeatureDeps): FeatureRegistration {
  const { platform, config, storage, clock, logger } = deps;
  const { outbox, audit, teams, metrics } = platform;
  const store = new AftercareStore(storage.records);
  const incidents = new IncidentStore(storage.records);
  const indexRepair = new IndexRepair(storage.records, clock, logger).add(incidents.index).add(store.index);
  const service = new AftercareService({
    store,
    incidents,
    teams,
    outbox,
    audit,
    clock,
    timeZone: config.timeZone,
    items: config.aftercareItems,
  });
  const reminders = new AftercareReminders({
    store,
    outbox,
    audit,
    clock,
    logger,
    timeZone: config.timeZone,
    officeHours: config.officeHours,
  });
  const purge = new RecordPurge({
    storage,
    outbox,
    audit,
    clock,
    logger,
    retentionDays: config.retentionDays,
  });
  const handlers = new AftercareHandlers({
    aftercare: service,
    incidents,
    escalations: deps.escalations,
    roles: platform.roles,
    teams,
    flow: getFlow(INCIDENT_FLOW_ID),
    clock,
    logger,
    timeZone: config.timeZone,
  });
  const press: ActionHandler = (context, action) => handlers.onAction(context, action);
  const actions: Record<(typeof AFTERCARE_VERBS)[number], ActionHandler> = {
    'aftercare.start': press,
    'aftercare.list': press,
    'aftercare.open': press,
    'aftercare.tick': press,
    'aftercare.notNeeded': press,
    'aftercare.reschedule': press,
    'aftercare.decline': press,
    'aftercare.accept': press,
  };
  return {
    name: 'aftercare',
    actions,
    commands: {
      aftercare: (context, command) =>
        handlers.showOverview(context, command.kind === 'aftercare' ? command.name : undefined),
    },
    jobs: [
      // First, so that an index entry a crash left out is back before anything lists it (listings only).
      { name: 'record-index', run: () => indexRepair.run() },
      {
        name: 'aftercare-reminders',
        run: async () => metrics.remindersSent('aftercare', await reminders.remindDue()),
      },
      { name: 'purge', run: () => purge.purgeDue() },
    ],
    routes: [new AftercareDelivery(service, teams, clock, config.timeZone).route()],
  };
}
