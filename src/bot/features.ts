import type { Clock } from '../clock';
import type { Config } from '../config';
import type { AttachmentTokenSource } from '../edge/tokenSource';
import type { Logger } from '../logger';
import type { Platform } from '../platform/platform';
import type { BakenStorage } from '../storage/storage';
import { registerAftercare } from '../aftercare/aftercareRegistration';
import { registerEscalation } from '../escalation/escalationRegistration';
import type { FeatureRegistration } from './featureRegistration';
import { flowEscalationPort } from '../escalation/flowEscalation';
import { registerFlows } from '../flows/flowRegistration';
import { registerIncidents } from '../incidents/incidentRegistration';
import { registerMeldcode } from '../meldcode/meldcodeRegistration';
import { Router } from './router';
import { registerStatus } from '../status/statusRegistration';
import { registerTeam } from '../teams/teamRegistration';
import type { ConversationSlots } from '../edge/stateSlots';
import { ACTION_VERBS } from './verbCatalog';

/** What the features are built from (the platform, and what the composition root knows). */
export interface FeaturesDeps {
  platform: Platform;
  config: Config;
  storage: BakenStorage;
  /** The conversation state slots the features read and write. */
  slots: ConversationSlots;
  clock: Clock;
  logger: Logger;
  /** The bot's token for Teams attachment hosts. */
  tokens: AttachmentTokenSource;
  /** The base URL of one-time evidence links. */
  linkBase: () => string;
  /** Features registered beside Baken's own (tests: a fixture verb). */
  extra?: readonly FeatureRegistration[];
}

/** Fails at start when the features register other verbs than the catalog the access matrix is checked against. */
function checkCatalog(router: Router, extra: readonly FeatureRegistration[]): void {
  const extraVerbs = new Set(extra.flatMap((f) => Object.keys(f.actions ?? {})));
  const registered = router.verbs().filter((verb) => !extraVerbs.has(verb));
  const catalog: readonly string[] = ACTION_VERBS;
  const missing = catalog.filter((verb) => !registered.includes(verb));
  const unlisted = registered.filter((verb) => !catalog.includes(verb));
  if (missing.length > 0 || unlisted.length > 0)
    throw new Error(
      `verb catalog out of date: missing ${missing.join(', ')}; unlisted ${unlisted.join(', ')}`,
    );
}

/**
 * Registers each feature once: escalation, Meldcode, team set-up, incidents, flows and menu, aftercare, status.
 * Their jobs and delivery routes go to the platform (escalation's reminders first), their verbs and commands to
 * the router, which is returned.
 */
export function composeFeatures(deps: FeaturesDeps): Router {
  const { platform, config, storage, slots, clock, logger } = deps;
  const escalation = registerEscalation({ platform, config, storage, clock, logger });
  const team = registerTeam({
    platform,
    slots,
    escalations: escalation.service,
    logger,
    timeZone: config.timeZone,
  });
  // How a flow escalates: the reporter's team from the live rosters (asked once when several), then delivery.
  const flowEscalation = flowEscalationPort({
    escalations: escalation.service,
    roles: platform.roles,
    teams: platform.teams,
    teamCommands: team.commands,
    logger,
    timeZone: config.timeZone,
    flowRuns: slots.flowRuns,
  });
  const incidents = registerIncidents({
    config,
    storage,
    audit: platform.audit,
    teams: platform.teams,
    roles: platform.roles,
    slots,
    clock,
    logger,
    tokens: deps.tokens,
    escalations: escalation.service,
    flowEscalation,
    linkBase: deps.linkBase,
  });
  const flows = registerFlows({
    config,
    slots,
    clock,
    escalation: flowEscalation,
    extensions: [incidents.flow],
  });
  const own = [
    escalation.registration,
    registerMeldcode({ actions: escalation.actions }),
    team.registration,
    incidents.registration,
    flows,
    registerAftercare({ platform, config, storage, escalations: escalation.service, clock, logger }),
    registerStatus(platform),
  ];
  const extra = deps.extra ?? [];
  for (const feature of [...own, ...extra]) platform.register(feature);
  const router = new Router([...own, ...extra]);
  checkCatalog(router, extra);
  return router;
}
