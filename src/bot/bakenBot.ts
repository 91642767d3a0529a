import {
  ActivityTypes,
  StatusCodes,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  teamsGetTeamInfo,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
// The dialog modules alone: the package index also loads its prompts' language recognizers (~16 MB of heap).
import type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import {
  PERSONAL_ONLY_VERBS,
  cardActionSchema,
  gatherFormFields,
  type CardAction,
} from '../../cards/actions';
import { confirmCard } from '../../cards/confirmCard';
import { menuCard } from '../../cards/menuCard';
import { messageCard } from '../../cards/messageCard';
import { suggestionsCard } from '../../cards/suggestionsCard';
import { setCurrentCardAction } from '../../dialogs/cardActionContext';
import { invokeCard, showCard } from '../../dialogs/cardReply';
import { FlowDialog, type FlowEscalationPort } from '../../dialogs/flowDialog';
import { FlowRunStore } from '../../dialogs/flowRunStore';
import { FLOW_TEXTS } from '../../dialogs/flowTexts';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { FLOW_ORDER, FLOWS } from '../flows';
import { routeFreeText } from '../flows/keywordRouting';
import { isReadOnly, runPosition } from '../flows/flowRun';
import { flowIdSchema, type Flow, type FlowId } from '../flows/flowSchema';
import { imageRefusedText } from '../flows/safetyTexts';
import type { Logger } from '../logger';
import { dialogStateSlot, flowRunsSlot, welcomedSlot } from '../storage/stateSlots';
import type { TeamStore } from '../teams/teamStore';
import { BOT_TEXTS } from './botTexts';
import { parseCommand } from './commands';
import { hasAttachmentSources } from './incidentAttachments';
import type { AftercareBotPort } from './aftercarePort';
import { INCIDENT_FLOW_ID, type IncidentBotPort } from './incidentPort';
import { menuEntries } from './menu';

/** Handlers for commands that belong to other parts (escalation, roles); optional until those exist. */
export interface BotExtensions {
  /** Handles the text commands that need roles or a team (meldkanaal, testmelding, managers). */
  onTeamCommand?(
    context: TurnContext,
    command: 'setEscalationChannel' | 'testEscalation' | 'managers',
  ): Promise<void>;
  /** Handles escalation and team card buttons (escalation.*, team.choose, team.addManager/removeManager). */
  onEscalationAction?(context: TurnContext, action: CardAction): Promise<void>;
  /** Lets flows escalate. */
  flowEscalation?: FlowEscalationPort;
}

/** The invokes Baken answers. */
const HANDLED_INVOKES = new Set(['adaptiveCard/action']);

/** An invoke answer that shows a short message to the person who pressed (Teams accepts a string here). */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

/** What the bot needs. */
export interface BakenBotDeps {
  config: Config;
  conversationState: ConversationState;
  teams: TeamStore;
  clock: Clock;
  logger: Logger;
  extensions?: BotExtensions;
  /** The guidance flows; defaults to FLOWS (tests pass changed copies, e.g. a flow with a newer version). */
  flows?: Record<FlowId, Flow>;
  /** The incident part (harassment of the staff member): its dialog, screenshots, buttons, "Mijn meldingen". */
  incidents?: IncidentBotPort;
  /** The aftercare part: "nazorg" and its buttons (checklists started by managers). */
  aftercare?: AftercareBotPort;
  /** `status` for admins: answers and returns true, or returns false for anyone else. */
  status?: { answer(context: TurnContext): Promise<boolean> };
}

/**
 * Maps Teams activities and card buttons to handlers: the menu, the flow dialogs, team installation and,
 * through extensions, escalation and roles. No card JSON and no storage calls of its own.
 */
export class BakenBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcomed: StatePropertyAccessor<boolean>;
  private readonly dialogs: DialogSet;
  private readonly runs: FlowRunStore;
  private readonly flows: Record<FlowId, Flow>;
  /** `npm run dev` only: the demo team is recorded (see demoTeamOnFirstContact). */
  private demoTeamKnown = false;

  constructor(private readonly deps: BakenBotDeps) {
    super();
    this.flows = deps.flows ?? FLOWS;
    this.dialogState = dialogStateSlot(deps.conversationState);
    this.welcomed = welcomedSlot(deps.conversationState);
    this.runs = new FlowRunStore(flowRunsSlot(deps.conversationState));
    this.dialogs = new DialogSet(this.dialogState);
    for (const flow of Object.values(this.flows)) {
      const flowDeps = {
        runs: this.runs,
        org: deps.config.org,
        clock: deps.clock,
        escalation: deps.extensions?.flowEscalation,
        onFreeText: (context: TurnContext) => this.suggestFlows(context),
      };
      this.dialogs.add(
        flow.id === INCIDENT_FLOW_ID && deps.incidents
          ? deps.incidents.createDialog(flow, flowDeps)
          : new FlowDialog(flow, flowDeps),
      );
    }

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.handleArrival(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId))
        await this.handleArrival(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const team = teamsGetTeamInfo(context.activity);
      if (team?.id) await this.deps.teams.recordRemoval(team.id);
      await next();
    });
  }

  /** Runs the turn and saves the conversation's state document once at the end. */
  override async run(context: TurnContext): Promise<void> {
    const type = context.activity.type;
    if (type === ActivityTypes.Message || type === ActivityTypes.Invoke)
      await this.demoTeamOnFirstContact(context);
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }

  /** After a failed turn: reloads the stored state and clears only the dialog stack; flow runs stay resumable. */
  async clearDialogState(context: TurnContext): Promise<void> {
    await this.deps.conversationState.load(context, true);
    await this.dialogState.delete(context);
    await this.deps.conversationState.saveChanges(context, true);
  }

  /**
   * Baken answers card buttons (Action.Execute) only. Any other invoke (task modules, message
   * extensions, search, sign-in, file consent: the manifest declares none) is a bad request: 400, before
   * botbuilder's handlers read its value unchecked (a TypeError) or answer 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (!HANDLED_INVOKES.has(context.activity.name ?? '')) {
      this.deps.logger.warn('invoke_not_handled', { activityId: context.activity.id });
      return { status: StatusCodes.BAD_REQUEST };
    }
    return super.onInvokeActivity(context);
  }

  /** Card buttons (Action.Execute): the answer replaces the pressed card, seen by who pressed. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const parsed = cardActionSchema.safeParse(
      gatherFormFields({ ...invokeValue.action?.data, action: invokeValue.action?.verb }),
    );
    if (!parsed.success) {
      this.deps.logger.warn('card_action_rejected', { activityId: context.activity.id });
      return messageResponse(BOT_TEXTS.badAction);
    }
    await this.handleCardAction(context, parsed.data);
    const card = invokeCard(context);
    if (card) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { ...card } };
    return messageResponse('OK');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const isPersonal = context.activity.conversation?.conversationType === 'personal';
    TurnContext.removeRecipientMention(context.activity);
    // Screenshots are taken only while the incident flow is active, in the 1:1 chat.
    if (isPersonal && (await this.takeIncidentAttachments(context))) return;
    if (this.hasImage(context)) {
      // Never downloaded, stored or forwarded: only the harassment flow accepts screenshots.
      await context.sendActivity(imageRefusedText(this.deps.config.org));
      return;
    }
    const value = context.activity.value;
    if (value !== undefined && value !== null) {
      const parsed = cardActionSchema.safeParse(gatherFormFields(value));
      if (!parsed.success) {
        await context.sendActivity(BOT_TEXTS.badAction);
        return;
      }
      await this.handleCardAction(context, parsed.data);
      return;
    }
    const command = parseCommand(context.activity.text);
    switch (command.kind) {
      case 'setEscalationChannel':
      case 'testEscalation':
      case 'managers':
        if (this.deps.extensions?.onTeamCommand)
          await this.deps.extensions.onTeamCommand(context, command.kind);
        else await context.sendActivity(BOT_TEXTS.comingSoon);
        return;
    }
    if (!isPersonal) {
      await context.sendActivity(BOT_TEXTS.channelHelp);
      return;
    }
    switch (command.kind) {
      case 'menu':
        return this.showMenu(context);
      case 'stop':
        return this.stop(context);
      case 'resume':
        return this.resume(context);
      case 'startFlow':
        return this.startFlow(context, command.flowId);
      case 'myIncidents':
        if (this.deps.incidents) return this.deps.incidents.showMine(context);
        await context.sendActivity(BOT_TEXTS.comingSoon);
        return;
      case 'aftercare':
        if (this.deps.aftercare) return this.deps.aftercare.showOverview(context, command.name);
        await context.sendActivity(BOT_TEXTS.comingSoon);
        return;
      case 'status':
        if (await this.deps.status?.answer(context)) return;
        // Not an admin: the same answer as any text Baken does not know.
        return this.unknownText(context);
      default:
        return this.unknownText(context);
    }
  }

  /** Text that is no command: an answer to the open dialog's question, a flow it suggests, or "not understood". */
  private async unknownText(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) {
      await dc.continueDialog();
      return;
    }
    if (await this.suggestFlows(context)) return;
    await context.sendActivity(BOT_TEXTS.unknown);
  }

  private async handleCardAction(context: TurnContext, action: CardAction): Promise<void> {
    setCurrentCardAction(context, action);
    if (
      PERSONAL_ONLY_VERBS.has(action.action) &&
      context.activity.conversation?.conversationType !== 'personal'
    ) {
      // A flow holds answers about a client: never run it in a channel's shared state or post its cards there.
      await this.channelHelp(context);
      return;
    }
    switch (action.action) {
      case 'menu.open':
        return this.showMenu(context);
      case 'flow.start': {
        const flowId = flowIdSchema.safeParse(action.value);
        if (!flowId.success) return this.showMenu(context, BOT_TEXTS.badAction);
        return this.startFlow(context, flowId.data, action.confirmed === 'ja');
      }
      case 'flow.resume': {
        const flowId = flowIdSchema.safeParse(action.value);
        return this.resume(context, flowId.success ? flowId.data : undefined);
      }
      case 'flow.stop':
        return this.stop(context);
      case 'escalation.ack':
      case 'escalation.resolve':
      case 'escalation.details':
      case 'escalation.timeline':
      case 'meldcode.answer':
      case 'team.choose':
      case 'team.addManager':
      case 'team.removeManager':
        if (this.deps.extensions?.onEscalationAction)
          await this.deps.extensions.onEscalationAction(context, action);
        else await context.sendActivity(BOT_TEXTS.comingSoon);
        return;
      case 'incident.list':
      case 'incident.open':
      case 'incident.edit':
      case 'incident.save':
      case 'incident.evidence':
      case 'incident.link':
      case 'incident.alarm':
        if (this.deps.incidents) return this.deps.incidents.onAction(context, action);
        await context.sendActivity(BOT_TEXTS.comingSoon);
        return;
      case 'aftercare.start':
      case 'aftercare.list':
      case 'aftercare.open':
      case 'aftercare.tick':
      case 'aftercare.notNeeded':
      case 'aftercare.reschedule':
      case 'aftercare.decline':
      case 'aftercare.accept':
        if (this.deps.aftercare) return this.deps.aftercare.onAction(context, action);
        await context.sendActivity(BOT_TEXTS.comingSoon);
        return;
      default:
        return this.continueFlow(context, action);
    }
  }

  /**
   * Free text ("help ik word bedreigd op instagram"): the flows whose words it holds, best first, with 112 first
   * when it sounds like danger now. False when nothing fits (the caller says it did not understand).
   */
  private async suggestFlows(context: TurnContext): Promise<boolean> {
    const ordered = FLOW_ORDER.map((id) => this.flows[id]);
    const routing = routeFreeText(context.activity.text, ordered);
    if (routing.flowIds.length === 0 && !routing.acute) return false;
    const flows = routing.flowIds.map((id) => this.flows[id]);
    await this.runs.expectTyped(context, undefined);
    await showCard(
      context,
      suggestionsCard({
        flows: flows.map((f) => ({ id: f.id, title: f.title, description: f.description })),
        acute: routing.acute,
      }),
      { newMessage: true },
    );
    return true;
  }

  /** What Baken does in a channel; to who pressed a button only, when it was a button. */
  private async channelHelp(context: TurnContext): Promise<void> {
    if (context.activity.type === 'invoke') {
      await showCard(context, messageCard({ title: 'Baken', text: BOT_TEXTS.channelHelp }));
      return;
    }
    await context.sendActivity(BOT_TEXTS.channelHelp);
  }

  /** Hands attachments to the incident part when its flow is the active dialog; true when it took them. */
  private async takeIncidentAttachments(context: TurnContext): Promise<boolean> {
    if (!this.deps.incidents || !hasAttachmentSources(context.activity.attachments)) return false;
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog?.id !== FlowDialog.idFor(INCIDENT_FLOW_ID)) return false;
    const run = await this.runs.get(context, INCIDENT_FLOW_ID);
    return run ? this.deps.incidents.onAttachments(context, run) : false;
  }

  private async continueFlow(context: TurnContext, action: CardAction): Promise<void> {
    if (action.action === 'flow.resend' && (await this.resendSummary(context, action))) return;
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) {
      await dc.continueDialog();
      return;
    }
    // No flow active (stopped, or an old card): show where that run is, marked as an old card.
    const all = await this.runs.all(context);
    const run = Object.values(all.runs).find((r) => r?.runId === action.ref);
    if (run && !run.finishedAt) {
      await dc.beginDialog(FlowDialog.idFor(run.flowId), { resume: true, notice: FLOW_TEXTS.staleCard });
      return;
    }
    await this.showMenu(context, 'Deze kaart is verlopen. Kies hieronder wat je wilt doen.');
  }

  /** "Zet samenvatting onderaan" on the summary of a finished run works later too, even while another flow is active. */
  private async resendSummary(context: TurnContext, action: CardAction): Promise<boolean> {
    const all = await this.runs.all(context);
    const run = Object.values(all.runs).find((r) => r?.runId === action.ref);
    if (!run?.finishedAt || action.step !== run.index || action.version !== run.version) return false;
    const dialog = this.dialogs.find(FlowDialog.idFor(run.flowId));
    return dialog instanceof FlowDialog && dialog.resendSummary(context, run);
  }

  private async startFlow(context: TurnContext, flowId: FlowId, confirmed = false): Promise<void> {
    const dc = await this.dialogs.createContext(context);
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
      await showCard(context, question);
      return;
    }
    await dc.cancelAllDialogs();
    await dc.beginDialog(FlowDialog.idFor(flowId));
  }

  /** A flow's stored run when it is not finished and holds something the user filled in. */
  private async runInProgress(context: TurnContext, flowId: FlowId) {
    if (isReadOnly(this.flows[flowId])) return undefined;
    const run = await this.runs.get(context, flowId);
    if (!run || run.finishedAt || run.version !== this.flows[flowId].version) return undefined;
    return Object.keys(run.answers).length > 0 || run.clientCode ? run : undefined;
  }

  /** "Verder waar je was": the named flow's open run, or else the most recent open one. */
  private async resume(context: TurnContext, flowId?: FlowId): Promise<void> {
    const named = flowId ? await this.runs.get(context, flowId) : undefined;
    const run = named && !named.finishedAt ? named : await this.runs.resumable(context);
    if (!run) return this.showMenu(context, BOT_TEXTS.nothingToResume);
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(FlowDialog.idFor(run.flowId), { resume: true });
  }

  /** Stop promises only what the menu then offers: "verder waar je was" only for a run that can go on. */
  private async stop(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const flow = Object.values(this.flows).find((f) => FlowDialog.idFor(f.id) === dc.activeDialog?.id);
    const run = flow ? await this.runs.get(context, flow.id) : undefined;
    let notice: string = BOT_TEXTS.stoppedPlain;
    if (flow && run && !run.finishedAt) {
      if (isReadOnly(flow)) await this.runs.forget(context, flow.id);
      else notice = BOT_TEXTS.stopped;
    }
    await dc.cancelAllDialogs();
    await this.showMenu(context, notice);
  }

  private async showMenu(context: TurnContext, notice?: string, welcome = false): Promise<void> {
    // Typed "ja" after the menu answers nothing behind it.
    await this.runs.expectTyped(context, undefined);
    const run = await this.runs.resumable(context);
    const resume = run
      ? {
          flowTitle: this.flows[run.flowId].title,
          where: runPosition(this.flows[run.flowId], run.index),
        }
      : undefined;
    await showCard(
      context,
      menuCard({
        orgName: this.deps.config.org.configuredName || 'Baken',
        entries: menuEntries(),
        resume,
        notice,
        welcome,
      }),
    );
  }

  /** Installation or first contact: personal → welcome card; team → remember the team and say hello. */
  private async handleArrival(context: TurnContext): Promise<void> {
    const conversationType = context.activity.conversation?.conversationType;
    if (conversationType === 'personal') {
      // Teams sends installationUpdate and conversationUpdate together on a personal install, and both turns
      // would read "not welcomed yet": only the conversationUpdate (bot added) welcomes.
      if (context.activity.type !== ActivityTypes.ConversationUpdate) return;
      if (await this.welcomed.get(context, false)) return;
      await this.welcomed.set(context, true);
      await this.showMenu(context, undefined, true);
      return;
    }
    const team = teamsGetTeamInfo(context.activity);
    if (!team?.id) return;
    const { isNew } = await this.recordTeam(context, team.id, team.name ?? '');
    this.deps.logger.info('team_installed', { activityId: context.activity.id, isNew });
    const demo = await this.prepareDemoTeam(team.id);
    if (isNew && context.activity.type !== ActivityTypes.Message)
      await context.sendActivity(demo ?? BOT_TEXTS.teamHello);
  }

  /** Records Baken in a team, reached through this turn's connector (the name asked from Teams when not given). */
  private async recordTeam(context: TurnContext, teamId: string, knownName: string) {
    let name = knownName;
    if (!name) {
      try {
        name = (await TeamsInfo.getTeamDetails(context, teamId)).name ?? '';
      } catch {
        name = '';
      }
    }
    return this.deps.teams.recordInstall(teamId, name, {
      serviceUrl: context.activity.serviceUrl,
      conversationId: teamId,
      tenantId: context.activity.conversation?.tenantId ?? context.activity.channelData?.tenant?.id,
      channelId: context.activity.channelId,
      botId: context.activity.recipient?.id,
      botName: context.activity.recipient?.name,
    });
  }

  /**
   * `npm run dev` only: the Playground tells Baken about its team only once someone opens the team, so a newcomer
   * who starts in the 1:1 chat would find "Baken is nog niet in je team". The first message records the demo team
   * through the same connector, as its installation would.
   */
  private async demoTeamOnFirstContact(context: TurnContext): Promise<void> {
    const demo = this.deps.config.devDemoTeam;
    if (!demo || !this.deps.config.localMode || this.demoTeamKnown) return;
    if (!(await this.deps.teams.get(demo.teamId))) {
      await this.recordTeam(context, demo.teamId, '');
      await this.prepareDemoTeam(demo.teamId);
    }
    this.demoTeamKnown = true;
  }

  /**
   * `npm run dev` only (DEV_DEMO_TEAM, local mode): the Playground's team gets its managers and its escalation
   * channel when Baken arrives, so a newcomer sees the whole product at once. Keeps what was set before.
   */
  private async prepareDemoTeam(teamId: string): Promise<string | undefined> {
    const demo = this.deps.config.devDemoTeam;
    if (!this.deps.config.localMode || demo?.teamId !== teamId) return undefined;
    const [first] = demo.managers;
    if (!first) return undefined;
    for (const manager of demo.managers) await this.deps.teams.addManager(teamId, manager, first);
    const team = await this.deps.teams.get(teamId);
    if (team && !team.escalationChannel)
      await this.deps.teams.setEscalationChannel(teamId, demo.channelId, demo.channelName, first);
    this.deps.logger.info('demo_team_prepared', {});
    return BOT_TEXTS.demoTeamReady(demo.channelName, demo.managers.map((m) => m.name).join(', '));
  }

  private hasImage(context: TurnContext): boolean {
    return (context.activity.attachments ?? []).some(
      (a) =>
        a.contentType?.startsWith('image/') ||
        (a.contentType === 'application/vnd.microsoft.teams.file.download.info' &&
          /\.(png|jpe?g|gif|bmp|webp|heic)$/i.test(a.name ?? '')),
    );
  }
}
