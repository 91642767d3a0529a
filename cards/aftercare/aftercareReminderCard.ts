import { AFTERCARE_TEXTS as T } from '../../src/aftercare/aftercareTexts';
import { executeAction } from '../actions';
import { NEUTRAL_PREVIEW, adaptiveCard, textBlock, titleBlock, type AdaptiveCard } from '../cardShell';

/** What a reminder shows its owner: the staff member and the due items. */
export interface AftercareReminderView {
  checklistId: string;
  revision: number;
  staffName: string;
  items: Array<{ title: string; due: string }>;
}

/** A 1:1 reminder of due and overdue aftercare items, with a button to the checklist. */
export function aftercareReminderCard(view: AftercareReminderView): AdaptiveCard {
  const card = adaptiveCard(
    [
      ...titleBlock(T.reminderTitle, T.kicker),
      textBlock(T.reminderIntro(view.staffName)),
      textBlock(view.items.map((i) => `- **${i.title}** · ${i.due}`).join('\r'), { spacing: 'Small' }),
    ],
    [
      executeAction(T.openChecklist, {
        action: 'aftercare.open',
        ref: view.checklistId,
        step: view.revision,
      }),
    ],
  );
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
