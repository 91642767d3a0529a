import type { ConversationState, TurnContext } from 'botbuilder';
import type { CardAction } from '../../cards/actions';
import type { FlowEscalationPort } from '../../dialogs/flowDialog';
import type { Clock } from '../clock';
import type { OrgSettings } from '../config';
import type { EscalationService } from '../escalation/escalationService';
import type { RoleService } from '../platform/roles';
import type { Outbox } from '../delivery/outbox';
import type { Logger } from '../logger';
import { chosenTeamSlot, flowRunsSlot } from '../storage/stateSlots';
import type { AuditTrail } from '../storage/auditTrail';
import type { TeamStore } from '../teams/teamStore';
import type { BotExtensions } from './bakenBot';
import { BOT_TEXTS } from './botTexts';
import { EscalationActions } from './escalationActions';
import { flowEscalationPort } from './flowEscalation';
import { PersonalMessenger } from './personalMessenger';
import { TeamCommands } from './teamCommands';

/** What the escalation extension needs. */
export interface EscalationExtensionDeps {
  conversationState: ConversationState;
  teams: TeamStore;
  roles: RoleService;
  escalations: EscalationService;
  outbox: Outbox;
  audit: AuditTrail;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  org: OrgSettings;
}

/** Plugs escalation, roles and team set-up into the bot: text commands, card buttons and the flows' port. */
export class EscalationExtension implements BotExtensions {
  /** The port the flow dialogs escalate through. */
  readonly flowEscalation: FlowEscalationPort;
  private readonly commands: TeamCommands;
  private readonly actions: EscalationActions;

  constructor(deps: EscalationExtensionDeps) {
    const messenger = new PersonalMessenger(deps.outbox);
    this.commands = new TeamCommands({
      ...deps,
      messenger,
      chosenTeam: chosenTeamSlot(deps.conversationState),
    });
    this.actions = new EscalationActions({ ...deps, messenger });
    this.flowEscalation = flowEscalationPort({
      ...deps,
      teamCommands: this.commands,
      flowRuns: flowRunsSlot(deps.conversationState),
    });
  }

  /** meldkanaal, testmelding, managers. */
  async onTeamCommand(
    context: TurnContext,
    command: 'setEscalationChannel' | 'testEscalation' | 'managers',
  ): Promise<void> {
    switch (command) {
      case 'setEscalationChannel':
        return this.commands.setEscalationChannel(context);
      case 'testEscalation':
        return this.commands.testEscalation(context);
      case 'managers':
        return this.commands.showManagers(context);
    }
  }

  /** Escalation buttons, and the team buttons (choose a team, add or remove a manager). */
  async onEscalationAction(context: TurnContext, action: CardAction): Promise<void> {
    switch (action.action) {
      case 'escalation.ack':
      case 'escalation.resolve':
      case 'escalation.details':
      case 'escalation.timeline':
      case 'meldcode.answer':
        return this.actions.handle(context, { ...action, action: action.action });
      case 'team.choose':
        return this.commands.chooseTeam(context, action);
      case 'team.addManager':
      case 'team.removeManager':
        return this.commands.changeManager(context, action);
      default:
        await context.sendActivity(BOT_TEXTS.badAction);
    }
  }
}
