import { ESCALATION_TEXTS as T } from '../src/escalation/escalationTexts';
import { NEUTRAL_PREVIEW, adaptiveCard, noticeBlock, textBlock, type AdaptiveCard } from './cardShell';

/** A short message as a card, so the notification preview stays neutral ("Baken: nieuwe melding"). */
export function messageCard(view: { title: string; text: string; call112?: boolean }): AdaptiveCard {
  const body = [];
  if (view.call112) body.push(noticeBlock(T.call112, 'Attention'));
  body.push(textBlock(view.title, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  body.push(textBlock(view.text));
  const card = adaptiveCard(body);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
