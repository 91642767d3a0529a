import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
// The dialog module alone: the package index also loads its prompts' language recognizers (~16 MB of heap).
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import type { CardAction } from '../cards/actions';
import { flowStepCard } from '../cards/flowStepCard';
import type { AdaptiveCard } from '../cards/cardShell';
import { flowSummaryCard } from '../cards/flowSummaryCard';
import type { Clock } from '../src/clock';
import type { OrgSettings } from '../src/config';
import type { FlowRun, StepAnswer } from '../src/flows/flowRun';
import {
  CLIENT_CODE_MAX_LENGTH,
  CLIENT_CODE_PATTERN,
  NOTE_MAX_LENGTH,
  type EscalationKind,
  type Flow,
  type Step,
} from '../src/flows/flowSchema';
import { checkFormFields } from '../src/flows/formValidation';
import { progressOf, summarizeRun } from '../src/flows/flowSummary';
import { typedChoice } from '../src/flows/typedAnswer';
import { currentCardAction } from './cardActionContext';
import { showCard } from './cardReply';
import type { FlowRunStore } from './flowRunStore';
import { FLOW_TEXTS } from './flowTexts';

/** How a flow asks for an escalation; the bot decides team, roles and delivery. */
export interface FlowEscalationPort {
  /** Escalates and returns a short Dutch status line for the summary ("Gemeld bij … om 14:02"). */
  escalate(
    context: TurnContext,
    request: { kind: EscalationKind; urgency: 'acuut' | 'hoog' | 'normaal'; runId: string },
  ): Promise<{ ok: true; status: string; escalationId: string } | { ok: false; message: string }>;
}

/** What the flow dialog needs from outside. */
export interface FlowDialogDeps {
  runs: FlowRunStore;
  org: OrgSettings;
  clock: Clock;
  escalation?: FlowEscalationPort;
  /**
   * Free text that is not an answer to the card: the bot may answer it (e.g. with the flows that fit); true when it
   * did. Otherwise the card is shown again with "Kies een antwoord op de kaart".
   */
  onFreeText?(context: TurnContext): Promise<boolean>;
}

/** Options to begin a flow dialog. */
export interface FlowDialogOptions {
  /** Continue the stored run instead of starting a new one. */
  resume?: boolean;
  /** Shown above the resumed card instead of the welcome-back line. */
  notice?: string;
}

const URGENCIES = ['acuut', 'hoog', 'normaal'] as const;

/** The key of a run's question card, for typed answers. */
function typedKey(run: FlowRun): string {
  return `${run.runId}:${run.index}`;
}
const CLIENT_CODE = new RegExp(`^(?=.{1,${CLIENT_CODE_MAX_LENGTH}}$)${CLIENT_CODE_PATTERN}$`);

/**
 * Walks one guidance flow as a step runner over the flow data. The run (position and answers) is kept in
 * the conversation's stored flow runs, so back, skip and resume are moves of an index, and a run survives a
 * restart. A stored run of an older flow version restarts politely.
 */
export class FlowDialog extends Dialog<FlowDialogOptions> {
  constructor(
    protected readonly flow: Flow,
    protected readonly deps: FlowDialogDeps,
  ) {
    super(FlowDialog.idFor(flow.id));
  }

  /** The dialog id of a flow. */
  static idFor(flowId: string): string {
    return `flow:${flowId}`;
  }

  /** Changes whenever the flow's content version changes. */
  override getVersion(): string {
    return `${this.flow.id}@${this.flow.version}`;
  }

  /** Starts a new run, or resumes the stored one. */
  override async beginDialog(dc: DialogContext, options?: FlowDialogOptions): Promise<DialogTurnResult> {
    const stored = await this.deps.runs.get(dc.context, this.flow.id);
    if (options?.resume && stored && !stored.finishedAt) {
      if (stored.version !== this.flow.version) return this.restart(dc, FLOW_TEXTS.versionChanged);
      await this.show(dc.context, stored, options.notice ?? FLOW_TEXTS.resumed);
      return Dialog.EndOfTurn;
    }
    return this.restart(dc);
  }

  /** Handles a card button (or text) while the flow is active. */
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const run = await this.deps.runs.get(dc.context, this.flow.id);
    if (!run) return this.restart(dc);
    if (run.version !== this.flow.version) return this.restart(dc, FLOW_TEXTS.versionChanged);
    const action = currentCardAction(dc.context) ?? (await this.typedAnswer(dc.context, run));
    if (!action) {
      if (await this.deps.onFreeText?.(dc.context)) return Dialog.EndOfTurn;
      await this.show(dc.context, run, FLOW_TEXTS.useTheCard, { newMessage: true });
      return Dialog.EndOfTurn;
    }
    if (action.ref !== run.runId || action.version !== this.flow.version || action.step !== run.index) {
      const duplicate = action.ref === run.runId && this.isRepeatOfPreviousStep(run, action);
      await this.show(dc.context, run, duplicate ? undefined : FLOW_TEXTS.staleCard);
      return Dialog.EndOfTurn;
    }
    return this.apply(dc, run, action);
  }

  /**
   * Text typed on a question card that is one of its answers ("ja", "weet ik niet", "2"): as if pressed, but only
   * while that card is the last one shown (not after a menu, a suggestion or a question of the bot's own).
   */
  private async typedAnswer(context: TurnContext, run: FlowRun): Promise<CardAction | undefined> {
    const step = this.flow.steps[run.index];
    if (step?.kind !== 'question' || context.activity.type !== 'message') return undefined;
    if ((await this.deps.runs.typedFor(context)) !== typedKey(run)) return undefined;
    const value = typedChoice(step, context.activity.text);
    if (value === undefined) return undefined;
    return { action: 'flow.answer', ref: run.runId, step: run.index, version: this.flow.version, value };
  }

  private async apply(dc: DialogContext, run: FlowRun, action: CardAction): Promise<DialogTurnResult> {
    const step = this.flow.steps[run.index];
    if (!step) return this.restart(dc);
    const now = this.deps.clock.now().toISOString();
    const moveTo = async (index: number, answer?: StepAnswer) => {
      const answers = answer ? { ...run.answers, [step.id]: answer } : run.answers;
      const last = this.flow.steps.length - 1;
      // Back from the summary to fill in a skipped step: going on returns to the summary.
      if (run.returnToSummary && index > run.index) index = last;
      let next: FlowRun = {
        ...run,
        answers,
        index: Math.max(0, Math.min(index, last)),
        updatedAt: now,
        // Going back from the summary reopens the run, so a stop there can be resumed from the menu.
        finishedAt: index >= last ? (run.finishedAt ?? now) : undefined,
        returnToSummary: undefined,
      };
      let notice: string | undefined;
      if (answer) {
        const after = await this.afterStep(dc.context, next, step, answer);
        if (after && !after.ok) return this.refuse(dc, run, after.message);
        next = after?.run ?? next;
        notice = after?.notice;
      }
      await this.deps.runs.save(dc.context, next);
      await this.show(dc.context, next, notice);
      return Dialog.EndOfTurn;
    };

    const note = (action.note ?? '').trim();
    if (note.length > NOTE_MAX_LENGTH) return this.refuse(dc, run, FLOW_TEXTS.noteTooLong(NOTE_MAX_LENGTH));
    if (run.index === 0 && this.flow.aboutClient && action.clientCode !== undefined) {
      const code = action.clientCode.trim();
      if (code !== '' && !CLIENT_CODE.test(code)) return this.refuse(dc, run, FLOW_TEXTS.badClientCode);
      run = { ...run, clientCode: code === '' ? undefined : code };
    }
    const withNote = (answer: StepAnswer): StepAnswer => (note ? { ...answer, note } : answer);

    switch (action.action) {
      case 'flow.back':
        return moveTo(run.index - 1);
      case 'flow.skip':
        if (step.kind === 'summary') return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
        return moveTo(run.index + 1, { skipped: true });
      case 'flow.answer': {
        if (step.kind !== 'question') return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
        if (!step.choices.some((c) => c.value === action.value)) {
          return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
        }
        return moveTo(run.index + 1, withNote({ value: action.value }));
      }
      case 'flow.next': {
        if (step.kind === 'form') {
          const checked = checkFormFields(step, action.fields, now.slice(0, 10));
          if (!checked.ok) return this.refuse(dc, run, checked.message);
          return moveTo(run.index + 1, { fields: checked.fields });
        }
        if (step.kind === 'checklist') {
          const ticked = (action.ticked ?? '')
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== '');
          const known = new Set(step.items.map((i) => i.id));
          if (ticked.some((t) => !known.has(t))) return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
          return moveTo(run.index + 1, { ticked: [...new Set(ticked)] });
        }
        if (step.kind !== 'info') return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
        return moveTo(run.index + 1, note ? { note } : undefined);
      }
      case 'flow.escalate':
        return this.escalate(dc, run, action, note);
      case 'flow.goto': {
        // From the summary, back to one step (e.g. a skipped one); "Verder" there returns to the summary.
        const target = this.flow.steps.findIndex((s) => s.id === action.value && s.kind !== 'summary');
        if (step.kind !== 'summary' || target < 0) return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
        const next: FlowRun = {
          ...run,
          index: target,
          returnToSummary: true,
          finishedAt: undefined,
          updatedAt: now,
        };
        await this.deps.runs.save(dc.context, next);
        await this.show(dc.context, next);
        return Dialog.EndOfTurn;
      }
      case 'flow.resend':
        if (step.kind !== 'summary') return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
        await this.resendSummary(dc.context, run);
        return Dialog.EndOfTurn;
      default:
        return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
    }
  }

  private async escalate(dc: DialogContext, run: FlowRun, action: CardAction, note: string) {
    const step = this.flow.steps[run.index];
    const kind =
      step?.kind === 'summary'
        ? step.escalationOffer?.kind
        : step?.kind === 'info'
          ? step.escalate?.kind
          : undefined;
    if (!kind || action.value !== kind) return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
    if (step?.kind === 'summary' && !summarizeRun(this.flow, run.answers).signals) {
      return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
    }
    if (run.escalationId) return this.refuse(dc, run, FLOW_TEXTS.alreadyEscalated);
    const urgency = URGENCIES.find((u) => u === (action.urgency ?? 'normaal'));
    if (!urgency) return this.refuse(dc, run, FLOW_TEXTS.unknownChoice);
    if (!this.deps.escalation) return this.refuse(dc, run, FLOW_TEXTS.escalationUnavailable);
    const result = await this.deps.escalation.escalate(dc.context, { kind, urgency, runId: run.runId });
    if (!result.ok) return this.refuse(dc, run, result.message);
    const answers =
      step?.kind === 'info' && note
        ? { ...run.answers, [step.id]: { ...run.answers[step.id], note } }
        : run.answers;
    const next: FlowRun = {
      ...run,
      answers,
      escalationId: result.escalationId,
      escalationStatus: result.status,
      updatedAt: this.deps.clock.now().toISOString(),
    };
    await this.deps.runs.save(dc.context, next);
    await this.show(dc.context, next, result.status);
    return Dialog.EndOfTurn;
  }

  /**
   * Sends a finished run's summary again as a new message, whichever dialog is active now ("the summary can
   * be sent again later"). False when the run is not of this flow's version or not on its summary.
   */
  async resendSummary(context: TurnContext, run: FlowRun): Promise<boolean> {
    const last = this.flow.steps.length - 1;
    if (run.flowId !== this.flow.id || run.version !== this.flow.version || run.index !== last) return false;
    await this.show(context, run, undefined, { newMessage: true });
    // The pressed card stays a summary, with a line saying where the copy went.
    await this.show(context, run, FLOW_TEXTS.summaryResent);
    return true;
  }

  /** A double click: the same button of the step just answered. Shown the current card, recorded once. */
  private isRepeatOfPreviousStep(run: FlowRun, action: CardAction): boolean {
    if (action.version !== this.flow.version) return false;
    if (action.action === 'flow.back') return action.step === run.index + 1;
    if (action.step !== run.index - 1) return false;
    const previous = this.flow.steps[run.index - 1];
    const answer = previous ? run.answers[previous.id] : undefined;
    if (action.action === 'flow.answer') return answer?.value === action.value;
    if (action.action === 'flow.skip') return answer?.skipped === true;
    return action.action === 'flow.next';
  }

  /**
   * Runs after a step was answered or skipped, before the run is saved: flows that keep a record (the
   * incident flow) write it here. May refuse (nothing is saved), change the run, or add a notice.
   */
  protected async afterStep(
    _context: TurnContext,
    _run: FlowRun,
    _step: Step,
    _answer: StepAnswer,
  ): Promise<{ ok: true; run?: FlowRun; notice?: string } | { ok: false; message: string } | undefined> {
    return undefined;
  }

  protected async refuse(dc: DialogContext, run: FlowRun, message: string): Promise<DialogTurnResult> {
    await this.show(dc.context, run, message);
    return Dialog.EndOfTurn;
  }

  private async restart(dc: DialogContext, notice?: string): Promise<DialogTurnResult> {
    const now = this.deps.clock.now().toISOString();
    const run: FlowRun = {
      runId: randomUUID(),
      flowId: this.flow.id,
      version: this.flow.version,
      index: 0,
      answers: {},
      startedAt: now,
      updatedAt: now,
    };
    await this.deps.runs.save(dc.context, run);
    await this.show(dc.context, run, notice);
    return Dialog.EndOfTurn;
  }

  /** Renders the run's current step (or summary) and shows it. */
  protected async show(
    context: TurnContext,
    run: FlowRun,
    notice?: string,
    options: { newMessage?: boolean } = {},
  ): Promise<void> {
    const card = await this.cardFor(context, run, notice);
    if (!card) return;
    const step = this.flow.steps[run.index];
    await this.deps.runs.expectTyped(context, step?.kind === 'question' ? typedKey(run) : undefined);
    await showCard(context, card, options);
  }

  /** The card of the run's current step (or summary); flows with a record override the summary. */
  protected async cardFor(
    _context: TurnContext,
    run: FlowRun,
    notice?: string,
  ): Promise<AdaptiveCard | undefined> {
    const step = this.flow.steps[run.index];
    if (!step) return undefined;
    const common = {
      flow: { id: this.flow.id, title: this.flow.title, aboutClient: this.flow.aboutClient },
      runId: run.runId,
      version: this.flow.version,
      index: run.index,
      clientCode: run.clientCode,
      org: this.deps.org,
      notice,
    };
    return step.kind === 'summary'
      ? flowSummaryCard({
          ...common,
          step,
          ...summarizeRun(this.flow, run.answers),
          escalationStatus: run.escalationStatus,
        })
      : flowStepCard({
          ...common,
          step,
          progress: progressOf(this.flow, run.index),
          previous: run.answers[step.id],
        });
  }
}
