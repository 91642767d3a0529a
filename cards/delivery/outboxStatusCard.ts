import { OUTBOX_TEXTS as T } from '../../src/delivery/outboxTexts';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  bulletList,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** The outbox as an admin's `status` shows it: counts and minutes only. */
export interface OutboxStatusView {
  depth: number;
  /** Minutes the oldest undelivered entry waits (undefined when none waits). */
  oldestMinutes?: number;
  /** Entries waiting longer than the alert time. */
  late: number;
  thresholdMinutes: number;
}

/** The answer to `status` (admins only). */
export function outboxStatusCard(view: OutboxStatusView): AdaptiveCard {
  const body = [...titleBlock(T.statusTitle)];
  if (view.depth === 0) body.push(textBlock(T.statusNothing));
  else {
    body.push(textBlock(T.statusDepth(view.depth)));
    if (view.oldestMinutes !== undefined) body.push(textBlock(T.statusOldest(view.oldestMinutes)));
    if (view.late > 0) {
      body.push(textBlock(T.statusLate(view.late, view.thresholdMinutes), { weight: 'Bolder' }));
      body.push(textBlock(T.checkTitle, { weight: 'Bolder' }), bulletList([...T.checks]));
    }
  }
  const card = adaptiveCard(body);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
