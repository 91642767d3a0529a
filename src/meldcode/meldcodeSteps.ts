import type { EscalationKind } from '../flows/flowSchema';

/**
 * The five steps of the Meldcode huiselijk geweld en kindermishandeling (public facts, see docs/meldcode.md).
 * Baken follows a client escalation through them: step 1 while the staff member maps the signals (the flow and
 * its summary), step 2 once a manager or aandachtsfunctionaris picks the escalation up. The words are what the
 * channel notice may show: a step number and a word, nothing about the client.
 */
export const MELDCODE_STEP_WORDS = {
  1: 'signalen in kaart',
  2: "overleg met collega's",
  3: 'gesprek met de cliënt',
  4: 'wegen',
  5: 'beslissen',
} as const;

/** A Meldcode step number. */
export type MeldcodeStep = keyof typeof MELDCODE_STEP_WORDS;

/** The escalation kinds about a client: the Meldcode applies to these, not to harassment of staff. */
const CLIENT_KINDS: ReadonlySet<EscalationKind> = new Set<EscalationKind>([
  'grooming',
  'online_uitbuiting',
  'onveilige_online_relatie',
]);

/** True for escalations about a client (the Meldcode's domain); false for harassment of staff and tests. */
export function isClientKind(kind: EscalationKind): boolean {
  return CLIENT_KINDS.has(kind);
}

/** Where a client escalation stands in the Meldcode; undefined for other kinds. */
export function meldcodeStepOf(escalation: {
  kind: EscalationKind;
  status: 'open' | 'acknowledged' | 'resolved';
}): MeldcodeStep | undefined {
  if (!isClientKind(escalation.kind)) return undefined;
  return escalation.status === 'open' ? 1 : 2;
}

/** "Stap 2 van 5 · overleg met collega's": the step as the notice shows it. */
export function meldcodeStepLabel(step: MeldcodeStep): string {
  return `Stap ${step} van 5 · ${MELDCODE_STEP_WORDS[step]}`;
}
