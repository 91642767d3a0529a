import type { EscalationKind } from '../../src/flows/flowSchema';
import type { Urgency } from '../../src/escalation/escalationRecord';
import { ESCALATION_TEXTS as T, KIND_LABELS, URGENCY_LABELS } from '../../src/escalation/escalationTexts';
import { executeAction } from '../actions';
import type { AdaptiveAction, CardElement } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  factSet,
  noticeBlock,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** What an escalation notice shows: kind, urgency, who reported, when, status and Meldcode step — nothing more. */
export interface EscalationNoticeView {
  escalationId: string;
  revision: number;
  kind: EscalationKind;
  urgency: Urgency;
  /** The reporter's name, or "een collega" for harassment of a staff member. */
  reporterLabel: string;
  /** When it was reported, formatted. */
  when: string;
  status: 'open' | 'acknowledged' | 'resolved';
  /** Who picked it up or closed it and when, formatted. */
  statusLine: string;
  /** Client escalations: the Meldcode step, "Stap 2 van 5 · overleg met collega's" (a number and a word). */
  meldcodeStep?: string;
  /** A line above the notice in a 1:1 copy (no channel, reminder, for admins). */
  banner?: string;
  /** The answer to the person who pressed a button (invoke response only). */
  personalNotice?: string;
  /** 'Warning' for a refusal; 'Good' (default) for a confirmation. */
  personalNoticeTone?: 'Good' | 'Warning';
}

/**
 * The escalation notice for the channel (and its 1:1 copies): "acuut" puts 112 first. No client code,
 * answers or notes ever appear on it; the details go 1:1 through "Bekijk details".
 */
export function escalationNoticeCard(view: EscalationNoticeView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.urgency === 'acuut') body.push(noticeBlock(T.call112, 'Attention'));
  if (view.personalNotice) body.push(noticeBlock(view.personalNotice, view.personalNoticeTone ?? 'Good'));
  if (view.banner) body.push(noticeBlock(view.banner, 'Warning'));
  body.push(...titleBlock(KIND_LABELS[view.kind], 'Baken · melding'));
  body.push(
    factSet([
      ['Urgentie', URGENCY_LABELS[view.urgency]],
      ['Gemeld door', view.reporterLabel],
      ['Wanneer', view.when],
      ['Status', view.statusLine],
      ...(view.meldcodeStep ? [['Meldcode', view.meldcodeStep] as [string, string]] : []),
    ]),
  );
  if (view.kind === 'test') body.push(textBlock(T.testNote, { isSubtle: true }));
  body.push(textBlock(T.onlyManagersNote, { size: 'Small', isSubtle: true }));

  const data = (action: 'escalation.ack' | 'escalation.resolve' | 'escalation.details') => ({
    action,
    ref: view.escalationId,
    version: view.revision,
  });
  const actions: AdaptiveAction[] = [];
  if (view.status === 'open')
    actions.push(executeAction(T.ack, data('escalation.ack'), { style: 'positive' }));
  if (view.status !== 'resolved') actions.push(executeAction(T.resolve, data('escalation.resolve')));
  actions.push(executeAction(T.details, data('escalation.details')));
  const card = adaptiveCard(body, actions);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
