import type { Turn } from '../edge/turn';
import type { CardAction } from '../../cards/actions';
import type { AdaptiveCard } from '../../cards/cardShell';
import { DECISION_FIELDS } from '../../cards/meldcode/meldcodeWalkCard';
import { messageCard } from '../../cards/messageCard';
import type { Answer } from '../bot/answer';
import type { Clock } from '../clock';
import type { OrgSettings } from '../config';
import type { Actor, EscalationService } from '../escalation/escalationService';
import type { EscalationRecord } from '../escalation/escalationRecord';
import { ESCALATION_TEXTS as T } from '../escalation/escalationTexts';
import { noticeCardOf } from '../escalation/escalationViews';
import { meldcodeAnswerSchema, meldcodeDecisionSchema, meldcodeQuestionSchema } from './afwegingskader';
import { dayString } from './meldcodeRecord';
import { DECISION_INPUTS, WALK_TEXTS } from './meldcodeTexts';
import { dossierCardOf, walkCardOf } from './meldcodeViews';
import type { MeldcodeInput } from './meldcodeWalk';
import type { PersonalMessenger } from '../bot/personalMessenger';
import { personalAnswer } from '../bot/turnFacts';

/** What the Meldcode buttons need. */
export interface MeldcodeActionsDeps {
  escalations: EscalationService;
  messenger: PersonalMessenger;
  org: OrgSettings;
  clock: Clock;
  timeZone: string;
}

/** What a press asked, or why it cannot be taken (a Dutch line; nothing changes). */
type Parsed = { input: MeldcodeInput } | { problem: string } | undefined;

/**
 * The Meldcode walk of a client escalation, 1:1 for who pressed: each answer is recorded and answered with the
 * next card; the decision is answered with the dossier summary. Roles are checked by the service.
 */
export class MeldcodeActions {
  constructor(private readonly deps: MeldcodeActionsDeps) {}

  /** A card of the walk as the answer to who pressed only (posted as a message only in their own 1:1 chat). */
  show(context: Turn, card: AdaptiveCard): Answer | undefined {
    return personalAnswer(context, card);
  }

  /** One press on a walk card. */
  async handle(
    context: Turn,
    record: EscalationRecord,
    actor: Actor,
    action: CardAction & { action: 'meldcode.answer' },
  ): Promise<Answer | undefined> {
    const { escalations, org, clock, timeZone } = this.deps;
    const now = clock.now();
    const parsed = parse(action, now);
    if (!parsed) {
      return this.show(context, messageCard({ title: 'Baken', text: T.notFound }));
    }
    if ('problem' in parsed) {
      return this.show(context, walkCardOf(record, org, now, { text: parsed.problem, tone: 'Warning' }));
    }
    const outcome = await escalations.recordMeldcode(record.id, actor, parsed.input);
    if (!outcome.ok && outcome.reason === 'not_found') {
      return this.show(context, messageCard({ title: 'Baken', text: WALK_TEXTS.notClient }));
    }
    switch (outcome.ok ? outcome.status : outcome.reason) {
      case 'refused': {
        const card = noticeCardOf(outcome.record, timeZone, {
          personalNotice: T.refusedManagerOnly,
          personalNoticeTone: 'Warning',
        });
        const answer = personalAnswer(context, card);
        if (!answer) await this.deps.messenger.refuse(context);
        return answer;
      }
      case 'already': {
        const last = outcome.record.meldcode?.decisions.at(-1);
        if (outcome.record.status === 'resolved') {
          const text = last
            ? WALK_TEXTS.decided(last.byName)
            : T.alreadyResolved(outcome.record.resolvedBy?.name ?? '');
          return this.show(context, dossierCardOf(outcome.record, org, timeZone, text));
        }
        return this.show(
          context,
          walkCardOf(outcome.record, org, now, { text: WALK_TEXTS.stale, tone: 'Warning' }),
        );
      }
      case 'done':
        if ('decision' in parsed.input) {
          return this.show(context, dossierCardOf(outcome.record, org, timeZone, WALK_TEXTS.recorded));
        }
        return this.show(context, walkCardOf(outcome.record, org, now));
    }
  }
}

/**
 * The press as an answer ("a2.nee") or a decision ("besluit.melden" with its inputs); undefined for data no card
 * of the walk sends. A decision that misses what it needs is a problem to show, not a change.
 */
function parse(action: CardAction, now: Date): Parsed {
  const [first, second] = (action.value ?? '').split('.');
  if (first !== 'besluit') {
    const question = meldcodeQuestionSchema.safeParse(first);
    const answer = meldcodeAnswerSchema.safeParse(second);
    return question.success && answer.success
      ? { input: { question: question.data, answer: answer.data } }
      : undefined;
  }
  const decision = meldcodeDecisionSchema.safeParse(second);
  if (!decision.success) return undefined;
  const melding = action.fields?.[DECISION_FIELDS.melding];
  const rawDay = action.fields?.[DECISION_FIELDS.day]?.trim() ?? '';
  const day = dayString.safeParse(rawDay).success && !Number.isNaN(Date.parse(rawDay)) ? rawDay : undefined;
  const today = now.toISOString().slice(0, 10);
  const needsDay = decision.data === 'hulp' || (decision.data === 'melden' && melding === 'gepland');
  if (decision.data === 'melden' && melding !== 'gedaan' && melding !== 'gepland') {
    return { problem: DECISION_INPUTS.meldingLabel };
  }
  if (needsDay && (!day || day < today)) return { problem: DECISION_INPUTS.dayMissing };
  return {
    input: {
      decision: decision.data,
      ...(melding === 'gedaan' || melding === 'gepland' ? { melding } : {}),
      ...(needsDay && day ? { day } : {}),
    },
  };
}
