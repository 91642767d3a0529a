import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';

const CARD_ACTION = Symbol('bakenCardAction');

/** Stores the parsed card action of this turn, for the dialogs to read. */
export function setCurrentCardAction(context: TurnContext, action: CardAction): void {
  context.turnState.set(CARD_ACTION, action);
}

/** The parsed card action of this turn, or undefined for a typed message. */
export function currentCardAction(context: TurnContext): CardAction | undefined {
  return context.turnState.get(CARD_ACTION);
}
