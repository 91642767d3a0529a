import { CardFactory, type AdaptiveCardInvokeResponse } from 'botbuilder';
import type { Turn, TurnAttachment } from './turn';
import type { AdaptiveCard } from '../../cards/cardShell';
import { messageCard } from '../../cards/messageCard';
import type { Answer } from '../bot/answer';

/** Sends a card as a new message (a message in addition to a turn's answer, or outside any answer). */
export async function sendCard(context: Turn, card: AdaptiveCard, summary?: string): Promise<void> {
  await context.sendActivity({ attachments: [cardAttachment(card)], summary });
}

/** A card as an attachment of a message. */
export function cardAttachment(card: AdaptiveCard): TurnAttachment {
  return CardFactory.adaptiveCard(card);
}

/** Sends a handler's answer in a message turn: a card (with its preview) or a text; nothing when there is none. */
export async function sendAnswer(context: Turn, answer: Answer | undefined): Promise<void> {
  if (!answer) return;
  if (answer.kind === 'card') {
    await sendCard(context, answer.card, answer.summary);
    return;
  }
  await context.sendActivity(answer.text);
}

/** The card that answers a button press with a refusal, seen only by who pressed. */
function refusalCard(text: string): AdaptiveCard {
  return messageCard({ title: 'Baken', text });
}

/** An invoke answer that shows a short message to the person who pressed (Teams accepts a string here). */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

/** The invoke answer of a button press: a card (or a refusal's card) replaces the pressed card; without one, "OK". */
export function invokeResponseOf(answer: Answer | undefined): AdaptiveCardInvokeResponse {
  if (!answer) return messageResponse('OK');
  if (answer.kind === 'message') return messageResponse(answer.text);
  const card = answer.kind === 'card' ? answer.card : refusalCard(answer.text);
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { ...card } };
}
