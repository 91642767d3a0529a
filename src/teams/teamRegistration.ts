import type { EscalationService } from '../escalation/escalationService';
import type { Logger } from '../logger';
import type { Platform } from '../platform/platform';
import type { ConversationSlots } from '../edge/stateSlots';
import type { ActionHandler, FeatureRegistration } from '../bot/featureRegistration';
import { PersonalMessenger } from '../bot/personalMessenger';
import { TeamCommands } from './teamCommands';

/** The team buttons: choose a team, add or remove a manager. */
export const TEAM_VERBS = ['team.choose', 'team.addManager', 'team.removeManager'] as const;

/** What team set-up is built from. */
export interface TeamFeatureDeps {
  platform: Platform;
  /** The conversation state slots (the team chosen in a 1:1 chat). */
  slots: ConversationSlots;
  escalations: EscalationService;
  logger: Logger;
  timeZone: string;
}

/** Team set-up, registered; its team choice is shared with the flows' escalation. */
export interface TeamFeature {
  registration: FeatureRegistration;
  commands: TeamCommands;
}

/** Team set-up and the manager commands ("@Baken meldkanaal", "testmelding", "managers"), in channels too. */
export function registerTeam(deps: TeamFeatureDeps): TeamFeature {
  const { platform } = deps;
  const commands = new TeamCommands({
    teams: platform.teams,
    roles: platform.roles,
    escalations: deps.escalations,
    messenger: new PersonalMessenger(platform.outbox),
    audit: platform.audit,
    logger: deps.logger,
    timeZone: deps.timeZone,
    chosenTeam: deps.slots.chosenTeam,
  });
  const actions: Record<(typeof TEAM_VERBS)[number], ActionHandler> = {
    'team.choose': (context, action) => commands.chooseTeam(context, action),
    'team.addManager': (context, action) => commands.changeManager(context, action),
    'team.removeManager': (context, action) => commands.changeManager(context, action),
  };
  return {
    commands,
    registration: {
      name: 'team',
      actions,
      commandsInChannels: true,
      commands: {
        setEscalationChannel: (context) => commands.setEscalationChannel(context),
        testEscalation: (context) => commands.testEscalation(context),
        managers: (context) => commands.showManagers(context),
      },
    },
  };
}
