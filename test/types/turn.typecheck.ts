/**
 * Type-level test of src/edge/turn.ts, checked by `npx tsc --noEmit` (tsconfig includes test/), not run by jest:
 * botbuilder's turn and state accessor fit Baken's own types without a cast, so the SDK stays at the edge.
 */
import type { Attachment, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import type { StateSlot, Turn, TurnAttachment } from '../../src/edge/turn';

/** A TurnContext is a Turn. */
export function turnOf(context: TurnContext): Turn {
  return context;
}

/** A StatePropertyAccessor is a StateSlot, of each value type a slot holds. */
export function slotsOf(state: ConversationState): {
  welcomed: StateSlot<boolean>;
  flowRuns: StateSlot<unknown>;
  chosenTeam: StateSlot<string | undefined>;
  dialogState: StateSlot<DialogState>;
} {
  const welcomed: StatePropertyAccessor<boolean> = state.createProperty<boolean>('x');
  return {
    welcomed,
    flowRuns: state.createProperty<unknown>('x'),
    chosenTeam: state.createProperty<string | undefined>('x'),
    dialogState: state.createProperty<DialogState>('x'),
  };
}

/** A botbuilder Attachment is a TurnAttachment, and the other way round. */
export function attachmentsOf(attachment: Attachment, own: TurnAttachment): [TurnAttachment, Attachment] {
  return [attachment, own];
}

/** A Turn is not a TurnContext: SDK calls recover it with the edge's checked helper (sdkTurn). */
export function notContext(turn: Turn): TurnContext {
  // @ts-expect-error a Turn lacks the SDK turn's members
  return turn;
}
