import type { MeldcodeAnswer, MeldcodeDecision, MeldcodeQuestion } from '../../src/meldcode/afwegingskader';
import {
  ANSWER_LABELS,
  DECISION_INPUTS as I,
  DECISION_LABELS,
  DECISION_TEXTS,
  QUESTION_TEXTS,
} from '../../src/meldcode/meldcodeTexts';
import { FORM_FIELD_PREFIX, executeAction } from '../actions';
import type { CardElement, InputDate } from '../cardElements';
import {
  adaptiveCard,
  noticeBlock,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import { DATE_PLACEHOLDER } from '../flows/formInputs';

/** The input ids of a decision card (gathered into `fields` by the action parser). */
export const DECISION_FIELDS = { melding: 'melding', day: 'dag' } as const;

/** What one card of the Meldcode walk shows. */
export interface MeldcodeWalkView {
  escalationId: string;
  revision: number;
  /** "Grooming", the kind of the escalation (nothing about the client). */
  kindLabel: string;
  /** "Stap 4 van 5 · wegen". */
  stepLabel: string;
  /** The question to answer, or the decision to record. */
  at: { ask: MeldcodeQuestion; answers: MeldcodeAnswer[] } | { decide: MeldcodeDecision };
  /** The organisation's Meldcode as a sentence, a link when configured. */
  meldcodeLine: string;
  fill: (text: string) => string;
  /** Today, "2026-12-06": the earliest day a date input offers. */
  today: string;
  /** A line above the card for who pressed (a refusal of bad input, or where the walk stands now). */
  notice?: { text: string; tone: 'Good' | 'Warning' };
}

/** One card of the walk: a question with its answers as full-width buttons, or a decision to record. */
export function meldcodeWalkCard(view: MeldcodeWalkView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice.text, view.notice.tone));
  const data = (value: string) => ({
    action: 'meldcode.answer' as const,
    ref: view.escalationId,
    version: view.revision,
    value,
  });
  if ('ask' in view.at) {
    const text = QUESTION_TEXTS[view.at.ask];
    body.push(...titleBlock(text.heading, `Meldcode · ${view.kindLabel}`));
    body.push(textBlock(view.stepLabel, { isSubtle: true, spacing: 'None' }));
    body.push(textBlock(text.question, { weight: 'Bolder' }));
    if (text.help) body.push(textBlock(text.help));
    const question = view.at.ask;
    body.push({
      type: 'ActionSet',
      actions: view.at.answers.map((answer) =>
        executeAction(ANSWER_LABELS[answer], data(`${question}.${answer}`)),
      ),
    });
  } else {
    const decision = view.at.decide;
    body.push(...titleBlock(`Besluit: ${DECISION_LABELS[decision]}`, `Meldcode · ${view.kindLabel}`));
    body.push(textBlock(view.stepLabel, { isSubtle: true, spacing: 'None' }));
    body.push(
      ...DECISION_TEXTS[decision].map((p, i) => textBlock(view.fill(p), i === 0 ? { weight: 'Bolder' } : {})),
    );
    body.push(...decisionInputs(decision, view.today));
    body.push({
      type: 'ActionSet',
      actions: [executeAction(I.record, data(`besluit.${decision}`), { style: 'positive' })],
    });
  }
  body.push(
    textBlock(
      `Schrijf de details in het dossier van je cliënt, niet hier. Kijk ook in ${view.meldcodeLine}.`,
      {
        size: 'Small',
        isSubtle: true,
      },
    ),
  );
  // The melding and police lines carry public numbers (Veilig Thuis, politie): their source is named too.
  const numbers = 'decide' in view.at && view.at.decide !== 'afsluiten' && view.at.decide !== 'hulp';
  body.push(numbers ? sourceFooter('meldcode', 'publiek') : sourceFooter('meldcode'));
  return adaptiveCard(body);
}

/** A melding: made or planned on a day; help: the day afweging 5 is checked. */
function decisionInputs(decision: MeldcodeDecision, today: string): CardElement[] {
  const day = (label: string): InputDate => ({
    type: 'Input.Date',
    id: `${FORM_FIELD_PREFIX}${DECISION_FIELDS.day}`,
    label,
    placeholder: DATE_PLACEHOLDER,
    min: today,
  });
  if (decision === 'hulp') return [{ ...day(I.checkDayLabel), isRequired: true, errorMessage: I.dayMissing }];
  if (decision !== 'melden') return [];
  return [
    {
      type: 'Input.ChoiceSet',
      id: `${FORM_FIELD_PREFIX}${DECISION_FIELDS.melding}`,
      label: I.meldingLabel,
      style: 'expanded',
      isRequired: true,
      errorMessage: I.meldingLabel,
      choices: [
        { title: I.meldingDone, value: 'gedaan' },
        { title: I.meldingPlanned, value: 'gepland' },
      ],
    },
    day(I.dayLabel),
  ];
}
