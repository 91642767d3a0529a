import type { AdaptiveCard } from '../../cards/cardShell';

/**
 * What a handler answers a card button or a text command with; the edge shows it. A button press gets it as its
 * invoke response (a card replaces the pressed card, seen only by who pressed); a message turn gets it as a message.
 */
export type Answer =
  /** A card: replaces the pressed card, or is sent as a new message (with its notification preview). */
  | { readonly kind: 'card'; readonly card: AdaptiveCard; readonly summary?: string }
  /** A short text: the invoke's message response, or a text message. */
  | { readonly kind: 'message'; readonly text: string }
  /** A refusal: a Baken message card in place of the pressed card, or a text message. */
  | { readonly kind: 'refusal'; readonly text: string };

/** A card answer, with an optional notification preview for when it is sent as a message. */
export function cardAnswer(card: AdaptiveCard, summary?: string): Answer {
  return summary === undefined ? { kind: 'card', card } : { kind: 'card', card, summary };
}

/** A short text answer. */
export function messageAnswer(text: string): Answer {
  return { kind: 'message', text };
}

/** A refusal, shown as today's refusals: a Baken message card for a button press, text in a message turn. */
export function refusalAnswer(text: string): Answer {
  return { kind: 'refusal', text };
}

/** True for a value that is an answer (a dialog's turn result, which botbuilder-dialogs types as any). */
export function isAnswer(value: unknown): value is Answer {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  return value.kind === 'card' || value.kind === 'message' || value.kind === 'refusal';
}
