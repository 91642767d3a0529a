import type { Outcome } from '../platform/outcome';
import type { FlowRun, StepAnswer } from './flowRun';
import {
  CLIENT_CODE_MAX_LENGTH,
  CLIENT_CODE_PATTERN,
  NOTE_MAX_LENGTH,
  type ChecklistStep,
  type EscalationKind,
  type Flow,
  type FormStep,
  type InfoStep,
  type QuestionStep,
  type Step,
  type SummaryStep,
} from './flowSchema';
import { progressOf, summarizeRun, type SummaryRow } from './flowSummary';
import { FLOW_TEXTS, formRefusalText } from './flowTexts';
import { checkFormFields } from './formValidation';
import { typedChoice } from './typedAnswer';

/*
 * The flow runner as a pure step function: (flow, stored run, input, now) → the run to store, what to show (as
 * data) and at most one effect for the adapter to carry out. No botbuilder, no cards, no storage: the dialog in
 * dialogs/flowDialog.ts loads and saves the run, performs the effect and renders what to show.
 */

/** The fields of a flow card's button (or of a typed answer taken as one) that the runner reads. */
export interface FlowAction {
  /** The verb: flow.answer, flow.next, flow.back, flow.skip, flow.goto, flow.escalate, flow.resend. */
  action: string;
  /** The run the card belongs to. */
  ref?: string;
  /** The step index the card showed. */
  step?: number;
  /** The flow version the card was made for. */
  version?: number;
  /** The chosen answer, the step id to go to, or the escalation kind. */
  value?: string;
  /** Input: a short note. */
  note?: string;
  /** Input: a short client code (first step of a flow about a client). */
  clientCode?: string;
  /** Input: ticked checklist items, comma separated. */
  ticked?: string;
  /** Input: the urgency chosen on an escalation offer. */
  urgency?: string;
  /** Inputs of a form step, by field id. */
  fields?: Record<string, string>;
}

/** What happened this turn, as the runner sees it. */
export type FlowInput =
  /** The flow was started (or resumed from the menu); `notice` replaces the welcome-back line. */
  | { kind: 'begin'; resume?: boolean; notice?: string }
  /** A button on a card was pressed. */
  | { kind: 'card'; action: FlowAction }
  /**
   * Something without a card action while the flow is active: the typed text of a message (undefined for other
   * activities) and the question card typed answers may answer (the stored "runId:index", see `typedKey`).
   */
  | { kind: 'text'; text: string | undefined; typedFor: string | undefined };

/** The urgencies an escalation may have. */
export const URGENCIES = ['acuut', 'hoog', 'normaal'] as const;
/** An escalation's urgency. */
export type Urgency = (typeof URGENCIES)[number];

/** What a flow asks the escalation port for. */
export interface EscalationRequest {
  kind: EscalationKind;
  urgency: Urgency;
  runId: string;
}

/** Why the escalation port could not escalate: no person on the turn, or the reporter must pick a team first. */
export type EscalationRefusal = 'no_person' | 'choose_team';

/** What the escalation port answered: a Dutch status line and the escalation's id, or why it could not. */
export type EscalationOutcome = Outcome<{ status: string; escalationId: string }, EscalationRefusal>;

/** Why a flow with a record refused an answered step (the flow words it). */
export type AfterStepRefusal = 'refused';

/** What a flow with a record (the incident flow) answers after a step: refuse, change the run, or add a notice. */
export type AfterStepOutcome = Outcome<{ run?: FlowRun; notice?: string }, AfterStepRefusal>;

/** Why a line is shown at the top of the card, and the Dutch line itself. */
export interface FlowNotice {
  kind:
    | 'resumed'
    | 'versionChanged'
    | 'staleCard'
    | 'useTheCard'
    | 'refused'
    | 'escalated'
    | 'status'
    | 'summaryResent';
  text: string;
}

/** A run's current card as data: one step of the flow, or its summary with the escalation offer. */
export type FlowRunView =
  | {
      kind: 'step';
      step: InfoStep | QuestionStep | ChecklistStep | FormStep;
      /** "Vraag N van M" / "Stap N van M", when the step is counted. */
      progress: { current: number; total: number } | undefined;
      /** The earlier answer to this step (after "Terug" or resume): prefills the inputs. */
      previous: StepAnswer | undefined;
      /** The kind of the escalate button of an info step. */
      escalationOffer?: EscalationKind;
    }
  | {
      kind: 'summary';
      step: SummaryStep;
      rows: SummaryRow[];
      /** Whether any signal was recognised. */
      signals: boolean;
      /** Set once escalated: replaces the offer. */
      escalationStatus: string | undefined;
      /** The kind offered for escalation: signals were seen and nothing was escalated yet. */
      escalationOffer?: EscalationKind;
    };

/** One card to show: the run's current card, with an optional notice. */
export interface FlowShow {
  /** The run whose current card is shown. */
  run: FlowRun;
  /** The card's content; undefined when the run's index has no step (then nothing is shown). */
  view: FlowRunView | undefined;
  notice?: FlowNotice;
  /** Post as a new message, even when answering a button. */
  newMessage?: boolean;
}

/** Work the step function leaves to its adapter, because it needs the outside world. */
export type FlowEffect =
  /**
   * A step was answered or skipped: a flow with a record writes it now (see `settleStep`). Without such a flow the
   * turn stands as returned.
   */
  | { kind: 'answered'; step: Step; answer: StepAnswer; run: FlowRun; before: FlowRun }
  /** Escalate through the port, then finish the turn with `settleEscalation` (nothing is shown or saved yet). */
  | { kind: 'escalate'; request: EscalationRequest; run: FlowRun; note: string }
  /** Text that is not an answer: the bot may answer it; only when it does not is the turn's card shown. */
  | { kind: 'freeText' };

/** The result of one turn: the run to store (if any), the cards to show in order, and an effect. */
export interface FlowTurn {
  /** The run to store before showing; undefined leaves the stored run as it is. */
  save?: FlowRun;
  show: FlowShow[];
  effect?: FlowEffect;
}

const CLIENT_CODE = new RegExp(`^(?=.{1,${CLIENT_CODE_MAX_LENGTH}}$)${CLIENT_CODE_PATTERN}$`);

/** The key of a run's question card, for typed answers. */
export function typedKey(run: FlowRun): string {
  return `${run.runId}:${run.index}`;
}

/** The key typed answers may answer after this run's card is shown: only a question card has one. */
export function expectedTyped(flow: Flow, run: FlowRun): string | undefined {
  return flow.steps[run.index]?.kind === 'question' ? typedKey(run) : undefined;
}

/** The run's current card as data; undefined when its index has no step. */
export function runView(flow: Flow, run: FlowRun): FlowRunView | undefined {
  const step = flow.steps[run.index];
  if (!step) return undefined;
  if (step.kind === 'summary') {
    const { rows, signals } = summarizeRun(flow, run.answers);
    const offer =
      step.escalationOffer && signals && !run.escalationStatus ? step.escalationOffer.kind : undefined;
    return {
      kind: 'summary',
      step,
      rows,
      signals,
      escalationStatus: run.escalationStatus,
      ...(offer ? { escalationOffer: offer } : {}),
    };
  }
  const offer = step.kind === 'info' ? step.escalate?.kind : undefined;
  return {
    kind: 'step',
    step,
    progress: progressOf(flow, run.index),
    previous: run.answers[step.id],
    ...(offer ? { escalationOffer: offer } : {}),
  };
}

/** One card to show for a run. */
function showOf(flow: Flow, run: FlowRun, notice?: FlowNotice, newMessage?: boolean): FlowShow {
  return {
    run,
    view: runView(flow, run),
    ...(notice ? { notice } : {}),
    ...(newMessage ? { newMessage } : {}),
  };
}

/** The run's card again with a refusal ("Dat antwoord ken ik niet…"); nothing is saved. */
function refuse(flow: Flow, run: FlowRun, message: string): FlowTurn {
  return { show: [showOf(flow, run, { kind: 'refused', text: message })] };
}

/** A new run at the first step, saved and shown. */
function restart(flow: Flow, now: string, newRunId: () => string, notice?: FlowNotice): FlowTurn {
  const run: FlowRun = {
    runId: newRunId(),
    flowId: flow.id,
    version: flow.version,
    index: 0,
    answers: {},
    startedAt: now,
    updatedAt: now,
  };
  return { save: run, show: [showOf(flow, run, notice)] };
}

const VERSION_CHANGED: FlowNotice = { kind: 'versionChanged', text: FLOW_TEXTS.versionChanged };

/**
 * One turn of a flow: from the stored run (undefined when there is none) and what happened, the run to store and what
 * to show. A run of another flow version restarts politely; a card of another run, version or step is stale.
 */
export function stepFlow(
  flow: Flow,
  stored: FlowRun | undefined,
  input: FlowInput,
  now: Date,
  newRunId: () => string,
): FlowTurn {
  const at = now.toISOString();
  if (input.kind === 'begin') {
    if (input.resume && stored && !stored.finishedAt) {
      if (stored.version !== flow.version) return restart(flow, at, newRunId, VERSION_CHANGED);
      return { show: [showOf(flow, stored, { kind: 'resumed', text: input.notice ?? FLOW_TEXTS.resumed })] };
    }
    return restart(flow, at, newRunId);
  }
  if (!stored) return restart(flow, at, newRunId);
  if (stored.version !== flow.version) return restart(flow, at, newRunId, VERSION_CHANGED);
  const action = input.kind === 'card' ? input.action : typedAnswer(flow, stored, input);
  if (!action) {
    return {
      show: [showOf(flow, stored, { kind: 'useTheCard', text: FLOW_TEXTS.useTheCard }, true)],
      effect: { kind: 'freeText' },
    };
  }
  if (action.ref !== stored.runId || action.version !== flow.version || action.step !== stored.index) {
    const duplicate = action.ref === stored.runId && isRepeatOfPreviousStep(flow, stored, action);
    return {
      show: [showOf(flow, stored, duplicate ? undefined : { kind: 'staleCard', text: FLOW_TEXTS.staleCard })],
    };
  }
  return apply(flow, stored, action, at, newRunId);
}

/**
 * Text typed on a question card that is one of its answers ("ja", "weet ik niet", "2"): as if pressed, but only
 * while that card is the last one shown (not after a menu, a suggestion or a question of the bot's own).
 */
function typedAnswer(
  flow: Flow,
  run: FlowRun,
  input: { text: string | undefined; typedFor: string | undefined },
): FlowAction | undefined {
  const step = flow.steps[run.index];
  if (step?.kind !== 'question' || input.text === undefined) return undefined;
  if (input.typedFor !== typedKey(run)) return undefined;
  const value = typedChoice(step, input.text);
  if (value === undefined) return undefined;
  return { action: 'flow.answer', ref: run.runId, step: run.index, version: flow.version, value };
}

/** A double click: the same button of the step just answered. Shown the current card, recorded once. */
function isRepeatOfPreviousStep(flow: Flow, run: FlowRun, action: FlowAction): boolean {
  if (action.version !== flow.version) return false;
  if (action.action === 'flow.back') return action.step === run.index + 1;
  if (action.step !== run.index - 1) return false;
  const previous = flow.steps[run.index - 1];
  const answer = previous ? run.answers[previous.id] : undefined;
  if (action.action === 'flow.answer') return answer?.value === action.value;
  if (action.action === 'flow.skip') return answer?.skipped === true;
  return action.action === 'flow.next';
}

/** A card action of the run's current step. */
function apply(
  flow: Flow,
  stored: FlowRun,
  action: FlowAction,
  now: string,
  newRunId: () => string,
): FlowTurn {
  const step = flow.steps[stored.index];
  if (!step) return restart(flow, now, newRunId);
  let run = stored;

  const moveTo = (target: number, answer?: StepAnswer): FlowTurn => {
    const answers = answer ? { ...run.answers, [step.id]: answer } : run.answers;
    const last = flow.steps.length - 1;
    // Back from the summary to fill in a skipped step: going on returns to the summary.
    const index = run.returnToSummary && target > run.index ? last : target;
    const next: FlowRun = {
      ...run,
      answers,
      index: Math.max(0, Math.min(index, last)),
      updatedAt: now,
      // Going back from the summary reopens the run, so a stop there can be resumed from the menu.
      finishedAt: index >= last ? (run.finishedAt ?? now) : undefined,
      returnToSummary: undefined,
    };
    const turn: FlowTurn = { save: next, show: [showOf(flow, next)] };
    return answer ? { ...turn, effect: { kind: 'answered', step, answer, run: next, before: run } } : turn;
  };

  const note = (action.note ?? '').trim();
  if (note.length > NOTE_MAX_LENGTH) return refuse(flow, run, FLOW_TEXTS.noteTooLong(NOTE_MAX_LENGTH));
  if (run.index === 0 && flow.aboutClient && action.clientCode !== undefined) {
    const code = action.clientCode.trim();
    if (code !== '' && !CLIENT_CODE.test(code)) return refuse(flow, run, FLOW_TEXTS.badClientCode);
    run = { ...run, clientCode: code === '' ? undefined : code };
  }
  const withNote = (answer: StepAnswer): StepAnswer => (note ? { ...answer, note } : answer);

  switch (action.action) {
    case 'flow.back':
      return moveTo(run.index - 1);
    case 'flow.skip':
      if (step.kind === 'summary') return refuse(flow, run, FLOW_TEXTS.unknownChoice);
      return moveTo(run.index + 1, { skipped: true });
    case 'flow.answer': {
      if (step.kind !== 'question') return refuse(flow, run, FLOW_TEXTS.unknownChoice);
      if (!step.choices.some((c) => c.value === action.value))
        return refuse(flow, run, FLOW_TEXTS.unknownChoice);
      return moveTo(run.index + 1, withNote({ value: action.value }));
    }
    case 'flow.next': {
      if (step.kind === 'form') {
        const checked = checkFormFields(step, action.fields, now.slice(0, 10));
        if (!checked.ok) return refuse(flow, run, formRefusalText(checked));
        return moveTo(run.index + 1, { fields: checked.fields });
      }
      if (step.kind === 'checklist') {
        const ticked = (action.ticked ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== '');
        const known = new Set(step.items.map((i) => i.id));
        if (ticked.some((t) => !known.has(t))) return refuse(flow, run, FLOW_TEXTS.unknownChoice);
        return moveTo(run.index + 1, { ticked: [...new Set(ticked)] });
      }
      if (step.kind !== 'info') return refuse(flow, run, FLOW_TEXTS.unknownChoice);
      return moveTo(run.index + 1, note ? { note } : undefined);
    }
    case 'flow.escalate':
      return escalate(flow, run, step, action, note);
    case 'flow.goto': {
      // From the summary, back to one step (e.g. a skipped one); "Verder" there returns to the summary.
      const target = flow.steps.findIndex((s) => s.id === action.value && s.kind !== 'summary');
      if (step.kind !== 'summary' || target < 0) return refuse(flow, run, FLOW_TEXTS.unknownChoice);
      const next: FlowRun = {
        ...run,
        index: target,
        returnToSummary: true,
        finishedAt: undefined,
        updatedAt: now,
      };
      return { save: next, show: [showOf(flow, next)] };
    }
    case 'flow.resend':
      if (step.kind !== 'summary') return refuse(flow, run, FLOW_TEXTS.unknownChoice);
      return { show: resendSummary(flow, run) ?? [] };
    default:
      return refuse(flow, run, FLOW_TEXTS.unknownChoice);
  }
}

/** The escalate button of an info step or of the summary's offer: checked here, carried out by the adapter. */
function escalate(flow: Flow, run: FlowRun, step: Step, action: FlowAction, note: string): FlowTurn {
  const kind =
    step.kind === 'summary'
      ? step.escalationOffer?.kind
      : step.kind === 'info'
        ? step.escalate?.kind
        : undefined;
  if (!kind || action.value !== kind) return refuse(flow, run, FLOW_TEXTS.unknownChoice);
  if (step.kind === 'summary' && !summarizeRun(flow, run.answers).signals) {
    return refuse(flow, run, FLOW_TEXTS.unknownChoice);
  }
  if (run.escalationId) return refuse(flow, run, FLOW_TEXTS.alreadyEscalated);
  const urgency = URGENCIES.find((u) => u === (action.urgency ?? 'normaal'));
  if (!urgency) return refuse(flow, run, FLOW_TEXTS.unknownChoice);
  return { show: [], effect: { kind: 'escalate', request: { kind, urgency, runId: run.runId }, run, note } };
}

/**
 * Finishes an escalate effect with the port's outcome (undefined when there is no escalation port): the run keeps
 * the escalation and its status line, shown on the card; a failure is shown as a refusal.
 */
export function settleEscalation(
  flow: Flow,
  effect: { run: FlowRun; note: string },
  outcome: EscalationOutcome | undefined,
  now: Date,
): FlowTurn {
  const { run, note } = effect;
  if (!outcome) return refuse(flow, run, FLOW_TEXTS.escalationUnavailable);
  if (!outcome.ok) return refuse(flow, run, FLOW_TEXTS.escalationRefused[outcome.reason]);
  const step = flow.steps[run.index];
  const answers =
    step?.kind === 'info' && note
      ? { ...run.answers, [step.id]: { ...run.answers[step.id], note } }
      : run.answers;
  const next: FlowRun = {
    ...run,
    answers,
    escalationId: outcome.escalationId,
    escalationStatus: outcome.status,
    updatedAt: now.toISOString(),
  };
  return { save: next, show: [showOf(flow, next, { kind: 'escalated', text: outcome.status })] };
}

/**
 * Finishes an answered step with what a flow with a record made of it: a refusal shows the card before the
 * answer with the flow's line for it (`refusalText`) and saves nothing; otherwise the (possibly changed) run is
 * saved and shown, with the record's notice.
 */
export function settleStep(
  flow: Flow,
  effect: { run: FlowRun; before: FlowRun },
  outcome: AfterStepOutcome | undefined,
  refusalText: (reason: AfterStepRefusal) => string = () => FLOW_TEXTS.stepNotSaved,
): FlowTurn {
  if (outcome && !outcome.ok) return refuse(flow, effect.before, refusalText(outcome.reason));
  const run = outcome?.run ?? effect.run;
  const notice = outcome?.notice;
  return {
    save: run,
    show: [showOf(flow, run, notice === undefined ? undefined : { kind: 'status', text: notice })],
  };
}

/**
 * A finished run's summary again: as a new message, then on the pressed card with a line saying where the copy went.
 * Undefined when the run is not of this flow's version or not on its summary.
 */
export function resendSummary(flow: Flow, run: FlowRun): FlowShow[] | undefined {
  const last = flow.steps.length - 1;
  if (run.flowId !== flow.id || run.version !== flow.version || run.index !== last) return undefined;
  return [
    showOf(flow, run, undefined, true),
    showOf(flow, run, { kind: 'summaryResent', text: FLOW_TEXTS.summaryResent }),
  ];
}
