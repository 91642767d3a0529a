import type { EscalationRecord } from '../escalation/escalationRecord';
import {
  nextAfter,
  positionOf,
  type MeldcodeAnswer,
  type MeldcodeDecision,
  type MeldcodeQuestion,
  type WalkNext,
} from './afwegingskader';
import type { MeldcodeDecisionRecord, MeldcodeWalk } from './meldcodeRecord';

/** One press in the walk: an answer, or the decision the walk reached with what it needs. */
export type MeldcodeInput =
  | { question: MeldcodeQuestion; answer: MeldcodeAnswer }
  | { decision: MeldcodeDecision; melding?: 'gedaan' | 'gepland'; day?: string };

/** Who pressed, and when. */
export interface WalkStamp {
  byId: string;
  byName: string;
  at: string;
}

/** The walk of an escalation, empty when it has not started. */
export function walkOf(record: Pick<EscalationRecord, 'meldcode'>): MeldcodeWalk {
  return record.meldcode ?? { answers: [], decisions: [] };
}

/** Where the walk of an escalation stands now: the question to ask, or the decision to record. */
export function walkPosition(record: Pick<EscalationRecord, 'meldcode'>): WalkNext {
  const walk = walkOf(record);
  return positionOf(walk.answers, walk.decisions.at(-1)?.decision === 'hulp');
}

/**
 * The record with one more answer or decision, as codes on the walk and the timeline; undefined when the press
 * does not fit where the walk stands (closed, a stale card, a colleague answered first) or misses what it needs.
 * Pure: the caller writes it with an ETag check and sets status and revision.
 */
export function applyMeldcode(
  record: EscalationRecord,
  input: MeldcodeInput,
  stamp: WalkStamp,
): EscalationRecord | undefined {
  if (record.status === 'resolved') return undefined;
  const walk = walkOf(record);
  const at = walkPosition(record);
  if ('question' in input) {
    if (!('ask' in at) || at.ask !== input.question || !nextAfter(input.question, input.answer))
      return undefined;
    return {
      ...record,
      meldcode: { ...walk, answers: [...walk.answers, { ...input, ...stamp }] },
      timeline: [...record.timeline, line(stamp, 'meldcode_answer', `${input.question}.${input.answer}`)],
    };
  }
  if (!('decide' in at) || at.decide !== input.decision) return undefined;
  const decision = decisionRecord(walk, input, stamp);
  if (!decision) return undefined;
  return {
    ...record,
    meldcode: { ...walk, decisions: [...walk.decisions, decision] },
    timeline: [...record.timeline, line(stamp, 'meldcode_decision', input.decision)],
  };
}

/** The decision as recorded, or undefined when it misses what it needs (a day, whether the melding was made). */
function decisionRecord(
  walk: MeldcodeWalk,
  input: Extract<MeldcodeInput, { decision: MeldcodeDecision }>,
  stamp: WalkStamp,
): MeldcodeDecisionRecord | undefined {
  const base = { decision: input.decision, ...stamp };
  switch (input.decision) {
    case 'melden':
      if (input.melding === 'gedaan') return { ...base, melding: 'gedaan' };
      return input.melding === 'gepland' && input.day
        ? { ...base, melding: 'gepland', day: input.day }
        : undefined;
    case 'hulp':
      return input.day ? { ...base, day: input.day } : undefined;
    case 'niet_van_toepassing': {
      const why = walk.answers.find((a) => a.question === 'toepassing')?.answer;
      return why === 'buiten_kring' || why === 'andere_reden' ? { ...base, reason: why } : undefined;
    }
    case 'afsluiten':
      return base;
  }
}

function line(stamp: WalkStamp, action: 'meldcode_answer' | 'meldcode_decision', code: string) {
  return { at: stamp.at, actorId: stamp.byId, actorName: stamp.byName, action, code };
}
