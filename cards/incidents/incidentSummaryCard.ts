import { RESEND_SUMMARY } from '../../src/flows/safetyTexts';
import type { OrgSettings } from '../../src/config';
import type { SummaryStep } from '../../src/flows/flowSchema';
import { fillOrg, type SummaryRow } from '../../src/flows/flowSummary';
import type { EvidenceRef } from '../../src/incidents/incidentRecord';
import { executeAction } from '../actions';
import type { ActionSet, CardElement, Container } from '../cardElements';
import {
  adaptiveCard,
  noticeBlock,
  plainText,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import { runActionData } from '../flows/flowStepCard';

/** What the last card of the incident flow shows. */
export interface IncidentSummaryView {
  flowTitle: string;
  runId: string;
  version: number;
  index: number;
  step: SummaryStep;
  /** One row per step, with the step id to come back to. */
  rows: Array<SummaryRow & { stepId: string; skipped: boolean }>;
  evidence: EvidenceRef[];
  /** Set once the managers were told ("Je leidinggevenden weten het nu …"). */
  sharedStatus?: string;
  org: OrgSettings;
  notice?: string;
}

/** A full-width button in its own action set. */
function button(
  title: string,
  data: Parameters<typeof executeAction>[1],
  style?: 'positive' | 'destructive',
): ActionSet {
  return { type: 'ActionSet', actions: [executeAction(title, data, style ? { style } : {})] };
}

/** One step's row: its title, what was filled in (as plain text), and for a skipped step a way back. */
function rowBlock(view: IncidentSummaryView, row: IncidentSummaryView['rows'][number]): Container {
  const items: CardElement[] = [textBlock(row.title, { weight: 'Bolder' })];
  if (row.facts && row.facts.length > 0) {
    for (const [label, value] of row.facts) items.push(plainText(value, { label }));
  } else {
    items.push(textBlock(row.answer, { isSubtle: true, spacing: 'None' }));
  }
  if (row.skipped || !row.facts) {
    items.push(button('Vul deze stap nu in', runActionData(view, 'flow.goto', row.stepId)));
  }
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

/** The incident flow's summary: every step, skipped ones to come back to, screenshots, and what to do next. */
export function incidentSummaryCard(view: IncidentSummaryView): AdaptiveCard {
  const fill = (text: string) => fillOrg(text, view.org);
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Attention'));
  body.push(...titleBlock(view.step.title, view.flowTitle));
  if (view.step.intro) body.push(textBlock(fill(view.step.intro)));
  if (view.sharedStatus) {
    body.push({
      type: 'Container',
      style: 'good',
      items: [textBlock(view.sharedStatus, { weight: 'Bolder' })],
    });
  }
  body.push(...view.rows.map((row) => rowBlock(view, row)));
  body.push(
    textBlock(
      view.evidence.length === 0
        ? 'Screenshots: nog geen. Je kunt ze altijd hier in de chat sturen.'
        : `Screenshots: ${view.evidence.length} bewaard als bewijs.`,
      { separator: true, spacing: 'Medium' },
    ),
  );
  if (view.step.closingTitle)
    body.push(textBlock(fill(view.step.closingTitle), { weight: 'Bolder', size: 'Medium' }));
  body.push(...view.step.closing.map((p) => textBlock(fill(p), { spacing: 'Small' })));
  body.push(button('Trek aan de bel', { action: 'incident.alarm', ref: view.runId }, 'destructive'));
  body.push(button('Voorkomen', { action: 'flow.start', value: 'voorkomen' }));
  body.push(button('Mijn meldingen', { action: 'incident.list' }));
  body.push(button(RESEND_SUMMARY, runActionData(view, 'flow.resend')));
  body.push(sourceFooter(view.step.source));
  return adaptiveCard(body, [
    executeAction('Terug', runActionData(view, 'flow.back')),
    executeAction('Menu', runActionData(view, 'menu.open')),
  ]);
}
