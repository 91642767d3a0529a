import { executeAction, type ActionData } from './actions';
import type { CardElement } from './cardElements';
import { NEUTRAL_PREVIEW, adaptiveCard, textBlock, titleBlock, type AdaptiveCard } from './cardShell';

/** A question before something that cannot be undone: what it means, then "yes" and "no". */
export interface ConfirmView {
  title: string;
  /** What doing it means, in short sentences. */
  lines: string[];
  yes: { title: string; data: ActionData };
  no: { title: string; data: ActionData };
}

/** The "are you sure?" card: seen only by who pressed; "yes" does it, "no" goes back and changes nothing. */
export function confirmCard(view: ConfirmView): AdaptiveCard {
  const body: CardElement[] = [
    ...titleBlock(view.title),
    ...view.lines.map((line) => textBlock(line)),
    {
      type: 'ActionSet',
      actions: [
        executeAction(view.yes.title, { ...view.yes.data, confirmed: 'ja' }, { style: 'destructive' }),
        executeAction(view.no.title, { ...view.no.data, confirmed: 'nee' }),
      ],
    },
  ];
  const card = adaptiveCard(body);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
