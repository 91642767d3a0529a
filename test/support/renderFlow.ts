import type { AdaptiveCard } from '../../cards/cardShell';
import { flowStepCard } from '../../cards/flows/flowStepCard';
import { flowSummaryCard } from '../../cards/flows/flowSummaryCard';
import type { OrgSettings } from '../../src/config';
import type { StepAnswer } from '../../src/flows/flowRun';
import type { Flow, QuestionStep } from '../../src/flows/flowSchema';
import { progressOf, summarizeRun } from '../../src/flows/flowSummary';

/** Organisation settings for card tests, with every field set. */
export const TEST_ORG: OrgSettings = {
  name: 'Zorggroep Voorbeeld',
  configuredName: 'Zorggroep Voorbeeld',
  meldpunt: 'het Meldpunt Zorggroep',
  meldpuntContact: 'meldpunt@example.org',
  vertrouwenspersoon: 'de vertrouwenspersoon Anna',
  protocolUrl: 'https://example.org/protocol',
  meldcodeUrl: 'https://example.org/meldcode',
};

/** Answers that trigger every piece of advice and every signal of a flow, with a note at every step. */
export function answersTriggeringAll(flow: Flow): Record<string, StepAnswer> {
  const answers: Record<string, StepAnswer> = {};
  for (const step of flow.steps) {
    if (step.kind === 'question') {
      const attention = step.choices.filter((c) => step.attention?.when.includes(c.value));
      const choice = attention.find((c) => c.signal) ?? attention[0] ?? step.choices.find((c) => c.signal);
      answers[step.id] = { value: (choice ?? step.choices[0])?.value, note: `notitie ${step.id}` };
    } else if (step.kind === 'checklist') {
      answers[step.id] = { ticked: step.items.map((i) => i.id) };
    } else if (step.kind === 'info' && step.noteLabel) {
      answers[step.id] = { note: `notitie ${step.id}` };
    }
  }
  return answers;
}

/**
 * The tip text a summary should show for a question's answer, written out from the flow data as a reader would
 * apply it: the `instead` advice when one of its answers was given, else the advice (parts joined by a space).
 */
export function expectedAdvice(
  step: QuestionStep,
  answers: Record<string, { value?: string } | undefined>,
): string | undefined {
  const attention = step.attention;
  const value = answers[step.id]?.value;
  if (!attention || value === undefined || !attention.when.includes(value)) return undefined;
  const insteadApplies = (attention.instead?.ifAnswered ?? []).some((ref) =>
    ref.values.includes(answers[ref.step]?.value ?? ''),
  );
  const advice = insteadApplies && attention.instead ? attention.instead.advice : attention.advice;
  return typeof advice === 'string' ? advice : advice.map((part) => part.text).join(' ');
}

/** Renders the card of one step of a run, as the flow dialog would. */
export function renderStep(
  flow: Flow,
  index: number,
  answers: Record<string, StepAnswer> = {},
  extra: { clientCode?: string; notice?: string; escalationStatus?: string; org?: OrgSettings } = {},
): AdaptiveCard {
  const step = flow.steps[index];
  if (!step) throw new Error(`no step ${index} in ${flow.id}`);
  const common = {
    flow: { id: flow.id, title: flow.title, aboutClient: flow.aboutClient },
    runId: 'run-1',
    version: flow.version,
    index,
    clientCode: extra.clientCode,
    notice: extra.notice,
    org: extra.org ?? TEST_ORG,
  };
  if (step.kind === 'summary') {
    return flowSummaryCard({
      ...common,
      step,
      ...summarizeRun(flow, answers),
      escalationStatus: extra.escalationStatus,
    });
  }
  return flowStepCard({ ...common, step, progress: progressOf(flow, index), previous: answers[step.id] });
}

/** Every card of a flow, walked with answers that trigger all advice. */
export function renderAllCards(flow: Flow, answers = answersTriggeringAll(flow)): AdaptiveCard[] {
  return flow.steps.map((_step, index) => renderStep(flow, index, answers, { clientCode: 'K7' }));
}
