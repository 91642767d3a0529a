import type { StateSlot, Turn } from '../edge/turn';
import type { CardAction } from '../../cards/actions';
import type { AdaptiveCard } from '../../cards/cardShell';
import { incidentCard } from '../../cards/incidents/incidentCard';
import { incidentListCard } from '../../cards/incidents/incidentListCard';
import { incidentStepCard } from '../../cards/incidents/incidentStepCard';
import { messageCard } from '../../cards/messageCard';
import { cardAnswer, refusalAnswer, type Answer } from '../bot/answer';
import type { FlowDialog, FlowDialogDeps, FlowEscalationPort } from '../../dialogs/flowDialog';
import { CONSENT, IncidentDialog, type ManagersNotified } from '../../dialogs/incidentDialog';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { EvidenceService } from './evidence/evidenceService';
import type { EscalationService } from '../escalation/escalationService';
import { ok, refused } from '../platform/outcome';
import type { RoleService } from '../platform/roles';
import type { FlowRun } from '../flows/flowRun';
import type { Flow } from '../flows/flowSchema';
import { SCREENSHOT_STEP } from '../flows/grensoverschrijdend';
import { checkFormFields } from '../flows/formValidation';
import { formRefusalText } from '../flows/flowTexts';
import type { Logger } from '../logger';
import type { ConversationSlots } from '../edge/stateSlots';
import type { IncidentRecord } from './incidentRecord';
import type { IncidentActor, IncidentService, ManagerCheck } from './incidentService';
import { INCIDENT_TEXTS as T, managersNotNotifiedText } from './incidentTexts';
import type { TeamStore } from '../teams/teamStore';
import { attachmentSources } from './incidentAttachments';
import { incidentDetails } from './incidentDetails';
import { liveManagerCheck } from '../bot/liveManagerCheck';
import { turnRoster } from '../edge/turnRoster';
import { readWithRoster } from '../bot/rosterRead';
import { knownTeam } from '../teams/teamChoice';
import { addressOf, isPersonal, personOf, personalAnswer } from '../bot/turnFacts';

/** Evidence up to this size is shown inline (a Teams message stays well under its ~100 KB limit). */
export const INLINE_MAX_BYTES = 64 * 1024;

/** What the incident handlers need. */
export interface IncidentHandlersDeps {
  config: Config;
  flow: Flow;
  incidents: IncidentService;
  evidence: EvidenceService;
  roles: RoleService;
  teams: TeamStore;
  /** The conversation state slots (the team chosen in a 1:1 chat). */
  slots: ConversationSlots;
  clock: Clock;
  logger: Logger;
  /** The escalation service, for "Trek aan de bel" (a new signal each time); absent in dialog tests. */
  escalations?: EscalationService;
  /** How the incident flow escalates (team choice, delivery): the same port as every flow. */
  flowEscalation?: FlowEscalationPort;
  /** Where one-time evidence links point (PUBLIC_URL, or the local server). */
  linkBase: () => string;
}

/** The incident flow's dialog, its screenshots and buttons, and "Mijn meldingen". */
export class IncidentHandlers {
  private readonly chosenTeam: StateSlot<string | undefined>;

  constructor(private readonly deps: IncidentHandlersDeps) {
    // The team a person chose when asked "Voor welk team?" (kept by the escalation part).
    this.chosenTeam = deps.slots.chosenTeam;
  }

  /** The incident dialog; it escalates through the same port as every flow (team choice, delivery). */
  createDialog(flow: Flow, flowDeps: FlowDialogDeps): FlowDialog {
    return new IncidentDialog(flow, {
      ...flowDeps,
      escalation: this.deps.flowEscalation,
      incidents: this.deps.incidents,
      actorOf: (context) => this.actorOf(context),
      teamFor: (context) => this.teamFor(context),
      notifyManagers: (context, record) => this.notifyManagers(context, record),
    });
  }

  /** Screenshots sent during the incident flow: stored as evidence, each confirmed with its hash or refused. */
  async onAttachments(context: Turn, run: FlowRun): Promise<boolean> {
    const sources = attachmentSources(context.activity.attachments);
    const actor = this.actorOf(context);
    if (sources.length === 0 || !actor) return false;
    // Only once the run has shown the Screenshot card, with its warning about sexual images: never before.
    const screenshotStep = this.deps.flow.steps.findIndex((step) => step.id === SCREENSHOT_STEP);
    if (run.index < screenshotStep) {
      await context.sendActivity(T.screenshotStepFirst);
      return true;
    }
    const outcomes = await this.deps.evidence.collect(
      actor,
      { id: run.runId, flowVersion: this.deps.flow.version, teamFor: () => this.teamFor(context) },
      sources,
    );
    const maxMb = (this.deps.config.evidence.maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
    const lines = outcomes.map((o) => {
      if (o.ok) return T.evidenceStored(o.ref.sha256, o.shared);
      if (o.reason === 'not_image') return T.notImage;
      if (o.reason === 'too_large') return T.tooLarge(maxMb);
      if (o.reason === 'too_many') return T.tooMany;
      if (o.reason === 'no_incident') return T.noIncident;
      return T.downloadFailed;
    });
    await context.sendActivity(lines.join('\n\n---\n\n'));
    return true;
  }

  /** The incident.* buttons: list, open, update a step, evidence inline or by link, "Trek aan de bel". */
  async onAction(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const actor = this.actorOf(context);
    if (!isPersonal(context) || !actor) {
      // Pressed in a channel: answered in the invoke (seen only by who pressed), never posted for everyone.
      return (
        personalAnswer(context, messageCard({ title: 'Baken', text: T.personalOnly })) ??
        refusalAnswer(T.personalOnly)
      );
    }
    const id = action.ref ?? '';
    switch (action.action) {
      case 'incident.list':
        return this.showMine(context);
      case 'incident.open':
        return this.open(context, actor, id);
      case 'incident.edit':
        return this.edit(context, actor, id, action.value ?? '');
      case 'incident.save':
        return this.save(context, actor, id, action);
      case 'incident.evidence':
        return this.showEvidence(context, actor, id, action.value ?? '');
      case 'incident.link':
        return this.link(context, actor, id, action.value ?? '');
      case 'incident.alarm':
        return this.alarm(context, actor, id);
      default:
        return this.showMine(context);
    }
  }

  /** "Mijn meldingen". */
  async showMine(context: Turn, notice?: string): Promise<Answer | undefined> {
    const actor = this.actorOf(context);
    if (!isPersonal(context) || !actor) {
      await context.sendActivity(T.personalOnly);
      return undefined;
    }
    const { own, team } = await this.deps.incidents.listFor(actor, this.managerCheck(context));
    return cardAnswer(incidentListCard({ own, team, flow: this.deps.flow, notice }), 'Baken: nieuwe melding');
  }

  private async open(
    context: Turn,
    actor: IncidentActor,
    id: string,
    notice?: string,
    noticeColor?: 'Good' | 'Attention',
  ): Promise<Answer | undefined> {
    const opened = await this.deps.incidents.open(actor, id, this.managerCheck(context));
    if (!opened.ok) return this.showMine(context, opened.reason === 'refused' ? T.refused : T.notFound);
    return this.show(this.card(opened.record, opened.role, notice, noticeColor));
  }

  private async edit(
    context: Turn,
    actor: IncidentActor,
    id: string,
    stepId: string,
  ): Promise<Answer | undefined> {
    const opened = await this.deps.incidents.open(actor, id, this.managerCheck(context));
    if (!opened.ok) return this.showMine(context, opened.reason === 'refused' ? T.refused : T.notFound);
    const step = this.deps.flow.steps.find((s) => s.id === stepId);
    if (opened.role !== 'reporter' || step?.kind !== 'form') {
      // A manager may read the incident, never change it: a refusal, audited.
      if (opened.role !== 'reporter')
        await this.deps.incidents.logRefusal('incident.edit', opened.record, actor);
      return this.show(this.card(opened.record, opened.role, T.reporterOnly));
    }
    return this.show(
      incidentStepCard({
        incidentId: id,
        revision: opened.record.revision,
        step,
        values: opened.record.steps[step.id]?.fields,
        org: this.deps.config.org,
      }),
    );
  }

  private async save(
    context: Turn,
    actor: IncidentActor,
    id: string,
    action: CardAction,
  ): Promise<Answer | undefined> {
    const step = this.deps.flow.steps.find((s) => s.id === action.value);
    const record = await this.deps.incidents.peek(id);
    if (!record) return this.showMine(context, T.notFound);
    if (record.reporter.aadObjectId !== actor.aadObjectId || step?.kind !== 'form') {
      await this.deps.incidents.logRefusal('incident.update_step', record, actor);
      return this.showMine(context, T.reporterOnly);
    }
    const checked = checkFormFields(step, action.fields, this.deps.clock.now().toISOString().slice(0, 10));
    if (!checked.ok) {
      const org = this.deps.config.org;
      const values = action.fields;
      return this.show(
        incidentStepCard({
          incidentId: id,
          revision: action.step ?? 0,
          step,
          values,
          org,
          notice: formRefusalText(checked),
        }),
      );
    }
    // Applied to the latest stored record: a change from another device in the meantime is kept.
    const saved = await this.deps.incidents.recordStep(actor, id, step.id, { fields: checked.fields }, true);
    if (!saved.ok) return this.showMine(context, saved.reason === 'refused' ? T.reporterOnly : T.notFound);
    let notice: string = T.updated;
    if (
      step.id === CONSENT.step &&
      checked.fields[CONSENT.field] === CONSENT.yes &&
      !saved.record.sharedWithManagers
    ) {
      const notified = await this.notifyManagers(context, saved.record);
      notice = notified.ok ? notified.status : managersNotNotifiedText(notified.reason);
    }
    return this.open(context, actor, id, notice, 'Good');
  }

  private async showEvidence(
    context: Turn,
    actor: IncidentActor,
    id: string,
    evidenceId: string,
  ): Promise<Answer | undefined> {
    const read = await this.deps.evidence.read(actor, id, evidenceId, this.managerCheck(context));
    if (!read.ok) {
      if (read.reason === 'refused') return this.showMine(context, T.refused);
      return this.open(context, actor, id, read.reason === 'damaged' ? T.damaged : T.evidenceGone);
    }
    if (read.ref.size > INLINE_MAX_BYTES) return this.open(context, actor, id, T.inlineTooLarge);
    await context.sendActivity({
      text: T.evidenceShown(read.ref.sha256),
      summary: 'Baken: nieuwe melding',
      attachments: [
        {
          contentType: read.ref.contentType,
          contentUrl: `data:${read.ref.contentType};base64,${read.bytes.toString('base64')}`,
          name: `screenshot-${read.ref.id}`,
        },
      ],
    });
    return this.open(context, actor, id);
  }

  private async link(
    context: Turn,
    actor: IncidentActor,
    id: string,
    evidenceId: string,
  ): Promise<Answer | undefined> {
    const issued = await this.deps.evidence.issueLink(actor, id, evidenceId, this.managerCheck(context));
    if (!issued.ok) {
      if (issued.reason === 'refused') return this.showMine(context, T.refused);
      return this.open(context, actor, id, T.evidenceGone);
    }
    const url = `${this.deps.linkBase().replace(/\/+$/, '')}/evidence/${issued.token}`;
    return this.open(context, actor, id, T.linkIssued(url), 'Good');
  }

  /** "Trek aan de bel": the reporter sends the managers a new signal (the first time: with consent, as a notice). */
  private async alarm(context: Turn, actor: IncidentActor, id: string): Promise<Answer | undefined> {
    const opened = await this.deps.incidents.open(actor, id, this.managerCheck(context));
    if (!opened.ok) return this.showMine(context, opened.reason === 'refused' ? T.refused : T.notFound);
    const { record } = opened;
    if (opened.role !== 'reporter') {
      await this.deps.incidents.logRefusal('incident.alarm', record, actor);
      return this.show(this.card(record, opened.role, T.reporterOnly));
    }
    if (!record.sharedWithManagers) {
      const notified = await this.notifyManagers(context, record);
      return this.open(
        context,
        actor,
        id,
        notified.ok ? notified.status : managersNotNotifiedText(notified.reason),
        notified.ok ? 'Good' : 'Attention',
      );
    }
    const person = personOf(context);
    if (!this.deps.escalations || !person) return this.open(context, actor, id, T.escalationUnavailable);
    const count = record.escalations.filter((e) => e.reason === 'alarm').length + 1;
    const escalation = await this.deps.escalations.escalate({
      kind: 'grensoverschrijdend_gedrag_medewerker',
      urgency: 'hoog',
      teamId: record.teamId,
      reporter: person,
      recordId: `${record.id}-bel-${count}`,
      details: incidentDetails(record, this.deps.flow),
      origin: addressOf(context),
      conversationId: context.activity.conversation?.id,
    });
    await this.deps.incidents.noteEscalation(actor, record.id, { id: escalation.id, reason: 'alarm' });
    return this.open(context, actor, id, T.alarmSent, 'Good');
  }

  /** With consent: one escalation through the flows' port (it picks the team and delivers), noted on the record. */
  private async notifyManagers(context: Turn, record: IncidentRecord): Promise<ManagersNotified> {
    const actor = this.actorOf(context);
    if (!this.deps.flowEscalation || !actor) return refused('unavailable');
    const result = await this.deps.flowEscalation.escalate(context, {
      kind: 'grensoverschrijdend_gedrag_medewerker',
      urgency: 'normaal',
      runId: record.id,
    });
    if (!result.ok) return result;
    const teamId = (await this.deps.escalations?.get(result.escalationId))?.teamId;
    await this.deps.incidents.noteEscalation(actor, record.id, {
      id: result.escalationId,
      reason: 'consent',
      teamId,
    });
    return ok({ status: `${result.status} ${T.managersNotified}` });
  }

  private card(
    record: IncidentRecord,
    role: 'reporter' | 'manager',
    notice?: string,
    noticeColor?: 'Good' | 'Attention',
  ): AdaptiveCard {
    const { flow, config } = this.deps;
    return incidentCard({
      record,
      flow,
      role,
      org: config.org,
      timeZone: config.timeZone,
      notice,
      noticeColor,
    });
  }

  /** An incident card as the answer (its preview neutral when it is sent as a message). */
  private show(card: AdaptiveCard): Answer {
    return cardAnswer(card, 'Baken: nieuwe melding');
  }

  private actorOf(context: Turn): IncidentActor | undefined {
    const person = personOf(context);
    return person ? { ...person, conversationId: context.activity.conversation?.id } : undefined;
  }

  /** One team → that one; several → the one chosen before ("Voor welk team?"); otherwise none yet. */
  private async teamFor(context: Turn): Promise<string | undefined> {
    const person = personOf(context);
    if (!person) return undefined;
    const read = await readWithRoster(context, this.deps.logger, async () => {
      const teams = await this.deps.roles.teamsOf(person, turnRoster(context));
      return (await knownTeam(context, this.chosenTeam, teams))?.teamId;
    });
    return read.ok ? read.value : undefined;
  }

  /** Managers of a team, checked live at this moment (see liveManagerCheck). */
  private managerCheck(context: Turn): ManagerCheck {
    return liveManagerCheck(context, this.deps);
  }
}
