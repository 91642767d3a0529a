import type { Turn } from '../edge/turn';
import type { AdaptiveCard } from '../../cards/cardShell';
import type { SendAddress } from '../delivery/outboxEntry';
import type { Person } from '../platform/roles';
import { tenantOf } from '../edge/tenantFilter';
import { cardAnswer, type Answer } from './answer';

/** The person who sent the activity, or undefined when Teams sent no Entra object id (then nobody has a role). */
export function personOf(context: Turn): Person | undefined {
  const from = context.activity.from;
  if (!from?.id || !from.aadObjectId) return undefined;
  return { aadObjectId: from.aadObjectId, name: (from.name ?? '').slice(0, 200), userId: from.id };
}

/** Where to reach this conversation's user proactively: the turn's service URL, tenant and bot. */
export function addressOf(context: Turn): SendAddress {
  return {
    serviceUrl: context.activity.serviceUrl,
    tenantId: tenantOf(context),
    botId: context.activity.recipient?.id,
  };
}

/** True in the user's 1:1 chat with the bot. */
export function isPersonal(context: Turn): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}

/** True for a card button (Action.Execute): the answer is seen only by who pressed. */
export function isCardInvoke(context: Turn): boolean {
  return context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action';
}

/**
 * The answer for the person only: a card button gets the card back in the invoke response (seen only by them); a
 * 1:1 message gets a new card. In a channel nothing is posted for everyone: undefined then, so the caller can use
 * the 1:1 chat.
 */
export function personalAnswer(context: Turn, card: AdaptiveCard): Answer | undefined {
  return isCardInvoke(context) || isPersonal(context) ? cardAnswer(card) : undefined;
}
