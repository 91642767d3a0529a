import { z } from 'zod';

/**
 * The walk through the Meldcode after an escalation was picked up: whether the Meldcode applies, step 3 (the talk
 * with the client) and the five afwegingen of the afwegingskader, each with its branching (public facts; see
 * docs/meldcode.md). Pure: given the answers so far it says what to ask next, or which decision the walk reached.
 * Answers are codes; nothing about the client is written here.
 */

/** The questions of the walk, in order. `a1`–`a5` are the afwegingen. */
export const meldcodeQuestionSchema = z.enum(['toepassing', 'gesprek', 'a1', 'a2', 'a3', 'a4', 'a5']);
/** A question of the walk. */
export type MeldcodeQuestion = z.infer<typeof meldcodeQuestionSchema>;

/** Every answer code a question can get. */
export const meldcodeAnswerSchema = z.enum([
  'ja',
  'nee',
  'buiten_kring',
  'andere_reden',
  'gedaan',
  'nog_niet',
  'niet_veilig',
]);
/** An answer code. */
export type MeldcodeAnswer = z.infer<typeof meldcodeAnswerSchema>;

/** The decisions a walk can end in. */
export const meldcodeDecisionSchema = z.enum([
  /** Melden bij Veilig Thuis (afweging 2 yes, 3/4/5 no). */
  'melden',
  /** Hulp bieden of organiseren: the client accepts help; afweging 5 is checked at a date. */
  'hulp',
  /** Afsluiten: no suspicion (afweging 1 no), or the help led to safety (afweging 5 yes). */
  'afsluiten',
  /** The Meldcode does not apply here (with a reason). */
  'niet_van_toepassing',
]);
/** A decision. */
export type MeldcodeDecision = z.infer<typeof meldcodeDecisionSchema>;

/** Where a walk goes after an answer: the next question, or a decision. */
export type WalkNext = { ask: MeldcodeQuestion } | { decide: MeldcodeDecision };

/** The answers each question accepts, with where each leads. */
const BRANCHES: Record<MeldcodeQuestion, Partial<Record<MeldcodeAnswer, WalkNext>>> = {
  toepassing: {
    ja: { ask: 'gesprek' },
    buiten_kring: { decide: 'niet_van_toepassing' },
    andere_reden: { decide: 'niet_van_toepassing' },
  },
  gesprek: { gedaan: { ask: 'a1' }, nog_niet: { ask: 'a1' }, niet_veilig: { ask: 'a1' } },
  a1: { ja: { ask: 'a2' }, nee: { decide: 'afsluiten' } },
  a2: { ja: { decide: 'melden' }, nee: { ask: 'a3' } },
  a3: { ja: { ask: 'a4' }, nee: { decide: 'melden' } },
  a4: { ja: { decide: 'hulp' }, nee: { decide: 'melden' } },
  a5: { ja: { decide: 'afsluiten' }, nee: { decide: 'melden' } },
};

/** The answers a question accepts, in the order the card shows them. */
export function answersOf(question: MeldcodeQuestion): MeldcodeAnswer[] {
  return Object.keys(BRANCHES[question]) as MeldcodeAnswer[];
}

/** Where an answer leads; undefined when the question does not accept it. */
export function nextAfter(question: MeldcodeQuestion, answer: MeldcodeAnswer): WalkNext | undefined {
  return BRANCHES[question][answer];
}

/** One recorded answer. */
export interface WalkAnswer {
  question: MeldcodeQuestion;
  answer: MeldcodeAnswer;
}

/**
 * Where a walk stands after its answers: the question to ask now, or the decision it reached. A walk starts at
 * "toepassing"; after a decision "hulp" was recorded it resumes at afweging 5 (did the help lead to safety?).
 * Answers that do not fit the walk's path (a stale card) are ignored by the caller before they are recorded.
 */
export function positionOf(answers: readonly WalkAnswer[], helpDecided = false): WalkNext {
  let at: WalkNext = { ask: 'toepassing' };
  for (const { question, answer } of answers) {
    if (!('ask' in at) || at.ask !== question) continue;
    at = nextAfter(question, answer) ?? at;
  }
  if (helpDecided && 'decide' in at && at.decide === 'hulp') {
    const checked = answers.find((a) => a.question === 'a5');
    return checked ? (nextAfter('a5', checked.answer) ?? { ask: 'a5' }) : { ask: 'a5' };
  }
  return at;
}

/** The Meldcode step a question belongs to: 3 for the talk with the client, 4 for the afwegingen (wegen). */
export function stepOfQuestion(question: MeldcodeQuestion): 2 | 3 | 4 {
  if (question === 'toepassing') return 2;
  return question === 'gesprek' ? 3 : 4;
}
