import { TurnContext } from 'botbuilder';
import type { Turn } from './turn';

/** The SDK's turn behind a Baken turn, for the SDK calls that need it; every turn Baken runs is one. */
export function sdkTurn(turn: Turn): TurnContext {
  if (!(turn instanceof TurnContext)) throw new TypeError('not a Bot Framework turn');
  return turn;
}
