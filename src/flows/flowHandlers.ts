import type { Turn } from '../edge/turn';
import type { CardAction } from '../../cards/actions';
import { confirmCard } from '../../cards/confirmCard';
import { menuCard } from '../../cards/flows/menuCard';
import { suggestionsCard } from '../../cards/flows/suggestionsCard';
import { sendAnswer, sendCard } from '../edge/cardReply';
import { cardAnswer, messageAnswer, type Answer } from '../bot/answer';
import { FlowDialog, type FlowDialogDeps, type FlowEscalationPort } from '../../dialogs/flowDialog';
import { FlowDialogs } from '../../dialogs/flowDialogs';
import { FlowRunStore } from '../../dialogs/flowRunStore';
import { FLOW_TEXTS } from '../../dialogs/flowTexts';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { FLOW_ORDER, FLOWS } from '.';
import { routeFreeText } from './keywordRouting';
import { isReadOnly, runPosition, type FlowRun } from './flowRun';
import { flowIdSchema, type Flow, type FlowId } from './flowSchema';
import type { ConversationSlots } from '../edge/stateSlots';
import { BOT_TEXTS } from '../bot/botTexts';
import { hasAttachmentSources } from '../incidents/incidentAttachments';
import { menuEntries } from './menuViews';

/** A feature that runs one of the flows its own way (the incident flow): its dialog and the attachments it takes. */
export interface FlowExtension {
  flowId: FlowId;
  /** The dialog that runs the flow (on the generic step runner). */
  dialog(flow: Flow, deps: FlowDialogDeps): FlowDialog;
  /** Attachments sent while the flow is the active dialog; false when there was nothing to take. */
  attachments?(context: Turn, run: FlowRun): Promise<boolean>;
}

/** What the menu and the flows need. */
export interface FlowHandlersDeps {
  config: Config;
  /** The conversation state slots (the dialog stack and the flow runs). */
  slots: ConversationSlots;
  clock: Clock;
  /** The guidance flows; defaults to FLOWS (tests pass changed copies, e.g. a flow with a newer version). */
  flows?: Record<FlowId, Flow>;
  /** How the flows escalate (team choice, delivery); without it a flow says escalation is unavailable. */
  escalation?: FlowEscalationPort;
  /** Flows another feature runs its own way (the incident flow). */
  extensions?: readonly FlowExtension[];
}

/**
 * The menu and the guidance flows, 1:1 only: start, resume, stop, the flow buttons, free text (suggested flows)
 * and the welcome. The flows run as dialogs in the conversation's state.
 */
export class FlowHandlers {
  private readonly dialogs: FlowDialogs;
  private readonly runs: FlowRunStore;
  private readonly flows: Record<FlowId, Flow>;
  private readonly extensions: ReadonlyMap<FlowId, FlowExtension>;

  constructor(private readonly deps: FlowHandlersDeps) {
    this.flows = deps.flows ?? FLOWS;
    this.runs = new FlowRunStore(deps.slots.flowRuns);
    this.dialogs = new FlowDialogs(deps.slots.dialogState);
    this.extensions = new Map((deps.extensions ?? []).map((e) => [e.flowId, e]));
    for (const flow of Object.values(this.flows)) {
      const flowDeps: FlowDialogDeps = {
        runs: this.runs,
        org: deps.config.org,
        clock: deps.clock,
        escalation: deps.escalation,
        onFreeText: (context: Turn) => this.suggestFlows(context),
      };
      const extension = this.extensions.get(flow.id);
      this.dialogs.add(extension ? extension.dialog(flow, flowDeps) : new FlowDialog(flow, flowDeps));
    }
  }

  /** "menu" and the menu button. */
  async menu(context: Turn): Promise<Answer> {
    return this.showMenu(context);
  }

  /** The welcome in the 1:1 chat: the menu, with a greeting (sent: a welcome answers no button or command). */
  async welcome(context: Turn): Promise<void> {
    await sendAnswer(context, await this.showMenu(context, undefined, true));
  }

  /** The "flow.start" button (confirmed: leave the flow in progress). */
  async startButton(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const flowId = flowIdSchema.safeParse(action.value);
    if (!flowId.success) return this.showMenu(context, BOT_TEXTS.badAction);
    return this.startFlow(context, flowId.data, action.confirmed === 'ja');
  }

  /** The "flow.resume" button: the named flow's open run, or the most recent one. */
  async resumeButton(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const flowId = flowIdSchema.safeParse(action.value);
    return this.resume(context, flowId.success ? flowId.data : undefined);
  }

  /** Attachments sent while a flow some feature runs its own way is active; true when that feature took them. */
  async takeAttachments(context: Turn): Promise<boolean> {
    if (this.extensions.size === 0 || !hasAttachmentSources(context.activity.attachments)) return false;
    const dc = await this.dialogs.open(context);
    const extension = [...this.extensions.values()].find(
      (e) => dc.activeDialog?.id === FlowDialog.idFor(e.flowId),
    );
    if (!extension?.attachments) return false;
    const run = await this.runs.get(context, extension.flowId);
    return run ? extension.attachments(context, run) : false;
  }

  /** Text that is no command: an answer to the open dialog's question, a flow it suggests, or "not understood". */
  async unknownText(context: Turn): Promise<Answer | undefined> {
    const dc = await this.dialogs.open(context);
    if (dc.activeDialog) return dc.continueDialog();
    if (await this.suggestFlows(context)) return undefined;
    return messageAnswer(BOT_TEXTS.unknown);
  }

  /** A button inside a flow (answer, next, back, skip, escalate, go to, resend): for the active flow dialog. */
  async continueFlow(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const resent = action.action === 'flow.resend' ? await this.resendSummary(context, action) : undefined;
    if (resent) return resent.answer;
    const dc = await this.dialogs.open(context);
    if (dc.activeDialog) return dc.continueDialog();
    // No flow active (stopped, or an old card): show where that run is, marked as an old card.
    const all = await this.runs.all(context);
    const run = Object.values(all.runs).find((r) => r?.runId === action.ref);
    if (run && !run.finishedAt) {
      return dc.beginDialog(FlowDialog.idFor(run.flowId), { resume: true, notice: FLOW_TEXTS.staleCard });
    }
    return this.showMenu(context, 'Deze kaart is verlopen. Kies hieronder wat je wilt doen.');
  }

  /**
   * Free text ("help ik word bedreigd op instagram"): the flows whose words it holds, best first, with 112 first
   * when it sounds like danger now. False when nothing fits (the caller says it did not understand).
   */
  private async suggestFlows(context: Turn): Promise<boolean> {
    const ordered = FLOW_ORDER.map((id) => this.flows[id]);
    const routing = routeFreeText(context.activity.text, ordered);
    if (routing.flowIds.length === 0 && !routing.acute) return false;
    const flows = routing.flowIds.map((id) => this.flows[id]);
    await this.runs.expectTyped(context, undefined);
    // A new message, also while a flow's card waits for an answer (that card stays as it is).
    await sendCard(
      context,
      suggestionsCard({
        flows: flows.map((f) => ({ id: f.id, title: f.title, description: f.description })),
        acute: routing.acute,
      }),
    );
    return true;
  }

  /** "Zet samenvatting onderaan" on the summary of a finished run works later too, even while another flow is active. */
  private async resendSummary(
    context: Turn,
    action: CardAction,
  ): Promise<{ answer: Answer | undefined } | undefined> {
    const all = await this.runs.all(context);
    const run = Object.values(all.runs).find((r) => r?.runId === action.ref);
    if (!run?.finishedAt || action.step !== run.index || action.version !== run.version) return undefined;
    return this.dialogs.find(FlowDialog.idFor(run.flowId))?.resendSummary(context, run);
  }

  /** Starts a flow; asks first when a flow in progress holds answers (unless confirmed). */
  async startFlow(context: Turn, flowId: FlowId, confirmed = false): Promise<Answer | undefined> {
    const dc = await this.dialogs.open(context);
    // A flow in progress with answers in it: ask before leaving it ("verdergaan of opnieuw beginnen?").
    // The flow being left (the active one), or the flow being started again: either may hold answers.
    const activeId = Object.values(this.flows).find(
      (f) => FlowDialog.idFor(f.id) === dc.activeDialog?.id,
    )?.id;
    const busy = confirmed
      ? undefined
      : (activeId && (await this.runInProgress(context, activeId))) ||
        (await this.runInProgress(context, flowId));
    if (busy) {
      const flow = this.flows[busy.flowId];
      const question = confirmCard({
        title: BOT_TEXTS.switchTitle(flow.title),
        lines: [BOT_TEXTS.switchBody(flow.title, runPosition(flow, busy.index))],
        yes: {
          title: busy.flowId === flowId ? BOT_TEXTS.switchRestart : BOT_TEXTS.switchOther,
          data: { action: 'flow.start', value: flowId },
        },
        no: { title: BOT_TEXTS.switchContinue, data: { action: 'flow.resume', value: busy.flowId } },
      });
      await this.runs.expectTyped(context, undefined);
      return cardAnswer(question);
    }
    await dc.cancelAllDialogs();
    return dc.beginDialog(FlowDialog.idFor(flowId));
  }

  /** A flow's stored run when it is not finished and holds something the user filled in. */
  private async runInProgress(context: Turn, flowId: FlowId) {
    if (isReadOnly(this.flows[flowId])) return undefined;
    const run = await this.runs.get(context, flowId);
    if (!run || run.finishedAt || run.version !== this.flows[flowId].version) return undefined;
    return Object.keys(run.answers).length > 0 || run.clientCode ? run : undefined;
  }

  /** "Verder waar je was": the named flow's open run, or else the most recent open one. */
  async resume(context: Turn, flowId?: FlowId): Promise<Answer | undefined> {
    const named = flowId ? await this.runs.get(context, flowId) : undefined;
    const run = named && !named.finishedAt ? named : await this.runs.resumable(context);
    if (!run) return this.showMenu(context, BOT_TEXTS.nothingToResume);
    const dc = await this.dialogs.open(context);
    await dc.cancelAllDialogs();
    return dc.beginDialog(FlowDialog.idFor(run.flowId), { resume: true });
  }

  /** Stop promises only what the menu then offers: "verder waar je was" only for a run that can go on. */
  async stop(context: Turn): Promise<Answer> {
    const dc = await this.dialogs.open(context);
    const flow = Object.values(this.flows).find((f) => FlowDialog.idFor(f.id) === dc.activeDialog?.id);
    const run = flow ? await this.runs.get(context, flow.id) : undefined;
    let notice: string = BOT_TEXTS.stoppedPlain;
    if (flow && run && !run.finishedAt) {
      if (isReadOnly(flow)) await this.runs.forget(context, flow.id);
      else notice = BOT_TEXTS.stopped;
    }
    await dc.cancelAllDialogs();
    return this.showMenu(context, notice);
  }

  /** The menu, as the answer. */
  private async showMenu(context: Turn, notice?: string, welcome = false): Promise<Answer> {
    // Typed "ja" after the menu answers nothing behind it.
    await this.runs.expectTyped(context, undefined);
    const run = await this.runs.resumable(context);
    const resume = run
      ? {
          flowTitle: this.flows[run.flowId].title,
          where: runPosition(this.flows[run.flowId], run.index),
        }
      : undefined;
    return cardAnswer(
      menuCard({
        orgName: this.deps.config.org.configuredName || 'Baken',
        entries: menuEntries(),
        resume,
        notice,
        welcome,
      }),
    );
  }
}
