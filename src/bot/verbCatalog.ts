import { AFTERCARE_VERBS } from '../aftercare/aftercareRegistration';
import { ESCALATION_VERBS } from '../escalation/escalationRegistration';
import { FLOW_VERBS } from '../flows/flowRegistration';
import { INCIDENT_VERBS } from '../incidents/incidentRegistration';
import { MELDCODE_VERBS } from '../meldcode/meldcodeRegistration';
import { TEAM_VERBS } from '../teams/teamRegistration';

/**
 * Every card verb Baken's features register, read from their registration files (each declares its verbs beside
 * its handlers). The access matrix test names each; the composition root checks its router registers exactly these.
 */
export const ACTION_VERBS = [
  ...FLOW_VERBS,
  ...TEAM_VERBS,
  ...ESCALATION_VERBS,
  ...INCIDENT_VERBS,
  ...AFTERCARE_VERBS,
  ...MELDCODE_VERBS,
] as const;

/** A card verb of one of Baken's features. */
export type ActionVerb = (typeof ACTION_VERBS)[number];
