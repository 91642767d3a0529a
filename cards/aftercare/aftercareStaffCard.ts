import { AFTERCARE_TEXTS as T } from '../../src/aftercare/aftercareTexts';
import type { SourceId } from '../../src/flows/flowSchema';
import { executeAction } from '../actions';
import type { CardElement } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  noticeBlock,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** What the staff member sees of their aftercare: never the manager's notes. */
export interface AftercareStaffView {
  checklistId: string;
  revision: number;
  contactName: string;
  incidentDay: string;
  response: 'informed' | 'declined' | 'accepted';
  /** When aftercare is offered again after a decline ("2 weken"), if the checklist has such an item. */
  offerAgainIn?: string;
  /** Set when the checklist is closed: the day. */
  closedDay?: string;
  items: Array<{ text: string; status: 'open' | 'done' | 'not_needed' }>;
  /** The sources of the checklist's items. */
  sources: SourceId[];
  notice?: string;
  noticeTone?: 'Good' | 'Warning' | 'Attention';
}

const STATUS = { open: T.staffItemOpen, done: T.staffItemDone, not_needed: T.staffItemNotNeeded } as const;

/** The staff member's aftercare card, 1:1: who their contact is, what will happen, and a way to decline. */
export function aftercareStaffCard(view: AftercareStaffView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, view.noticeTone ?? 'Good'));
  body.push(...titleBlock(T.staffTitle, T.kicker));
  body.push(textBlock(T.staffIntro(view.contactName, view.incidentDay)));
  if (view.closedDay) body.push(noticeBlock(T.staffClosed(view.closedDay), 'Good'));
  else if (view.response === 'declined')
    body.push(noticeBlock(T.staffDeclinedText(view.offerAgainIn), 'Warning'));
  else if (view.response === 'accepted') body.push(textBlock(T.staffAcceptedText, { weight: 'Bolder' }));
  body.push(textBlock(T.staffWhat, { weight: 'Bolder', spacing: 'Medium' }));
  body.push(
    textBlock(view.items.map((item) => `- ${item.text} (${STATUS[item.status]})`).join('\r'), {
      spacing: 'Small',
    }),
  );
  body.push(textBlock(T.staffAlarm, { separator: true }));
  if (!view.closedDay) {
    const data = { ref: view.checklistId, step: view.revision };
    body.push({
      type: 'ActionSet',
      actions: [
        view.response === 'declined'
          ? executeAction(T.acceptButton, { action: 'aftercare.accept', ...data }, { style: 'positive' })
          : executeAction(T.declineButton, { action: 'aftercare.decline', ...data }),
      ],
    });
  }
  body.push(sourceFooter(...view.sources));
  const card = adaptiveCard(body, [executeAction(T.menuButton, { action: 'menu.open' })]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
