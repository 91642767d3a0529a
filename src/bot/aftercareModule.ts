import { AftercareDelivery } from '../aftercare/aftercareDelivery';
import { AftercareReminders } from '../aftercare/aftercareReminders';
import { AftercareService } from '../aftercare/aftercareService';
import { AftercareStore } from '../aftercare/aftercareStore';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { getFlow } from '../flows';
import type { Logger } from '../logger';
import { IncidentStore } from '../records/incidentStore';
import { IndexRepair } from '../storage/indexSweep';
import { RecordPurge } from '../records/recordPurge';
import type { AuditTrail } from '../storage/auditTrail';
import type { BakenStorage } from '../storage/storage';
import type { TeamStore } from '../teams/teamStore';
import { AftercareFeature } from './aftercareFeature';
import type { EscalationModule } from './escalationModule';
import { INCIDENT_FLOW_ID } from './incidentPort';

/** What the aftercare module needs from the composition root. */
export interface AftercareModuleDeps {
  config: Config;
  storage: BakenStorage;
  /** The audit writer every feature writes through. */
  audit: AuditTrail;
  teams: TeamStore;
  clock: Clock;
  logger: Logger;
  /** Its outbox, dispatcher and scheduler carry the aftercare sends, reminders and the purge. */
  escalation: EscalationModule;
}

/** Aftercare and retention, assembled. */
export interface AftercareModule {
  feature: AftercareFeature;
  service: AftercareService;
  reminders: AftercareReminders;
  purge: RecordPurge;
}

/**
 * Builds aftercare (store → service → reminders → delivery → bot part) and the retention purge, and plugs the
 * reminders and purge into the scheduler (before delivery) and the aftercare cards into the dispatcher.
 */
export function createAftercareModule(deps: AftercareModuleDeps): AftercareModule {
  const { config, storage, audit, teams, clock, logger, escalation } = deps;
  const store = new AftercareStore(storage.records);
  const incidents = new IncidentStore(storage.records);
  const indexRepair = new IndexRepair(storage.records, clock, logger).add(incidents.index).add(store.index);
  const service = new AftercareService({
    store,
    incidents,
    teams,
    outbox: escalation.outbox,
    audit,
    clock,
    timeZone: config.timeZone,
    items: config.aftercareItems,
  });
  const reminders = new AftercareReminders({
    store,
    outbox: escalation.outbox,
    audit,
    clock,
    logger,
    timeZone: config.timeZone,
    officeHours: config.officeHours,
  });
  const purge = new RecordPurge({
    storage,
    outbox: escalation.outbox,
    audit,
    clock,
    logger,
    retentionDays: config.retentionDays,
  });
  escalation.extend({
    route: new AftercareDelivery(service, teams, clock, config.timeZone).route(),
    jobs: [
      // First, so that an index entry a crash left out is back before anything lists it (listings only).
      { name: 'record-index', run: () => indexRepair.run() },
      {
        name: 'aftercare-reminders',
        run: async () => escalation.metrics.remindersSent('aftercare', await reminders.remindDue()),
      },
      { name: 'purge', run: () => purge.purgeDue() },
    ],
  });
  const feature = new AftercareFeature({
    aftercare: service,
    incidents,
    escalations: escalation.service,
    roles: escalation.roles,
    teams,
    flow: getFlow(INCIDENT_FLOW_ID),
    clock,
    logger,
    timeZone: config.timeZone,
  });
  return { feature, service, reminders, purge };
}
