import type { EscalationActions } from '../escalation/escalationActions';
import type { ActionHandler, FeatureRegistration } from '../bot/featureRegistration';

/** The Meldcode walk's buttons (on the walk cards of a client escalation). */
export const MELDCODE_VERBS = ['meldcode.answer'] as const;

/**
 * The Meldcode walk: each answer is checked against the escalation and the presser's live role (the same check
 * as the escalation buttons), then recorded.
 */
export function registerMeldcode(deps: { actions: EscalationActions }): FeatureRegistration {
  const actions: Record<(typeof MELDCODE_VERBS)[number], ActionHandler> = {
    'meldcode.answer': (context, action) =>
      deps.actions.handle(context, { ...action, action: 'meldcode.answer' }),
  };
  return { name: 'meldcode', actions };
}
