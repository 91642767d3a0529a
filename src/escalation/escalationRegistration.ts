import type { Clock } from '../clock';
import type { Config } from '../config';
import { EscalationDelivery } from './escalationDelivery';
import { EscalationService } from './escalationService';
import type { Logger } from '../logger';
import type { Platform } from '../platform/platform';
import type { BakenStorage } from '../storage/storage';
import { EscalationActions } from './escalationActions';
import type { ActionHandler, FeatureRegistration } from '../bot/featureRegistration';
import { PersonalMessenger } from '../bot/personalMessenger';

/** The buttons on escalation cards. */
export const ESCALATION_VERBS = [
  'escalation.ack',
  'escalation.resolve',
  'escalation.details',
  'escalation.timeline',
] as const;

/** What the escalation feature is built from. */
export interface EscalationFeatureDeps {
  platform: Platform;
  config: Config;
  storage: BakenStorage;
  clock: Clock;
  logger: Logger;
}

/** The escalation feature, registered: its service and button handlers are shared with meldcode, team and flows. */
export interface EscalationFeature {
  registration: FeatureRegistration;
  service: EscalationService;
  /** The buttons on escalation cards (the Meldcode walk answers through the same role check). */
  actions: EscalationActions;
}

/**
 * Escalations: the service on the platform's outbox and roles, its reminders (a job before delivery), its
 * delivery planner (every outbox entry no other route handles) and its buttons.
 */
export function registerEscalation(deps: EscalationFeatureDeps): EscalationFeature {
  const { platform, config, storage, clock, logger } = deps;
  const { metrics, outbox } = platform;
  const service = new EscalationService({
    escalations: storage.escalations,
    outbox,
    teams: platform.teams,
    roles: platform.roles,
    audit: platform.audit,
    clock,
    logger,
    settings: { ...config.escalation, timeZone: config.timeZone, officeHours: config.officeHours },
    events: {
      created: () => metrics.escalationCreated(),
      pickedUp: (seconds) => metrics.escalationPickedUp(seconds),
    },
  });
  const actions = new EscalationActions({
    escalations: service,
    roles: platform.roles,
    messenger: new PersonalMessenger(outbox),
    timeZone: config.timeZone,
    org: config.org,
    clock,
    logger,
  });
  // The router calls a handler only for its own verb: the verb is restated for the handler's type.
  const press =
    (verb: (typeof ESCALATION_VERBS)[number]): ActionHandler =>
    (context, action) =>
      actions.handle(context, { ...action, action: verb });
  const handlers: Record<(typeof ESCALATION_VERBS)[number], ActionHandler> = {
    'escalation.ack': press('escalation.ack'),
    'escalation.resolve': press('escalation.resolve'),
    'escalation.details': press('escalation.details'),
    'escalation.timeline': press('escalation.timeline'),
  };
  return {
    service,
    actions,
    registration: {
      name: 'escalation',
      actions: handlers,
      jobs: [
        {
          name: 'reminders',
          run: async () => metrics.remindersSent('escalation', await service.remindDue()),
        },
      ],
      deliveryFallback: new EscalationDelivery(service, outbox, config.timeZone, config.org, clock),
    },
  };
}
