import { CardFactory } from 'botbuilder';
import type { Turn, TurnAttachment } from './turn';
import type { AdaptiveCard } from '../../cards/cardShell';
import { messageCard } from '../../cards/messageCard';
import type { Answer } from '../bot/answer';

const INVOKE_CARD = Symbol('bakenInvokeCard');

/** Options for showing a card. */
export interface ShowCardOptions {
  /** Post as a new message even when answering a button (e.g. "send the summary again"). */
  newMessage?: boolean;
  /** Notification preview text; keep it neutral for anything sensitive. */
  summary?: string;
}

/**
 * Shows a card in the conversation. When the turn is a card button (Action.Execute invoke), the card
 * replaces the pressed card in place through the invoke response; otherwise it is sent as a new message.
 */
export async function showCard(context: Turn, card: AdaptiveCard, options: ShowCardOptions = {}) {
  const isInvoke = context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action';
  if (isInvoke && !options.newMessage && !context.turnState.get(INVOKE_CARD)) {
    context.turnState.set(INVOKE_CARD, card);
    return;
  }
  await context.sendActivity({
    attachments: [cardAttachment(card)],
    summary: options.summary,
  });
}

/** A card as an attachment of a message. */
export function cardAttachment(card: AdaptiveCard): TurnAttachment {
  return CardFactory.adaptiveCard(card);
}

/** The card to answer the current invoke with, if a handler chose one. */
export function invokeCard(context: Turn): AdaptiveCard | undefined {
  return context.turnState.get(INVOKE_CARD) as AdaptiveCard | undefined;
}

/** Sends a handler's answer in a message turn: a card (with its preview) or a text; nothing when there is none. */
export async function sendAnswer(context: Turn, answer: Answer | undefined): Promise<void> {
  if (!answer) return;
  if (answer.kind === 'card') {
    await context.sendActivity({ attachments: [cardAttachment(answer.card)], summary: answer.summary });
    return;
  }
  await context.sendActivity(answer.text);
}

/** The card that answers a button press with a refusal, seen only by who pressed. */
export function refusalCard(text: string): AdaptiveCard {
  return messageCard({ title: 'Baken', text });
}
