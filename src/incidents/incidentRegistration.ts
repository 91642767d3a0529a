import type { FlowEscalationPort } from '../../dialogs/flowDialog';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { EvidenceLinks } from './evidence/evidenceLinks';
import { evidenceRoute } from './evidence/evidenceRoute';
import { EvidenceService } from './evidence/evidenceService';
import { EvidenceStore } from './evidence/evidenceStore';
import type { AttachmentTokenSource } from '../edge/tokenSource';
import type { EscalationService } from '../escalation/escalationService';
import { getFlow } from '../flows';
import type { Logger } from '../logger';
import type { RoleService } from '../platform/roles';
import { IncidentService } from './incidentService';
import { IncidentStore } from './incidentStore';
import type { ConversationSlots } from '../edge/stateSlots';
import type { AuditTrail } from '../storage/auditTrail';
import type { BakenStorage } from '../storage/storage';
import type { TeamStore } from '../teams/teamStore';
import type { ActionHandler, FeatureRegistration } from '../bot/featureRegistration';
import type { FlowExtension } from '../flows/flowHandlers';
import { IncidentHandlers } from './incidentHandlers';

/** The flow id of the incident flow (online harassment of the staff member). */
export const INCIDENT_FLOW_ID = 'grensoverschrijdend' as const;

/** The incident buttons. */
export const INCIDENT_VERBS = [
  'incident.list',
  'incident.open',
  'incident.edit',
  'incident.save',
  'incident.evidence',
  'incident.link',
  'incident.alarm',
] as const;

/** What the incident feature is built from. */
export interface IncidentFeatureDeps {
  config: Config;
  storage: BakenStorage;
  /** The audit writer every feature writes through. */
  audit: AuditTrail;
  teams: TeamStore;
  roles: RoleService;
  /** The conversation state slots (the team chosen in a 1:1 chat). */
  slots: ConversationSlots;
  clock: Clock;
  logger: Logger;
  /** The bot's token for Teams attachment hosts (the adapter's credentials factory; none in local mode). */
  tokens: AttachmentTokenSource;
  /** For "Trek aan de bel" (absent in dialog tests: the button then says escalation is unavailable). */
  escalations?: EscalationService;
  /** How the incident flow escalates (the flows' port: team choice, delivery). */
  flowEscalation?: FlowEscalationPort;
  /** The base URL of one-time evidence links. */
  linkBase: () => string;
}

/** The incident feature, registered, with the way it runs its flow (for the flows feature). */
export interface IncidentFeature {
  registration: FeatureRegistration;
  /** The incident flow's dialog (with its escalation hook) and the screenshots sent during it. */
  flow: FlowExtension;
  incidents: IncidentService;
  evidence: EvidenceService;
}

/** Incidents (record store → service), evidence (fetch policy → store → links → service), buttons, "Mijn meldingen". */
export function registerIncidents(deps: IncidentFeatureDeps): IncidentFeature {
  const { config, storage, clock, logger } = deps;
  const incidents = new IncidentService(new IncidentStore(storage.records), deps.audit, clock);
  const evidence = new EvidenceService({
    incidents,
    store: new EvidenceStore(storage.evidence),
    links: new EvidenceLinks(storage.records, clock),
    policy: {
      allowlist: config.evidence.attachmentHosts,
      maxBytes: config.evidence.maxBytes,
      requireHttps: !config.localMode,
      tokens: deps.tokens,
    },
    clock,
    logger,
  });
  const handlers = new IncidentHandlers({
    config,
    flow: getFlow(INCIDENT_FLOW_ID),
    incidents,
    evidence,
    roles: deps.roles,
    teams: deps.teams,
    slots: deps.slots,
    clock,
    logger,
    escalations: deps.escalations,
    flowEscalation: deps.flowEscalation,
    linkBase: deps.linkBase,
  });
  const press: ActionHandler = (context, action) => handlers.onAction(context, action);
  const actions: Record<(typeof INCIDENT_VERBS)[number], ActionHandler> = {
    'incident.list': press,
    'incident.open': press,
    'incident.edit': press,
    'incident.save': press,
    'incident.evidence': press,
    'incident.link': press,
    'incident.alarm': press,
  };
  return {
    incidents,
    evidence,
    flow: {
      flowId: INCIDENT_FLOW_ID,
      dialog: (flow, flowDeps) => handlers.createDialog(flow, flowDeps),
      attachments: (context, run) => handlers.onAttachments(context, run),
    },
    registration: {
      name: 'incidents',
      actions,
      commands: { myIncidents: (context) => handlers.showMine(context) },
      httpRoutes: evidenceRoute(evidence, logger),
    },
  };
}
