import type { OrgSettings } from '../../src/config';
import {
  SOURCE_LABELS,
  type Flow,
  type SourceId,
  type SourcedText,
  type SummaryStep,
} from '../../src/flows/flowSchema';
import { fillOrg, type SummaryRow } from '../../src/flows/flowSummary';
import { ESCALATE_TO_TEAM, RESEND_SUMMARY } from '../../src/flows/safetyTexts';
import { isClientKind } from '../../src/meldcode/meldcodeSteps';
import { MELDCODE_SUMMARY_LINE } from '../../src/meldcode/meldcodeTexts';
import { executeAction, type ActionData } from '../actions';
import type { CardElement, Container } from '../cardElements';
import {
  adaptiveCard,
  noticeBlock,
  plainText,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import { cautionBlock, runActionData, urgencyInput } from './flowStepCard';

/** What the summary card of a run shows. */
export interface FlowSummaryView {
  flow: Pick<Flow, 'id' | 'title' | 'aboutClient'>;
  runId: string;
  version: number;
  index: number;
  step: SummaryStep;
  rows: SummaryRow[];
  /** Whether any signal was recognised: then the escalation offer is shown. */
  signals: boolean;
  clientCode?: string;
  /** Set once escalated, e.g. "Gemeld bij het team om 14:02": replaces the offer. */
  escalationStatus?: string;
  org: OrgSettings;
  notice?: string;
}

/**
 * One answered step: title, question, answer, note, and the advice in an emphasised container; advice from
 * another source than the card's names that source right under it.
 */
function rowBlock(row: SummaryRow, fill: (text: string) => string, cardSource: SourceId): Container {
  const items: CardElement[] = [textBlock(fill(row.title), { weight: 'Bolder' })];
  if (row.question) items.push(textBlock(fill(row.question), { isSubtle: true, spacing: 'None' }));
  items.push(plainText(row.answer, { label: row.question ? 'Antwoord:' : 'Notitie:' }));
  if (row.note) items.push(plainText(row.note, { label: 'Notitie:', isSubtle: true }));
  if (row.advice) {
    const tip = row.advice.map((part) => fill(part.text)).join(' ');
    const own = [...new Set(row.advice.map((part) => part.source))].filter((source) => source !== cardSource);
    const tipItems = [textBlock(`**Tip:** ${tip}`)];
    if (own.length > 0) {
      const names = own.map((source) => SOURCE_LABELS[source]).join('; ');
      tipItems.push(
        textBlock(`Bron van deze tip: ${names}`, { size: 'Small', isSubtle: true, spacing: 'Small' }),
      );
    }
    items.push({ type: 'Container', style: 'emphasis', items: tipItems });
  }
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

/**
 * The advice beside the offer once signals were recognised or the team was told: for a client flow where the
 * staff member stands in the Meldcode and what comes next, then the signal advice (Veilig Thuis).
 */
function adviceOf(view: FlowSummaryView): SourcedText[] {
  const offer = view.step.escalationOffer;
  if (!offer || !(view.signals || view.escalationStatus)) return [];
  const advice: SourcedText[] = [];
  if (isClientKind(offer.kind)) advice.push(MELDCODE_SUMMARY_LINE);
  if (view.step.signalAdvice) advice.push(view.step.signalAdvice);
  return advice;
}

/** The escalation offer: why, how urgent, and the button; or the status once escalated. */
function escalationBlock(view: FlowSummaryView, data: (value?: string) => ActionData): CardElement[] {
  const offer = view.step.escalationOffer;
  if (!offer) return [];
  const fill = (text: string) => fillOrg(text, view.org);
  const advice = adviceOf(view).map((part) => cautionBlock(part, fill, 'accent'));
  // Escalated (here or at an earlier step): the status stays, whatever the answers are now.
  if (view.escalationStatus) {
    return [
      { type: 'Container', style: 'good', items: [textBlock(view.escalationStatus, { weight: 'Bolder' })] },
      ...advice,
    ];
  }
  if (!view.signals) return [];
  return [
    {
      type: 'Container',
      style: 'attention',
      items: [
        textBlock(fillOrg(offer.text, view.org), { weight: 'Bolder' }),
        urgencyInput(),
        {
          type: 'ActionSet',
          actions: [executeAction(ESCALATE_TO_TEAM, data(offer.kind), { style: 'destructive' })],
        },
      ],
    },
    ...advice,
  ];
}

/** Every source a summary card shows: its own, each tip's and the advice's. */
function sourcesOf(view: FlowSummaryView): SourceId[] {
  const sources: SourceId[] = [view.step.source];
  for (const row of view.rows) sources.push(row.source, ...(row.advice ?? []).map((part) => part.source));
  sources.push(...adviceOf(view).map((part) => part.source));
  return sources;
}

/** The last card of a flow: every answer with advice, the escalation offer when signals, and closing guidance. */
export function flowSummaryCard(view: FlowSummaryView): AdaptiveCard {
  const { step } = view;
  const fill = (text: string) => fillOrg(text, view.org);
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Attention'));
  body.push(...titleBlock(step.title, view.flow.title));
  if (view.clientCode) body.push(plainText(view.clientCode, { label: 'Cliënt:', isSubtle: true }));
  if (step.intro) body.push(textBlock(fill(step.intro)));
  body.push(...escalationBlock(view, (value) => runActionData(view, 'flow.escalate', value)));
  body.push(...view.rows.map((row) => rowBlock(row, fill, step.source)));
  if (step.closingTitle) {
    body.push(textBlock(fill(step.closingTitle), { weight: 'Bolder', size: 'Medium', separator: true }));
  }
  body.push(...step.closing.map((p) => textBlock(fill(p), { spacing: 'Small' })));
  // In the body, full width: four buttons in the bar do not fit on a phone.
  body.push({
    type: 'ActionSet',
    actions: [executeAction(RESEND_SUMMARY, runActionData(view, 'flow.resend'))],
  });
  body.push(sourceFooter(...sourcesOf(view)));

  return adaptiveCard(body, [
    executeAction('Terug', runActionData(view, 'flow.back')),
    executeAction('Menu', runActionData(view, 'menu.open')),
    executeAction('Stop', runActionData(view, 'flow.stop')),
  ]);
}
