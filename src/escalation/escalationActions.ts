import type { Turn } from '../edge/turn';
import type { CardAction } from '../../cards/actions';
import { messageCard } from '../../cards/messageCard';
import type { ActionOutcome, EscalationService } from './escalationService';
import type { EscalationRecord } from './escalationRecord';
import { ESCALATION_TEXTS as T } from './escalationTexts';
import { closeConfirmationOf, detailsCardOf, noticeCardOf } from './escalationViews';
import { canManage, type RoleService } from '../platform/roles';
import type { Answer } from '../bot/answer';
import type { Logger } from '../logger';
import type { PersonalMessenger } from '../bot/personalMessenger';
import { turnRoster } from '../edge/turnRoster';
import { readWithRoster } from '../bot/rosterRead';
import { addressOf, isPersonal, personOf, personalAnswer } from '../bot/turnFacts';
import { answeredOf } from '../edge/turnAnswer';
import type { Clock } from '../clock';
import type { OrgSettings } from '../config';
import { isClientKind } from '../meldcode/meldcodeSteps';
import { walkCardOf } from '../meldcode/meldcodeViews';
import { WALK_TEXTS } from '../meldcode/meldcodeTexts';
import { MeldcodeActions } from '../meldcode/meldcodeActions';

/** What the escalation buttons need. */
export interface EscalationActionsDeps {
  escalations: EscalationService;
  roles: RoleService;
  messenger: PersonalMessenger;
  timeZone: string;
  org: OrgSettings;
  clock: Clock;
  logger: Logger;
}

/** The verbs answered here: the escalation buttons and the Meldcode walk's answers. */
export type EscalationVerb =
  'escalation.ack' | 'escalation.resolve' | 'escalation.details' | 'escalation.timeline' | 'meldcode.answer';

/**
 * The buttons on escalation cards. The role is decided on the server against the live roster; the answer (or
 * refusal) is seen only by who pressed; the shared channel card changes for everyone through the outbox.
 */
export class EscalationActions {
  private readonly meldcode: MeldcodeActions;

  constructor(private readonly deps: EscalationActionsDeps) {
    this.meldcode = new MeldcodeActions(deps);
  }

  /** Handles one escalation button; returns the answer for who pressed. */
  async handle(context: Turn, action: CardAction & { action: EscalationVerb }): Promise<Answer | undefined> {
    const { escalations, roles, logger } = this.deps;
    const person = personOf(context);
    const record = action.ref ? await escalations.get(action.ref) : undefined;
    if (!record || !person) return this.answerText(context, T.notFound);
    const read = await readWithRoster(context, logger, () =>
      roles.roleIn(record.teamId, person, turnRoster(context)),
    );
    if (!read.ok) return this.answerText(context, T.tryAgain);
    const role = read.value;
    const actor = {
      ...person,
      role,
      address: addressOf(context),
      conversationId: context.activity.conversation?.id,
      answered: answeredOf(context),
    };
    if (action.action === 'meldcode.answer') {
      return this.meldcode.handle(context, record, actor, { ...action, action: 'meldcode.answer' });
    }
    // A client escalation closes with a recorded Meldcode decision: "Afgerond" opens the walk where it stands
    // (also from a confirmation card posted before the walk existed). Others confirm once.
    if (action.action === 'escalation.resolve' && canManage(role) && isClientKind(record.kind)) {
      if (record.status !== 'resolved') {
        if (isPersonal(context)) {
          return this.meldcode.show(context, walkCardOf(record, this.deps.org, this.deps.clock.now()));
        }
        // In the channel the walk would be replaced by the next update of the shared notice: it goes 1:1.
        const sent = await escalations.requestWalk(record.id, actor, context.activity.id ?? `${Date.now()}`);
        const card = noticeCardOf('record' in sent ? sent.record : record, this.deps.timeZone, {
          personalNotice: WALK_TEXTS.sentToChat,
          personalNoticeTone: 'Good',
        });
        return this.meldcode.show(context, card);
      }
    }
    if (action.action === 'escalation.resolve' && action.confirmed !== 'ja' && canManage(role)) {
      // Closing cannot be undone: ask once more ("nee" shows the notice again); only the presser sees either.
      if (record.status !== 'resolved') {
        const card =
          action.confirmed === 'nee' ? noticeCardOf(record, this.deps.timeZone) : closeConfirmationOf(record);
        // Only ever to who pressed: posted as a message only in their own 1:1 chat.
        return personalAnswer(context, card);
      }
    }
    const requestId = context.activity.id ?? `${Date.now()}`;
    let outcome: ActionOutcome;
    switch (action.action) {
      case 'escalation.ack':
        outcome = await escalations.acknowledge(record.id, actor);
        break;
      case 'escalation.resolve':
        outcome = await escalations.resolve(record.id, actor);
        break;
      case 'escalation.details':
        outcome = await escalations.requestDetails(record.id, actor, requestId);
        break;
      case 'escalation.timeline':
        outcome = await escalations.requestTimeline(record.id, actor, requestId);
        break;
    }
    if (!outcome.ok && outcome.reason === 'not_found') return this.answerText(context, T.notFound);
    const { text, refused } = this.answerFor(action.action, outcome);
    const tone = refused ? 'Warning' : 'Good';
    // The timeline button sits on the 1:1 details card: answer with that card, never with details in a channel,
    // and never to someone refused (the details are only for the reporter and the managers).
    const card =
      action.action === 'escalation.timeline' && isPersonal(context) && !refused
        ? detailsCardOf(outcome.record, this.deps.timeZone, person.aadObjectId, text, tone)
        : noticeCardOf(outcome.record, this.deps.timeZone, {
            personalNotice: text,
            personalNoticeTone: tone,
          });
    const answer = personalAnswer(context, card);
    if (answer) return answer;
    // In a channel: a refusal goes to who pressed in their 1:1 chat (a proactive send), nothing for everyone.
    if (refused) await this.deps.messenger.refuse(context);
    return undefined;
  }

  private answerFor(
    verb: Exclude<EscalationVerb, 'meldcode.answer'>,
    outcome: Exclude<ActionOutcome, { reason: 'not_found' }>,
  ): { text: string; refused: boolean } {
    if (!outcome.ok) {
      return { text: verb === 'escalation.details' ? T.refusedDetails : T.refusedManagerOnly, refused: true };
    }
    if (outcome.status === 'already') return { text: alreadyText(outcome.record), refused: false };
    switch (verb) {
      case 'escalation.ack':
        return { text: T.youAcknowledged, refused: false };
      case 'escalation.resolve':
        return { text: T.youResolved, refused: false };
      case 'escalation.details':
        return { text: T.detailsSent, refused: false };
      case 'escalation.timeline':
        return { text: T.timelineSent, refused: false };
    }
  }

  private answerText(context: Turn, text: string): Answer | undefined {
    return personalAnswer(context, messageCard({ title: 'Baken', text }));
  }
}

function alreadyText(record: EscalationRecord): string {
  if (record.status === 'resolved' && record.resolvedBy) return T.alreadyResolved(record.resolvedBy.name);
  if (record.acknowledgedBy) return T.alreadyAcknowledged(record.acknowledgedBy.name);
  return T.tryAgain;
}
