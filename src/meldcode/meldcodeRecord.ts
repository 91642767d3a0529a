import { z } from 'zod';
import { meldcodeAnswerSchema, meldcodeDecisionSchema, meldcodeQuestionSchema } from './afwegingskader';

const isoTime = z.iso.datetime({ offset: true });
/** A calendar day, "2026-12-24" (a planned melding, the check of afweging 5). */
export const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const by = { byId: z.string().min(1), byName: z.string().max(200), at: isoTime };

/** Why the Meldcode does not apply (codes only). */
export const notApplicableReasonSchema = z.enum(['buiten_kring', 'andere_reden']);

/** One recorded decision. */
export const meldcodeDecisionRecordSchema = z.object({
  decision: meldcodeDecisionSchema,
  ...by,
  /** Melden: made already, or planned on `day`. */
  melding: z.enum(['gedaan', 'gepland']).optional(),
  /** Melden gepland: the day; hulp: the day afweging 5 is checked. */
  day: dayString.optional(),
  /** Niet van toepassing: why. */
  reason: notApplicableReasonSchema.optional(),
});
/** A recorded decision. */
export type MeldcodeDecisionRecord = z.infer<typeof meldcodeDecisionRecordSchema>;

/**
 * What an escalation keeps of its Meldcode walk: answers and decisions as codes, with who and when. Nothing about
 * the client; the case itself is documented in the client's dossier.
 */
export const meldcodeWalkSchema = z.object({
  answers: z
    .array(z.object({ question: meldcodeQuestionSchema, answer: meldcodeAnswerSchema, ...by }))
    .max(40)
    .default([]),
  /** In order; a "hulp" decision is followed by the final one after afweging 5. */
  decisions: z.array(meldcodeDecisionRecordSchema).max(10).default([]),
});
/** The Meldcode walk of an escalation. */
export type MeldcodeWalk = z.infer<typeof meldcodeWalkSchema>;
