import { confirmCard } from '../../cards/confirmCard';
import type { StateSlot, Turn } from '../edge/turn';
import type { CardAction } from '../../cards/actions';
import { sendCard } from '../edge/cardReply';
import { cardAnswer, messageAnswer, type Answer } from '../bot/answer';
import { messageCard } from '../../cards/messageCard';
import { teamChoiceCard } from '../../cards/teams/teamChoiceCard';
import { teamManagersCard } from '../../cards/teams/teamManagersCard';
import type { EscalationService } from '../escalation/escalationService';
import { ESCALATION_TEXTS as T } from '../escalation/escalationTexts';
import { reporterStatusLine } from '../escalation/escalationViews';
import { canManage, type Person, type Role, type RoleService, type RosterPort } from '../platform/roles';
import type { Logger } from '../logger';
import type { AuditTrail, Auditor } from '../storage/auditTrail';
import type { TeamStore } from './teamStore';
import type { PersonalMessenger } from '../bot/personalMessenger';
import { teamOf } from '../edge/teamInfo';
import { turnRoster } from '../edge/turnRoster';
import { readWithRoster } from '../bot/rosterRead';
import { knownTeam } from './teamChoice';
import { addressOf, isPersonal, personOf, personalAnswer } from '../bot/turnFacts';

/** What the team commands need. */
export interface TeamCommandsDeps {
  teams: TeamStore;
  roles: RoleService;
  escalations: EscalationService;
  messenger: PersonalMessenger;
  audit: AuditTrail;
  logger: Logger;
  timeZone: string;
  /** The user's chosen team (1:1 conversation state), asked once when they are in several teams. */
  chosenTeam: StateSlot<string | undefined>;
}

/** The team a command is about, or why there is none. */
type TeamPick = { teamId: string; name: string } | { none: 'asked' | 'noTeam' | 'roster' };

/** The person's role when they may manage the team, or the refusal's answer (undefined: sent to their 1:1 chat). */
type RoleCheck = { role: 'manager' | 'admin' } | { refusal: Answer | undefined };

/**
 * Team set-up and the manager commands: "@Baken meldkanaal", "testmelding", "managers", and the team choice.
 * Every manager-only step checks the live roster; a refusal is seen only by who asked, and is audited.
 */
export class TeamCommands {
  constructor(private readonly deps: TeamCommandsDeps) {}

  /** "@Baken meldkanaal" in a channel: that channel becomes the team's escalation channel. */
  async setEscalationChannel(context: Turn): Promise<Answer | undefined> {
    const activity = context.activity;
    const team = teamOf(context);
    const channel = (activity.channelData as { channel?: { id?: unknown; name?: unknown } } | undefined)
      ?.channel;
    const channelId = typeof channel?.id === 'string' ? channel.id : undefined;
    const person = personOf(context);
    if (activity.conversation?.conversationType !== 'channel' || !team?.id || !channelId || !person) {
      return messageAnswer(T.channelOnly);
    }
    if (!(await this.deps.teams.get(team.id))) {
      await this.deps.teams.recordInstall(team.id, team.name ?? '', {
        ...addressOf(context),
        conversationId: team.id,
        channelId: activity.channelId,
        botName: activity.recipient?.name,
      });
    }
    const check = await this.roleOrRefuse(context, team.id, person, 'team.set_escalation_channel');
    if ('refusal' in check) return check.refusal;
    const { role } = check;
    const channelName = typeof channel?.name === 'string' ? channel.name.slice(0, 200) : '';
    await this.deps.teams.setEscalationChannel(team.id, channelId, channelName, {
      aadObjectId: person.aadObjectId,
      name: person.name,
    });
    await this.audit(context, person, role, 'team.set_escalation_channel', team.id, 'ok');
    return messageAnswer(T.channelSet);
  }

  /** "testmelding": a manager sends a test escalation so the whole path can be seen. */
  async testEscalation(context: Turn): Promise<Answer | undefined> {
    const person = personOf(context);
    if (!person) return this.say(context, T.noTeamForCommand);
    const pick = await this.managedTeam(context, person);
    if ('none' in pick) {
      if (pick.none === 'noTeam')
        await this.audit(context, person, undefined, 'escalation.test', undefined, 'refused');
      if (pick.none === 'asked') return undefined;
      return this.say(context, pick.none === 'roster' ? T.tryAgain : T.noTeamForCommand);
    }
    const check = await this.roleOrRefuse(context, pick.teamId, person, 'escalation.test');
    if ('refusal' in check) return check.refusal;
    const { role } = check;
    const record = await this.deps.escalations.escalate({
      kind: 'test',
      urgency: 'normaal',
      teamId: pick.teamId,
      reporter: person,
      origin: addressOf(context),
      conversationId: context.activity.conversation?.id,
      reporterRole: role,
    });
    return this.say(context, T.testSent(reporterStatusLine(record, pick.name, this.deps.timeZone)));
  }

  /** "managers": the team's members, with buttons to add or remove managers. */
  async showManagers(context: Turn, notice?: string, teamIdFromCard?: string): Promise<Answer | undefined> {
    const person = personOf(context);
    if (!person) return this.say(context, T.noTeamForCommand);
    const pick: TeamPick = teamIdFromCard
      ? { teamId: teamIdFromCard, name: (await this.deps.teams.get(teamIdFromCard))?.name ?? '' }
      : await this.managedTeam(context, person);
    if ('none' in pick) {
      if (pick.none === 'noTeam')
        await this.audit(context, person, undefined, 'team.view_managers', undefined, 'refused');
      if (pick.none === 'asked') return undefined;
      return this.say(context, pick.none === 'roster' ? T.tryAgain : T.noTeamForCommand);
    }
    const check = await this.roleOrRefuse(context, pick.teamId, person, 'team.view_managers');
    if ('refusal' in check) return check.refusal;
    const { role } = check;
    // Typed in a channel: the member list and its buttons belong in the 1:1 chat, not in front of the team.
    if (!isPersonal(context) && context.activity.type === 'message') {
      await this.audit(context, person, role, 'team.managers_redirect', pick.teamId, 'ok');
      return this.say(context, T.managersAskInChat);
    }
    const team = await this.deps.teams.get(pick.teamId);
    const read = await readWithRoster(context, this.deps.logger, () =>
      turnRoster(context).members(pick.teamId),
    );
    if (!read.ok) return this.say(context, T.managersEmptyRoster);
    const roster = read.value;
    const managers = new Set(team?.managers.map((m) => m.aadObjectId) ?? []);
    const card = teamManagersCard({
      teamId: pick.teamId,
      teamName: pick.name,
      members: roster
        .filter((m) => m.userRole !== 'guest')
        .map((m) => ({ aadObjectId: m.aadObjectId, name: m.name, isManager: managers.has(m.aadObjectId) })),
      notice,
    });
    await this.audit(context, person, role, 'team.view_managers', pick.teamId, 'ok');
    // In place for a button; as a new card in the 1:1 chat (typed in a channel it was redirected above).
    return cardAnswer(card);
  }

  /** The "Maak leidinggevende" / "Haal weg" buttons. */
  async changeManager(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const person = personOf(context);
    const teamId = action.ref;
    const targetId = action.value;
    if (!person || !teamId || !targetId) return this.say(context, T.notFound);
    const verb = action.action === 'team.addManager' ? 'team.add_manager' : 'team.remove_manager';
    const check = await this.roleOrRefuse(context, teamId, person, verb, targetId);
    if ('refusal' in check) return check.refusal;
    const { role } = check;
    const roster: RosterPort = turnRoster(context);
    let notice: string;
    if (action.action === 'team.addManager') {
      const read = await readWithRoster(context, this.deps.logger, () => roster.member(teamId, targetId));
      // The roster cannot be read now: say so, never that the person left the team.
      if (!read.ok) return this.say(context, T.rosterUnreadable);
      const member = read.value;
      if (!member || member.userRole === 'guest' || member.aadObjectId !== targetId) {
        await this.audit(context, person, role, verb, teamId, 'refused', targetId);
        return this.showManagers(context, T.managerNotMember, teamId);
      }
      await this.deps.teams.addManager(
        teamId,
        { aadObjectId: member.aadObjectId, name: member.name },
        person,
      );
      notice = T.managerAdded(member.name);
    } else {
      const team = await this.deps.teams.get(teamId);
      const name = team?.managers.find((m) => m.aadObjectId === targetId)?.name ?? '';
      // Removing someone cannot be undone by them: ask once more; "nee" goes back to the list unchanged.
      if (action.confirmed === 'nee') return this.showManagers(context, undefined, teamId);
      if (action.confirmed !== 'ja') {
        const data = { action: 'team.removeManager', ref: teamId, value: targetId } as const;
        const card = confirmCard({
          title: T.managerRemoveConfirmTitle(name || 'Deze persoon'),
          lines: [...T.managerRemoveConfirmLines],
          yes: { title: T.managerRemoveConfirmYes, data },
          no: { title: T.managerRemoveConfirmNo, data },
        });
        // Only ever to who pressed: posted as a message only in their own 1:1 chat.
        return personalAnswer(context, card);
      }
      await this.deps.teams.removeManager(teamId, targetId);
      notice = T.managerRemoved(name);
    }
    await this.audit(context, person, role, verb, teamId, 'ok', targetId);
    return this.showManagers(context, notice, teamId);
  }

  /** "Voor welk team?": remembers the chosen team for this user. */
  async chooseTeam(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const person = personOf(context);
    if (!person || !action.value) return this.say(context, T.notFound);
    const teams = await this.deps.roles.teamsOf(person, turnRoster(context));
    const chosen = teams.find((t) => t.teamId === action.value);
    if (!chosen) return personalAnswer(context, teamChoiceCard({ teams, notice: T.notFound }));
    await this.deps.chosenTeam.set(context, chosen.teamId);
    return personalAnswer(
      context,
      teamChoiceCard({ teams, notice: T.teamChosen(chosen.name || 'Het team') }),
    );
  }

  /**
   * Picks the team for a user who may be in several: the chosen one when still valid, the only one, or asks once
   * ("Voor welk team?") and returns 'asked'.
   */
  async pickTeam(context: Turn, teams: Array<{ teamId: string; name: string }>): Promise<TeamPick> {
    if (teams.length === 0) return { none: 'noTeam' };
    const known = await knownTeam(context, this.deps.chosenTeam, teams);
    if (known) return known;
    // A new message: during a card press the pressed card stays the caller's to answer.
    await sendCard(context, teamChoiceCard({ teams }));
    return { none: 'asked' };
  }

  /** In a channel its team; in 1:1 chat the team (of several: the chosen one) where the person may manage. */
  private async managedTeam(context: Turn, person: Person): Promise<TeamPick> {
    const team = teamOf(context);
    if (!isPersonal(context)) {
      if (!team?.id) return { none: 'noTeam' };
      return { teamId: team.id, name: (await this.deps.teams.get(team.id))?.name ?? team.name ?? '' };
    }
    const read = await readWithRoster(context, this.deps.logger, () =>
      this.deps.roles.teamsOf(person, turnRoster(context)),
    );
    if (!read.ok) return { none: 'roster' };
    return this.pickTeam(
      context,
      read.value.filter((t) => canManage(t.role)),
    );
  }

  /** The person's role when they may manage the team; otherwise the refusal (seen only by them), audited. */
  private async roleOrRefuse(
    context: Turn,
    teamId: string,
    person: Person,
    action: string,
    targetAadObjectId?: string,
  ): Promise<RoleCheck> {
    const read = await readWithRoster(context, this.deps.logger, () =>
      this.deps.roles.roleIn(teamId, person, turnRoster(context)),
    );
    if (!read.ok) return { refusal: this.say(context, T.tryAgain) };
    const role = read.value;
    if (canManage(role)) return { role };
    await this.audit(context, person, role, action, teamId, 'refused', targetAadObjectId);
    const refusal = personalAnswer(context, messageCard({ title: 'Baken', text: T.refusedManagerOnly }));
    // In a channel: the refusal goes to who asked in their 1:1 chat (a proactive send), nothing for everyone.
    if (!refusal) await this.deps.messenger.refuse(context);
    return { refusal };
  }

  /** A short line to who asked: a card in place or in the 1:1 chat, plain text in a channel. */
  private say(context: Turn, text: string): Answer {
    return personalAnswer(context, messageCard({ title: 'Baken', text })) ?? messageAnswer(text);
  }

  private async audit(
    context: Turn,
    person: Person,
    role: Role | undefined,
    action: string,
    /** Undefined when the person manages no team at all (a refused manager command in the 1:1 chat). */
    teamId: string | undefined,
    outcome: 'ok' | 'refused',
    targetAadObjectId?: string,
  ): Promise<void> {
    const by: Auditor = {
      ...person,
      conversationId: context.activity.conversation?.id,
      role: role ?? 'unknown',
    };
    const subject = {
      action,
      objectType: targetAadObjectId ? 'teamManager' : 'team',
      objectId: targetAadObjectId ? `${teamId ?? ''}/${targetAadObjectId}` : (teamId ?? ''),
      teamId,
    };
    await this.deps.audit.write(subject, by, outcome);
  }
}
