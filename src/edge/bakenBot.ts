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
import type { DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import { invokeResponseOf, messageResponse, sendAnswer } from './cardReply';
import { cardDataOf } from './cardData';
import type { Config } from '../config';
import { imageRefusedText } from '../flows/safetyTexts';
import type { Logger } from '../logger';
import { dialogStateSlot, welcomedSlot } from './stateSlots';
import { attachRosterSource, type RosterSource } from './turnRoster';
import type { TeamStore } from '../teams/teamStore';
import { BOT_TEXTS } from '../bot/botTexts';
import { parseCommand } from '../bot/commands';
import type { Router } from '../bot/router';
import { isPersonal } from '../bot/turnFacts';

/** The invokes Baken answers. */
const HANDLED_INVOKES = new Set(['adaptiveCard/action']);

/** What the bot needs. */
export interface BakenBotDeps {
  config: Config;
  conversationState: ConversationState;
  teams: TeamStore;
  logger: Logger;
  /** Dispatches card buttons and text commands to the features that registered them. */
  router: Router;
  /** Where the turn's roster look-ups go (see turnRoster). */
  roster: RosterSource;
}

/**
 * The Teams edge: turns activities into card actions, text commands and arrivals, and hands them to the router.
 * Records team installations; no feature logic, no card JSON and no verb names of its own.
 */
export class BakenBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcomed: StatePropertyAccessor<boolean>;
  /** `npm run dev` only: the demo team is recorded (see demoTeamOnFirstContact). */
  private demoTeamKnown = false;

  constructor(private readonly deps: BakenBotDeps) {
    super();
    this.dialogState = dialogStateSlot(deps.conversationState);
    this.welcomed = welcomedSlot(deps.conversationState);

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
    attachRosterSource(context, this.deps.roster);
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
    _invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    // The invoke value botbuilder checked is the activity's value: its data with its verb, read as the dialogs read it.
    const action = this.deps.router.parse(cardDataOf(context));
    if (!action) {
      this.deps.logger.warn('card_action_rejected', { activityId: context.activity.id });
      return messageResponse(BOT_TEXTS.badAction);
    }
    return invokeResponseOf(await this.deps.router.action(context, action));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    TurnContext.removeRecipientMention(context.activity);
    // Screenshots are taken only while the incident flow is active, in the 1:1 chat.
    if (isPersonal(context) && (await this.deps.router.attachments(context))) return;
    if (this.hasImage(context)) {
      // Never downloaded, stored or forwarded: only the harassment flow accepts screenshots.
      await context.sendActivity(imageRefusedText(this.deps.config.org));
      return;
    }
    const value = context.activity.value;
    if (value !== undefined && value !== null) {
      const action = this.deps.router.parse(value);
      if (!action) {
        await context.sendActivity(BOT_TEXTS.badAction);
        return;
      }
      await sendAnswer(context, await this.deps.router.action(context, action));
      return;
    }
    await sendAnswer(context, await this.deps.router.command(context, parseCommand(context.activity.text)));
  }

  /** Installation or first contact: personal → welcome; team → remember the team and say hello. */
  private async handleArrival(context: TurnContext): Promise<void> {
    const conversationType = context.activity.conversation?.conversationType;
    if (conversationType === 'personal') {
      // Teams sends installationUpdate and conversationUpdate together on a personal install, and both turns
      // would read "not welcomed yet": only the conversationUpdate (bot added) welcomes.
      if (context.activity.type !== ActivityTypes.ConversationUpdate) return;
      if (await this.welcomed.get(context, false)) return;
      await this.welcomed.set(context, true);
      await this.deps.router.welcome(context);
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
