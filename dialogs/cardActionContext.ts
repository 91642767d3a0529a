import type { Turn } from '../src/edge/turn';
import type { CardAction } from '../cards/actions';

const CARD_ACTION = Symbol('bakenCardAction');

/** Stores the parsed card action of this turn, for the dialogs to read. */
export function setCurrentCardAction(context: Turn, action: CardAction): void {
  context.turnState.set(CARD_ACTION, action);
}

/** The parsed card action of this turn, or undefined for a typed message. */
export function currentCardAction(context: Turn): CardAction | undefined {
  return context.turnState.get(CARD_ACTION) as CardAction | undefined;
}
