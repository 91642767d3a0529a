import type { Turn } from './turn';

/** True for a plain object (card data as JSON). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The card data a turn carries, not yet parsed: a button press (Action.Execute invoke) gives its data with its verb
 * as `action`; a message with a value (a card submit) gives that value; typed text and other turns give undefined.
 */
export function cardDataOf(context: Turn): unknown {
  const { type, name, value } = context.activity;
  if (type === 'invoke') {
    if (name !== 'adaptiveCard/action' || !isRecord(value) || !isRecord(value.action)) return undefined;
    const { data, verb } = value.action;
    return { ...(isRecord(data) ? data : {}), action: verb };
  }
  if (type !== 'message' || value === undefined || value === null) return undefined;
  return value;
}
