import { FOLLOW_UP_TEXTS as T } from '../../src/meldcode/meldcodeTexts';
import { executeAction } from '../actions';
import { NEUTRAL_PREVIEW, adaptiveCard, textBlock, titleBlock, type AdaptiveCard } from '../cardShell';

/** What a follow-up reminder of the Meldcode walk shows: the kind of escalation and what waits, nothing more. */
export interface MeldcodeReminderView {
  escalationId: string;
  /** "Vermoeden van grooming": the kind of the escalation (nothing about the client). */
  kindLabel: string;
  lines: string[];
}

/** A 1:1 reminder that the Meldcode walk waits, with a button that opens the walk where it stands. */
export function meldcodeReminderCard(view: MeldcodeReminderView): AdaptiveCard {
  const card = adaptiveCard(
    [...titleBlock(T.title, T.kicker(view.kindLabel)), ...view.lines.map((line) => textBlock(line))],
    // "Afgerond" on a client escalation opens the walk where it stands (managers only; checked on the server).
    [executeAction(T.open, { action: 'escalation.resolve', ref: view.escalationId })],
  );
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
