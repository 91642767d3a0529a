import type { OrgSettings } from '../../src/config';
import type { StepAnswer } from '../../src/flows/flowRun';
import type {
  ChecklistStep,
  Flow,
  FormStep,
  InfoStep,
  QuestionStep,
  SourcedText,
} from '../../src/flows/flowSchema';
import {
  CLIENT_CODE_MAX_LENGTH,
  CLIENT_CODE_PATTERN,
  NOTE_MAX_LENGTH,
  SOURCE_LABELS,
} from '../../src/flows/flowSchema';
import { fillOrg } from '../../src/flows/flowSummary';
import {
  CLIENT_CODE_ERROR,
  CLIENT_CODE_LABEL,
  CLIENT_CODE_PLACEHOLDER,
  NOTE_PLACEHOLDER,
} from '../../src/flows/safetyTexts';
import { executeAction, type ActionData, type ActionVerb } from '../actions';
import type {
  ActionSet,
  AdaptiveAction,
  CardElement,
  Container,
  InputChoiceSet,
  InputText,
} from '../cardElements';
import {
  adaptiveCard,
  bulletList,
  noticeBlock,
  plainText,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import { formInputs } from './formInputs';

/** What a flow step card shows: one info, question or checklist step of a run. */
export interface FlowStepView {
  flow: Pick<Flow, 'id' | 'title' | 'aboutClient'>;
  runId: string;
  version: number;
  index: number;
  step: InfoStep | QuestionStep | ChecklistStep | FormStep;
  /** "Vraag N van M" for numbered questions, "Stap N van M" for form steps. */
  progress?: { current: number; total: number };
  /** The earlier answer to this step (after "Terug" or resume): prefills the inputs. */
  previous?: StepAnswer;
  clientCode?: string;
  /** Shown at the top in attention colour (stale card, refusal, status). */
  notice?: string;
  org: OrgSettings;
}

/** The data every button of a run's card carries. */
export function runActionData(
  view: { runId: string; index: number; version: number },
  action: ActionVerb,
  value?: string,
): ActionData {
  const data: ActionData = { action, ref: view.runId, step: view.index, version: view.version };
  if (value !== undefined) data.value = value;
  return data;
}

/** The urgencies a user can choose when escalating; the escalation handler accepts exactly these values. */
export const URGENCY_CHOICES = [
  { value: 'acuut', title: 'Acuut – direct gevaar (bel ook 112)' },
  { value: 'hoog', title: 'Hoog – snel actie nodig' },
  { value: 'normaal', title: 'Normaal' },
] as const;

/** The urgency choice (id 'urgency') shown with every escalate button; "normaal" unless chosen otherwise. */
export function urgencyInput(): InputChoiceSet {
  return {
    type: 'Input.ChoiceSet',
    id: 'urgency',
    label: 'Hoe dringend is het?',
    style: 'expanded',
    wrap: true,
    value: 'normaal',
    choices: URGENCY_CHOICES.map((c) => ({ title: c.title, value: c.value })),
  };
}

/** A button in its own action set: full width, so buttons stack on a phone. */
function bodyButton(title: string, data: ActionData, style?: 'positive' | 'destructive'): ActionSet {
  return { type: 'ActionSet', actions: [executeAction(title, data, style ? { style } : {})] };
}

/** The optional short note field, prefilled with the earlier note. */
function noteInput(label: string, previous?: StepAnswer): InputText {
  const input: InputText = {
    type: 'Input.Text',
    id: 'note',
    label: `${label} (niet verplicht)`,
    placeholder: NOTE_PLACEHOLDER,
    maxLength: NOTE_MAX_LENGTH,
    isMultiline: true,
  };
  if (previous?.note) input.value = previous.note;
  return input;
}

/** The optional client code field on the first card of a flow about a client. */
function clientCodeInput(clientCode?: string): InputText {
  const input: InputText = {
    type: 'Input.Text',
    id: 'clientCode',
    label: CLIENT_CODE_LABEL,
    placeholder: CLIENT_CODE_PLACEHOLDER,
    maxLength: CLIENT_CODE_MAX_LENGTH,
    regex: `^(${CLIENT_CODE_PATTERN})?$`,
    errorMessage: CLIENT_CODE_ERROR,
  };
  if (clientCode) input.value = clientCode;
  return input;
}

/** A warning (or advice) from its own source, in a coloured container: each paragraph, then the source. */
export function cautionBlock(
  caution: SourcedText,
  fill: (text: string) => string,
  style: 'attention' | 'accent' = 'attention',
): Container {
  return {
    type: 'Container',
    style,
    items: [
      ...caution.text.map((p, i) => textBlock(fill(p), i === 0 ? { weight: 'Bolder' } : {})),
      textBlock(`Bron: ${SOURCE_LABELS[caution.source]}`, {
        size: 'Small',
        isSubtle: true,
        spacing: 'Small',
      }),
    ],
  };
}

/** An explanation one tap away: a button that unfolds it on the same card (no turn, nothing stored). */
function moreBlock(more: NonNullable<InfoStep['more']>, fill: (text: string) => string): ActionSet {
  const items: CardElement[] = more.body.map((p) => textBlock(fill(p)));
  if (more.bullets.length > 0) items.push(bulletList(more.bullets.map(fill)));
  return {
    type: 'ActionSet',
    actions: [{ type: 'Action.ShowCard', title: more.label, card: { type: 'AdaptiveCard', body: items } }],
  };
}

/** The body elements of a step's own content (text, question, checklist). */
function stepContent(view: FlowStepView, fill: (text: string) => string): CardElement[] {
  const { step, previous } = view;
  if (step.kind === 'form') {
    const blocks: CardElement[] = step.body.map((p) => textBlock(fill(p)));
    if (step.bullets.length > 0) blocks.push(bulletList(step.bullets.map(fill)));
    if (step.caution) blocks.push(cautionBlock(step.caution, fill));
    blocks.push(...formInputs(step.fields, previous?.fields, fill));
    if (step.footer)
      blocks.push({ type: 'Container', style: 'emphasis', items: [textBlock(fill(step.footer))] });
    return blocks;
  }
  if (step.kind === 'info') {
    const blocks: CardElement[] = step.body.map((p) => textBlock(fill(p)));
    if (step.bullets.length > 0) blocks.push(bulletList(step.bullets.map(fill)));
    if (step.caution) blocks.push(cautionBlock(step.caution, fill));
    if (step.more) blocks.push(moreBlock(step.more, fill));
    return blocks;
  }
  if (step.kind === 'question') {
    const blocks: CardElement[] = [textBlock(fill(step.question), { weight: 'Bolder', size: 'Medium' })];
    if (step.help) blocks.push(textBlock(fill(step.help), { isSubtle: true, spacing: 'Small' }));
    if (step.caution) blocks.push(cautionBlock(step.caution, fill));
    const earlier = step.choices.find((c) => c.value === previous?.value);
    if (earlier) blocks.push(textBlock(`Je eerdere antwoord: **${earlier.label}**`, { size: 'Small' }));
    return blocks;
  }
  const choiceSet: InputChoiceSet = {
    type: 'Input.ChoiceSet',
    id: 'ticked',
    label: 'Vink aan wat je herkent (meer keuzes mogelijk)',
    isMultiSelect: true,
    style: 'expanded',
    wrap: true,
    choices: step.items.map((item) => ({ title: fill(item.label), value: item.id })),
  };
  if (previous?.ticked && previous.ticked.length > 0) choiceSet.value = previous.ticked.join(',');
  return [textBlock(fill(step.intro)), choiceSet];
}

/** One step of a guidance flow as an Adaptive Card: content, inputs, answer buttons, Terug and Stop. */
export function flowStepCard(view: FlowStepView): AdaptiveCard {
  const { step, flow, progress, previous } = view;
  const fill = (text: string) => fillOrg(text, view.org);
  const data = (action: ActionVerb, value?: string) => runActionData(view, action, value);

  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Attention'));
  const unit = step.kind === 'form' ? 'Stap' : 'Vraag';
  const kicker = progress ? `${flow.title} · ${unit} ${progress.current} van ${progress.total}` : flow.title;
  body.push(...titleBlock(step.title, kicker));
  if (view.clientCode && view.index > 0)
    body.push(plainText(view.clientCode, { label: 'Cliënt:', isSubtle: true }));
  body.push(...stepContent(view, fill));

  if (view.index === 0 && flow.aboutClient) body.push(clientCodeInput(view.clientCode));
  if (step.kind === 'question' && step.allowNote) body.push(noteInput('Notitie', previous));
  if (step.kind === 'info' && step.noteLabel) body.push(noteInput(step.noteLabel, previous));

  if (step.kind === 'question') {
    for (const choice of step.choices) body.push(bodyButton(choice.label, data('flow.answer', choice.value)));
  }
  if (step.kind === 'info' && step.escalate) {
    body.push(urgencyInput());
    body.push(bodyButton(step.escalate.label, data('flow.escalate', step.escalate.kind), 'destructive'));
  }
  body.push(sourceFooter(step.source, ...(step.caution ? [step.caution.source] : [])));

  const actions: AdaptiveAction[] = [];
  if (step.kind !== 'question')
    actions.push(executeAction('Verder', data('flow.next'), { style: 'positive' }));
  if (step.kind === 'form') actions.push(executeAction('Sla over', data('flow.skip')));
  if (view.index > 0) actions.push(executeAction('Terug', data('flow.back')));
  actions.push(executeAction('Stop', data('flow.stop')));
  return adaptiveCard(body, actions);
}
