import type { Turn } from '../edge/turn';
import { showCard } from '../edge/cardReply';
import type { AdaptiveCard } from '../../cards/cardShell';
import type { SendAddress } from '../delivery/outboxEntry';
import type { Person } from '../platform/roles';
import { tenantOf } from '../edge/tenantFilter';

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
 * Answers the person: a card button gets the card back in the invoke response (seen only by them); a 1:1 message
 * gets a new card. In a channel nothing is posted for everyone; returns false then, so the caller can use 1:1 chat.
 */
export async function answerPersonally(context: Turn, card: AdaptiveCard): Promise<boolean> {
  if (isCardInvoke(context)) {
    await showCard(context, card);
    return true;
  }
  if (isPersonal(context)) {
    await showCard(context, card, { newMessage: true });
    return true;
  }
  return false;
}
