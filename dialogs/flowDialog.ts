import { randomUUID } from 'node:crypto';
import type { Turn } from '../src/edge/turn';
// The dialog module alone: the package index also loads its prompts' language recognizers (~16 MB of heap).
import { Dialog, DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { flowStepCard } from '../cards/flows/flowStepCard';
import type { AdaptiveCard } from '../cards/cardShell';
import { parseCardAction } from '../cards/actions';
import { cardAnswer, type Answer } from '../src/bot/answer';
import { flowSummaryCard } from '../cards/flows/flowSummaryCard';
import type { Clock } from '../src/clock';
import type { OrgSettings } from '../src/config';
import type { FlowRun, StepAnswer } from '../src/flows/flowRun';
import {
  expectedTyped,
  resendSummary,
  runView,
  settleEscalation,
  settleStep,
  stepFlow,
  type AfterStepOutcome,
  type AfterStepRefusal,
  type EscalationOutcome,
  type EscalationRequest,
  type FlowInput,
  type FlowRunView,
  type FlowShow,
  type FlowTurn,
} from '../src/flows/flowRunner';
import type { Flow, Step } from '../src/flows/flowSchema';
import { FLOW_TEXTS } from '../src/flows/flowTexts';
import { cardDataOf } from '../src/edge/cardData';
import { sendCard } from '../src/edge/cardReply';
import type { FlowRunStore } from './flowRunStore';

/** How a flow asks for an escalation; the bot decides team, roles and delivery. */
export interface FlowEscalationPort {
  /** Escalates and returns a short Dutch status line for the summary ("Gemeld bij … om 14:02"). */
  escalate(context: Turn, request: EscalationRequest): Promise<EscalationOutcome>;
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
  onFreeText?(context: Turn): Promise<boolean>;
}

/** Options to begin a flow dialog. */
export interface FlowDialogOptions {
  /** Continue the stored run instead of starting a new one. */
  resume?: boolean;
  /** Shown above the resumed card instead of the welcome-back line. */
  notice?: string;
}

/** A card the runner chose to show, rendered. */
interface RenderedShow {
  card: AdaptiveCard;
  newMessage?: boolean;
}

/**
 * Walks one guidance flow: a thin botbuilder-dialogs adapter over the pure step function (src/flows/flowRunner.ts).
 * Each turn it loads the run from the conversation's stored flow runs, lets the step function decide, carries out
 * its effect (a record, an escalation, free text), saves the run and renders what to show with the flow cards; its
 * answer is the turn result (`result` of the DialogTurnResult). Back, skip and resume are moves of an index, a run
 * survives a restart, and a run of an older flow version restarts politely.
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
    return this.turn(dc.context, stored, { kind: 'begin', resume: options?.resume, notice: options?.notice });
  }

  /** Handles a card button (or text) while the flow is active. */
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const run = await this.deps.runs.get(dc.context, this.flow.id);
    return this.turn(dc.context, run, await this.inputOf(dc.context, run));
  }

  /**
   * What this turn brings for the runner: the pressed card's action (read from the activity, as the router read it
   * before handing the press to the flows), or typed text with the question card shown last.
   */
  private async inputOf(context: Turn, run: FlowRun | undefined): Promise<FlowInput> {
    const action = parseCardAction(cardDataOf(context));
    if (action) return { kind: 'card', action };
    if (context.activity.type !== 'message') return { kind: 'text', text: undefined, typedFor: undefined };
    // Only a run at a question card takes a typed answer; for the others what was shown last does not matter.
    const typedFor =
      run && expectedTyped(this.flow, run) ? await this.deps.runs.typedFor(context) : undefined;
    return { kind: 'text', text: context.activity.text, typedFor };
  }

  /**
   * One turn: the step function decides, this adapter carries out its effect, saves the run and shows the cards; the
   * turn result holds the answer (undefined when everything was sent).
   */
  private async turn(
    context: Turn,
    stored: FlowRun | undefined,
    input: FlowInput,
  ): Promise<DialogTurnResult> {
    let turn: FlowTurn = stepFlow(this.flow, stored, input, this.deps.clock.now(), randomUUID);
    const effect = turn.effect;
    if (effect?.kind === 'answered') {
      const after = await this.afterStep(context, effect.run, effect.step, effect.answer);
      if (after) turn = settleStep(this.flow, effect, after, (reason) => this.afterStepRefusalText(reason));
    } else if (effect?.kind === 'escalate') {
      const outcome = await this.deps.escalation?.escalate(context, effect.request);
      turn = settleEscalation(this.flow, effect, outcome, this.deps.clock.now());
    } else if (effect?.kind === 'freeText') {
      if (await this.deps.onFreeText?.(context)) return Dialog.EndOfTurn;
    }
    if (turn.save) await this.deps.runs.save(context, turn.save);
    const answer = await this.display(context, turn.show);
    return { status: DialogTurnStatus.waiting, result: answer };
  }

  /**
   * Shows the cards the runner chose, in order, and returns the one that answers the turn. For a button press that
   * is the first card not asked as a new message (it replaces the pressed card; the others are sent); in a message
   * turn it is the last card (every card is a new message, and the answer is sent after the others, in order).
   */
  private async display(context: Turn, shows: readonly FlowShow[]): Promise<Answer | undefined> {
    const rendered: RenderedShow[] = [];
    for (const shown of shows) {
      const card = await this.render(context, shown.run, shown.notice?.text, shown.view);
      if (card) rendered.push({ card, newMessage: shown.newMessage });
    }
    const isPress = context.activity.type === 'invoke';
    const answerAt = isPress ? rendered.findIndex((r) => !r.newMessage) : rendered.length - 1;
    for (const [at, { card }] of rendered.entries()) {
      if (at !== answerAt) await sendCard(context, card);
    }
    const answer = rendered[answerAt];
    return answer ? cardAnswer(answer.card) : undefined;
  }

  /**
   * Sends a finished run's summary again as a new message, whichever dialog is active now ("the summary can
   * be sent again later"), with the answer to the press. Undefined when the run is not of this flow's version or
   * not on its summary.
   */
  async resendSummary(context: Turn, run: FlowRun): Promise<{ answer: Answer | undefined } | undefined> {
    const shows = resendSummary(this.flow, run);
    if (!shows) return undefined;
    return { answer: await this.display(context, shows) };
  }

  /**
   * Runs after a step was answered or skipped, before the run is saved: flows that keep a record (the
   * incident flow) write it here. May refuse (nothing is saved), change the run, or add a notice.
   */
  protected async afterStep(
    _context: Turn,
    _run: FlowRun,
    _step: Step,
    _answer: StepAnswer,
  ): Promise<AfterStepOutcome | undefined> {
    return undefined;
  }

  /** The Dutch line shown when `afterStep` refuses; flows whose `afterStep` can refuse give their own. */
  protected afterStepRefusalText(_reason: AfterStepRefusal): string {
    return FLOW_TEXTS.stepNotSaved;
  }

  /** Renders the run's current step (or summary) to show, and remembers whether it takes a typed answer. */
  private async render(
    context: Turn,
    run: FlowRun,
    notice?: string,
    view?: FlowRunView,
  ): Promise<AdaptiveCard | undefined> {
    const card = await this.cardFor(context, run, notice, view);
    if (!card) return undefined;
    await this.deps.runs.expectTyped(context, expectedTyped(this.flow, run));
    return card;
  }

  /** The card of the run's current step (or summary); flows with a record override the summary. */
  protected async cardFor(
    _context: Turn,
    run: FlowRun,
    notice?: string,
    view: FlowRunView | undefined = runView(this.flow, run),
  ): Promise<AdaptiveCard | undefined> {
    if (!view) return undefined;
    const common = {
      flow: { id: this.flow.id, title: this.flow.title, aboutClient: this.flow.aboutClient },
      runId: run.runId,
      version: this.flow.version,
      index: run.index,
      clientCode: run.clientCode,
      org: this.deps.org,
      notice,
    };
    return view.kind === 'summary'
      ? flowSummaryCard({
          ...common,
          step: view.step,
          rows: view.rows,
          signals: view.signals,
          escalationStatus: view.escalationStatus,
        })
      : flowStepCard({ ...common, step: view.step, progress: view.progress, previous: view.previous });
  }
}
