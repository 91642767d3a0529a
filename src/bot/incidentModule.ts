import type { ConversationState } from 'botbuilder';
import type restify from 'restify';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { EvidenceLinks } from '../evidence/evidenceLinks';
import { evidenceRoute } from '../evidence/evidenceRoute';
import { EvidenceService } from '../evidence/evidenceService';
import { EvidenceStore } from '../evidence/evidenceStore';
import type { AttachmentTokenSource } from '../evidence/tokenSource';
import type { EscalationService } from '../escalation/escalationService';
import { RoleService } from '../platform/roles';
import { getFlow } from '../flows';
import type { Logger } from '../logger';
import { IncidentService } from '../records/incidentService';
import { IncidentStore } from '../records/incidentStore';
import type { AuditTrail } from '../storage/auditTrail';
import type { BakenStorage } from '../storage/storage';
import type { TeamStore } from '../teams/teamStore';
import { IncidentFeature } from './incidentFeature';
import { INCIDENT_FLOW_ID } from './incidentPort';

/** What the incident module needs from the composition root. */
export interface IncidentModuleDeps {
  config: Config;
  storage: BakenStorage;
  /** The audit writer every feature writes through. */
  audit: AuditTrail;
  teams: TeamStore;
  conversationState: ConversationState;
  clock: Clock;
  logger: Logger;
  /** The bot's token for Teams attachment hosts (the adapter's credentials factory; none in local mode). */
  tokens: AttachmentTokenSource;
  escalations?: EscalationService;
  /** The base URL of one-time evidence links. */
  linkBase: () => string;
}

/** Incidents, evidence and their bot part, assembled. */
export interface IncidentModule {
  feature: IncidentFeature;
  incidents: IncidentService;
  evidence: EvidenceService;
  /** Registers GET /evidence/:token on the HTTP server. */
  routes: (server: restify.Server) => void;
}

/** Builds incidents (record store → service), evidence (fetch policy → store → links → service) and the bot part. */
export function createIncidentModule(deps: IncidentModuleDeps): IncidentModule {
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
  const feature = new IncidentFeature({
    config,
    flow: getFlow(INCIDENT_FLOW_ID),
    incidents,
    evidence,
    roles: new RoleService(config.adminIds, deps.teams),
    teams: deps.teams,
    conversationState: deps.conversationState,
    clock,
    logger,
    escalations: deps.escalations,
    linkBase: deps.linkBase,
  });
  return { feature, incidents, evidence, routes: evidenceRoute(evidence, logger) };
}
