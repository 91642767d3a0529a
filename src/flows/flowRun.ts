import { z } from 'zod';
import {
  CLIENT_CODE_MAX_LENGTH,
  FORM_TEXT_MAX_LENGTH,
  flowIdSchema,
  NOTE_MAX_LENGTH,
  type Flow,
} from './flowSchema';
import { progressOf } from './flowSummary';

const isoTime = z.iso.datetime({ offset: true });

/** The longest escalation status line a run keeps (older instances read runs with this limit too). */
export const ESCALATION_STATUS_MAX = 200;
const stepId = z.string().min(1).max(40);

/** What the user did at one step: chose an answer, ticked items, wrote a note, or skipped it. */
export const stepAnswerSchema = z.object({
  /** The chosen choice value (question steps). */
  value: stepId.optional(),
  /** The ticked item ids (checklist steps). */
  ticked: z.array(stepId).max(30).optional(),
  /** A short note without names. */
  note: z.string().max(NOTE_MAX_LENGTH).optional(),
  skipped: z.boolean().optional(),
  /** The filled-in fields of a form step, by field id (choice values, short texts, dates). */
  fields: z.record(stepId, z.string().max(FORM_TEXT_MAX_LENGTH)).optional(),
});
/** An answer to one step. */
export type StepAnswer = z.infer<typeof stepAnswerSchema>;

/** One walk through a flow: where the user is and what they answered, so it can be resumed. */
export const flowRunSchema = z.object({
  runId: z.string().min(1).max(80),
  flowId: flowIdSchema,
  /** The flow version the run was started with; a changed flow restarts the run. */
  version: z.number().int().min(1),
  /** The index of the step the user is on. */
  index: z.number().int().min(0),
  /** Answers by step id. */
  answers: z.record(stepId, stepAnswerSchema),
  /** An optional short code the user chose for the client (never a name). */
  clientCode: z.string().max(CLIENT_CODE_MAX_LENGTH).optional(),
  startedAt: isoTime,
  updatedAt: isoTime,
  finishedAt: isoTime.optional(),
  /** Set once the run was escalated. */
  escalationId: z.string().min(1).max(80).optional(),
  /** The Dutch status line of that escalation, shown on the summary ("Gemeld bij het team om 14:02"). */
  escalationStatus: z.string().max(ESCALATION_STATUS_MAX).optional(),
  /** Set when the user jumped back from the summary to fill in a skipped step: "Verder" returns there. */
  returnToSummary: z.boolean().optional(),
});
/** A flow run. */
export type FlowRun = z.infer<typeof flowRunSchema>;

/** A flow with nothing to fill in (only cards to read): a stopped run of it keeps nothing worth resuming. */
export function isReadOnly(flow: Flow): boolean {
  return flow.steps.every(
    (step) => step.kind === 'summary' || (step.kind === 'info' && !step.noteLabel && !step.escalate),
  );
}

/** Where a run is, counted as its card counts ("vraag 8 van 9", "stap 2 van 7"), else the card's title in quotes. */
export function runPosition(flow: Flow, index: number): string {
  const progress = progressOf(flow, index);
  const step = flow.steps[index];
  if (progress)
    return `${step?.kind === 'form' ? 'stap' : 'vraag'} ${progress.current} van ${progress.total}`;
  return `"${step?.title ?? flow.title}"`;
}
