import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../../cards/actions';

/** What the bot routes to the aftercare part: its buttons and the "nazorg" command. */
export interface AftercareBotPort {
  /** The aftercare.* buttons. */
  onAction(context: TurnContext, action: CardAction): Promise<void>;
  /** "nazorg" (optionally naming a colleague): the overview. */
  showOverview(context: TurnContext, name?: string): Promise<void>;
}
