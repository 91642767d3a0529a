import { ESCALATION_TEXTS as T } from '../../src/escalation/escalationTexts';
import { NEUTRAL_PREVIEW, adaptiveCard, noticeBlock, textBlock, type AdaptiveCard } from '../cardShell';

/** The reminder posted in the notice's thread when nobody picked it up in time. */
export function escalationReminderCard(view: { count: number; acuut: boolean }): AdaptiveCard {
  const body = [];
  if (view.acuut) body.push(noticeBlock(T.call112, 'Attention'));
  body.push(textBlock(T.reminderTitle, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  body.push(textBlock(T.reminderBody(view.count)));
  const card = adaptiveCard(body);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
