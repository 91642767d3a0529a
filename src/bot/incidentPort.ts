import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../../cards/actions';
import type { FlowDialog, FlowDialogDeps } from '../../dialogs/flowDialog';
import type { FlowRun } from '../flows/flowRun';
import type { Flow } from '../flows/flowSchema';

/** The flow id of the incident flow (online harassment of the staff member). */
export const INCIDENT_FLOW_ID = 'grensoverschrijdend' as const;

/** What the bot routes to the incident part: its dialog, screenshots sent during it, its buttons, "Mijn meldingen". */
export interface IncidentBotPort {
  /** The dialog that runs the incident flow on the generic step runner. */
  createDialog(flow: Flow, deps: FlowDialogDeps): FlowDialog;
  /** Image or file attachments sent while the incident flow is active; false when there was nothing to take. */
  onAttachments(context: TurnContext, run: FlowRun): Promise<boolean>;
  /** The incident.* buttons. */
  onAction(context: TurnContext, action: CardAction): Promise<void>;
  /** "Mijn meldingen": the person's incidents, and for managers the team's open ones. */
  showMine(context: TurnContext): Promise<void>;
}
