import { OUTBOX_TEXTS as T } from '../../src/delivery/outboxTexts';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  bulletList,
  noticeBlock,
  textBlock,
  type AdaptiveCard,
} from '../cardShell';

/** What the alert shows: counts and minutes only, never what the waiting messages hold or for whom. */
export interface OutboxAlertView {
  count: number;
  oldestMinutes: number;
  thresholdMinutes: number;
  /** Every entry not yet delivered when the alert was recorded. */
  depth?: number;
}

/** To an admin, 1:1: messages wait longer than they should, and what to check. */
export function outboxAlertCard(view: OutboxAlertView): AdaptiveCard {
  const body = [
    noticeBlock(T.alertTitle, 'Attention'),
    textBlock(T.alertBody(view.count, view.thresholdMinutes, view.oldestMinutes)),
  ];
  if (view.depth !== undefined && view.depth > view.count) body.push(textBlock(T.alertDepth(view.depth)));
  body.push(
    textBlock(T.checkTitle, { weight: 'Bolder' }),
    bulletList([...T.checks]),
    textBlock(T.alertFooter),
  );
  const card = adaptiveCard(body);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
