import type { EscalationKind } from '../../src/flows/flowSchema';
import type { Urgency } from '../../src/escalation/escalationRecord';
import { ESCALATION_TEXTS as T, KIND_LABELS, URGENCY_LABELS } from '../../src/escalation/escalationTexts';
import { executeAction } from '../actions';
import type { CardElement } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  factSet,
  noticeBlock,
  plainText,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** What the 1:1 details card shows to a manager or the reporter. */
export interface EscalationDetailsView {
  escalationId: string;
  revision: number;
  kind: EscalationKind;
  urgency: Urgency;
  /** The reporter's real name (managers see who, 1:1, also for harassment of a staff member). */
  reporterName: string;
  when: string;
  statusLine: string;
  clientCode?: string;
  rows: Array<{ label: string; value: string; note?: string }>;
  /** Offer the timeline button (managers and admins). */
  canSeeTimeline: boolean;
  /** Offer "Nazorg" (start or open the aftercare checklist) for harassment of a staff member, to managers. */
  canStartAftercare?: boolean;
  personalNotice?: string;
  /** 'Warning' for a refusal; 'Good' (default) for a confirmation. */
  personalNoticeTone?: 'Good' | 'Warning';
}

/** The details of an escalation, for 1:1 chat only: what the reporter filled in, shown as plain text. */
export function escalationDetailsCard(view: EscalationDetailsView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.personalNotice) body.push(noticeBlock(view.personalNotice, view.personalNoticeTone ?? 'Good'));
  body.push(...titleBlock(T.detailsTitle, KIND_LABELS[view.kind]));
  body.push(
    factSet([
      ['Urgentie', URGENCY_LABELS[view.urgency]],
      ['Gemeld door', view.reporterName],
      ['Wanneer', view.when],
      ['Status', view.statusLine],
    ]),
  );
  if (view.clientCode) body.push(plainText(view.clientCode, { label: T.clientCodeLabel }));
  if (view.rows.length === 0) body.push(textBlock(T.detailsNone, { isSubtle: true }));
  for (const row of view.rows) {
    body.push(textBlock(row.label, { weight: 'Bolder', spacing: 'Medium' }));
    body.push(plainText(row.value));
    if (row.note) body.push(plainText(row.note, { label: 'Notitie:', isSubtle: true }));
  }
  body.push(textBlock(T.detailsOnlyHere, { size: 'Small', isSubtle: true, separator: true }));
  const actions = view.canSeeTimeline
    ? [
        executeAction(T.timeline, {
          action: 'escalation.timeline',
          ref: view.escalationId,
          version: view.revision,
        }),
      ]
    : [];
  if (view.canStartAftercare)
    actions.push(executeAction('Nazorg', { action: 'aftercare.start', ref: view.escalationId }));
  const card = adaptiveCard(body, actions);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
