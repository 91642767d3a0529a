import type { EscalationKind } from '../../src/flows/flowSchema';
import { ESCALATION_TEXTS as T, KIND_LABELS } from '../../src/escalation/escalationTexts';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  factSet,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import type { CardElement } from '../cardElements';

/** What the 1:1 timeline card shows: one line per event, oldest first. */
export interface EscalationTimelineView {
  kind: EscalationKind;
  lines: Array<{ when: string; what: string; who: string }>;
}

/** An escalation's timeline for a manager, 1:1: when, what and who (no details). */
export function escalationTimelineCard(view: EscalationTimelineView): AdaptiveCard {
  const body: CardElement[] = [...titleBlock(T.timelineTitle, KIND_LABELS[view.kind])];
  if (view.lines.length === 0) body.push(textBlock('-', { isSubtle: true }));
  else body.push(factSet(view.lines.map((l) => [l.when, `${l.what} · ${l.who}`])));
  const card = adaptiveCard(body);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
