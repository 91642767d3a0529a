import type { OrgSettings } from '../config';
import type { StepAnswer } from './flowRun';
import type { Flow, FormStep, QuestionStep, SourceId } from './flowSchema';

/** One piece of advice on a summary, with the source it comes from. */
export interface AdvicePart {
  text: string;
  source: SourceId;
}

/** One line of a flow summary. For an info step the answer is the user's note. */
export interface SummaryRow {
  title: string;
  /** Where the step's own text (title, question) comes from. */
  source: SourceId;
  question?: string;
  /** What was answered, as display text (a choice label, ticked items, a note, or "overgeslagen"). */
  answer: string;
  note?: string;
  /** Only set when the answer needs attention. */
  advice?: AdvicePart[];
  /** Form steps: the filled-in fields as label–value pairs (values may be user text: show them as plain text). */
  facts?: Array<[string, string]>;
}

/** A date field's value (YYYY-MM-DD) as Dutch readers write it (DD-MM-YYYY). */
export function displayDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : value;
}

/** The filled-in fields of a form step as label–value pairs, in the form's order (choices by their label). */
export function formFacts(
  step: FormStep,
  fields: Record<string, string> | undefined,
): Array<[string, string]> {
  const facts: Array<[string, string]> = [];
  for (const field of step.fields) {
    const value = fields?.[field.id];
    if (value === undefined || value === '') continue;
    if (field.type === 'choice')
      facts.push([field.label, field.choices.find((c) => c.value === value)?.label ?? value]);
    else if (field.type === 'date') facts.push([field.label, displayDate(value)]);
    else facts.push([field.label, value]);
  }
  return facts;
}

/** Shown for a step the user skipped. */
export const SKIPPED_ANSWER = 'overgeslagen';
/** Shown for a question or checklist the user has not answered. */
export const NO_ANSWER = 'geen antwoord';
/** Shown for a form step passed with every field left empty. */
export const NOTHING_FILLED = 'niets ingevuld';
/** Shown for a checklist answered with nothing ticked. */
export const NOTHING_TICKED = 'niets aangevinkt';

/** The placeholders flow texts may hold; fillOrg replaces them. */
export const ORG_PLACEHOLDERS = [
  'org',
  'meldpunt',
  'meldpuntContact',
  'vertrouwenspersoon',
  'protocol',
] as const;

/** The advice for a question's answer: `instead` when one of its answers was given in the run, else the advice. */
function adviceFor(
  step: QuestionStep,
  value: string,
  answers: Record<string, StepAnswer | undefined>,
): AdvicePart[] | undefined {
  const attention = step.attention;
  if (!attention?.when.includes(value)) return undefined;
  const instead = attention.instead?.ifAnswered.some(({ step: other, values }) => {
    const answer = answers[other];
    return !answer?.skipped && answer?.value !== undefined && values.includes(answer.value);
  });
  const advice = instead && attention.instead ? attention.instead.advice : attention.advice;
  return typeof advice === 'string'
    ? [{ text: advice, source: step.source }]
    : advice.map((part) => ({ text: part.text, source: part.source ?? step.source }));
}

/** Lists every answered step with advice where the answer needs attention, and whether any signal was seen. */
export function summarizeRun(
  flow: Flow,
  answers: Record<string, StepAnswer | undefined>,
): { rows: SummaryRow[]; signals: boolean } {
  const rows: SummaryRow[] = [];
  let signals = false;
  for (const step of flow.steps) {
    const answer = answers[step.id];
    const note = answer?.note?.trim() || undefined;
    if (step.kind === 'summary') continue;
    if (step.kind === 'form') {
      const facts = answer?.skipped ? [] : formFacts(step, answer?.fields);
      let text = answer ? NOTHING_FILLED : NO_ANSWER;
      if (answer?.skipped) text = SKIPPED_ANSWER;
      else if (facts.length > 0) text = facts.map(([label, value]) => `${label} ${value}`).join('\n');
      rows.push({
        title: step.title,
        source: step.source,
        answer: text,
        ...(facts.length > 0 ? { facts } : {}),
      });
      continue;
    }
    if (step.kind === 'info') {
      if (note) rows.push({ title: step.title, source: step.source, answer: note });
      continue;
    }
    if (step.kind === 'question') {
      const row: SummaryRow = {
        title: step.title,
        source: step.source,
        question: step.question,
        answer: NO_ANSWER,
      };
      const choice = answer?.skipped ? undefined : step.choices.find((c) => c.value === answer?.value);
      if (answer?.skipped) row.answer = SKIPPED_ANSWER;
      if (choice) {
        row.answer = choice.label;
        if (choice.signal) signals = true;
        const advice = adviceFor(step, choice.value, answers);
        if (advice) row.advice = advice;
      }
      if (note) row.note = note;
      rows.push(row);
      continue;
    }
    const ticked = step.items.filter((item) => answer?.ticked?.includes(item.id)).map((item) => item.label);
    let text = NO_ANSWER;
    if (answer?.skipped) text = SKIPPED_ANSWER;
    else if (answer?.ticked) text = ticked.length > 0 ? ticked.join('; ') : NOTHING_TICKED;
    if (!answer?.skipped && step.signalsWhenTicked && ticked.length > 0) signals = true;
    rows.push({
      title: step.title,
      source: step.source,
      question: step.intro,
      answer: text,
      ...(note ? { note } : {}),
    });
  }
  return { rows, signals };
}

/** "Vraag N van M" for a numbered question step, "Stap N van M" for a form step; undefined otherwise. */
export function progressOf(flow: Flow, index: number): { current: number; total: number } | undefined {
  const step = flow.steps[index];
  if (step?.kind === 'form') {
    const forms = flow.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'form');
    return { current: forms.findIndex(({ i }) => i === index) + 1, total: forms.length };
  }
  if (step?.kind !== 'question' || !step.numbered) return undefined;
  const numbered = flow.steps
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.kind === 'question' && s.numbered);
  return { current: numbered.findIndex(({ i }) => i === index) + 1, total: numbered.length };
}

/** A link in card markdown; parentheses in the address are escaped so the link does not end early. */
function markdownLink(label: string, url: string): string {
  return `[${label}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/**
 * Fills the organisation placeholders. {meldpuntContact} becomes " (contact)" right after {meldpunt}, or
 * nothing when unset; {protocol} becomes a link to the protocol, or plain "het interne protocol"; {meldcode} a link
 * to the organisation's Meldcode, or plain "de Meldcode van <organisatie>".
 */
export function fillOrg(text: string, org: OrgSettings): string {
  return text.replace(
    /\{(org|meldpunt|meldpuntContact|vertrouwenspersoon|protocol|meldcode)\}/g,
    (_match, key: string) => {
      switch (key) {
        case 'org':
          return org.name;
        case 'meldpunt':
          return org.meldpunt;
        case 'meldpuntContact':
          return org.meldpuntContact.trim() ? ` (${org.meldpuntContact.trim()})` : '';
        case 'vertrouwenspersoon':
          return org.vertrouwenspersoon;
        case 'meldcode': {
          const label = `de Meldcode van ${org.name}`;
          return org.meldcodeUrl ? markdownLink(label, org.meldcodeUrl) : label;
        }
        default:
          return org.protocolUrl
            ? markdownLink('het interne protocol', org.protocolUrl)
            : 'het interne protocol';
      }
    },
  );
}
