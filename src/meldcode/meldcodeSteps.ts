import type { EscalationKind } from '../flows/flowSchema';
import {
  meldcodeAnswerSchema,
  meldcodeDecisionSchema,
  meldcodeQuestionSchema,
  positionOf,
  stepOfQuestion,
} from './afwegingskader';
import type { MeldcodeWalk } from './meldcodeRecord';
import { ANSWER_LABELS, DECISION_LABELS, QUESTION_TEXTS } from './meldcodeTexts';

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

/**
 * Where a client escalation stands in the Meldcode; undefined for other kinds. Open is step 1, picked up step 2;
 * once the walk started, the step of the question it asks (3 or 4), and 5 once a decision is recorded.
 */
export function meldcodeStepOf(escalation: {
  kind: EscalationKind;
  status: 'open' | 'acknowledged' | 'resolved';
  meldcode?: MeldcodeWalk;
}): MeldcodeStep | undefined {
  if (!isClientKind(escalation.kind)) return undefined;
  const walk = escalation.meldcode;
  if (walk && walk.decisions.length > 0) return 5;
  if (walk && walk.answers.length > 0) {
    const at = positionOf(walk.answers);
    return 'ask' in at ? stepOfQuestion(at.ask) : 5;
  }
  return escalation.status === 'open' ? 1 : 2;
}

/** A timeline code as a person reads it: "Afweging 2 van 5: Nee", or the decision. */
export function meldcodeCodeLabel(code: string): string {
  const [first, second] = code.split('.');
  const question = meldcodeQuestionSchema.safeParse(first);
  const answer = meldcodeAnswerSchema.safeParse(second);
  if (question.success && answer.success) {
    return `${QUESTION_TEXTS[question.data].heading}: ${ANSWER_LABELS[answer.data]}`;
  }
  const decision = meldcodeDecisionSchema.safeParse(first);
  return decision.success ? DECISION_LABELS[decision.data] : code;
}

/** "Stap 2 van 5 · overleg met collega's": the step as the notice shows it. */
export function meldcodeStepLabel(step: MeldcodeStep): string {
  return `Stap ${step} van 5 · ${MELDCODE_STEP_WORDS[step]}`;
}
