import type { Turn } from '../src/edge/turn';
import type { AdaptiveCard } from '../cards/cardShell';
import { incidentSummaryCard, type IncidentSummaryView } from '../cards/incidents/incidentSummaryCard';
import type { FlowRun, StepAnswer } from '../src/flows/flowRun';
import type { AfterStepOutcome, AfterStepRefusal, EscalationRefusal } from '../src/flows/flowRunner';
import type { Flow, Step } from '../src/flows/flowSchema';
import { formFacts, NO_ANSWER, NOTHING_FILLED, SKIPPED_ANSWER } from '../src/flows/flowSummary';
import { ok, refused, type Outcome } from '../src/platform/outcome';
import type { IncidentRecord } from '../src/incidents/incidentRecord';
import type { IncidentActor, IncidentService } from '../src/incidents/incidentService';
import { INCIDENT_TEXTS, managersNotNotifiedText } from '../src/incidents/incidentTexts';
import { FlowDialog, type FlowDialogDeps } from './flowDialog';

/** The step and field where the reporter agrees to notify the managers. */
export const CONSENT = { step: 'bespreek', field: 'toestemming', yes: 'ja' } as const;

/** How notifying the managers ended: their status line, or why not (no escalation port here, or the port's reason). */
export type ManagersNotified = Outcome<{ status: string }, 'unavailable' | EscalationRefusal>;

/** What the incident dialog needs besides the flow runner's own needs. */
export interface IncidentDialogDeps extends FlowDialogDeps {
  incidents: IncidentService;
  /** The person of this turn (from Teams, never from card data). */
  actorOf(context: Turn): IncidentActor | undefined;
  /** The reporter's team, asked once when the incident is created. */
  teamFor(context: Turn): Promise<string | undefined>;
  /** Notifies the team's managers (with consent): a Dutch status line, or why it could not be done. */
  notifyManagers(context: Turn, record: IncidentRecord): Promise<ManagersNotified>;
}

/**
 * The incident flow (online harassment of the reporter) on the generic step runner: every step filled in or
 * skipped is written to the incident record (created at the first step), consent notifies the managers, and the
 * summary is built from the stored record, so a change from another device shows too.
 */
export class IncidentDialog extends FlowDialog {
  constructor(
    flow: Flow,
    private readonly incident: IncidentDialogDeps,
  ) {
    super(flow, incident);
  }

  /** Writes the step to the incident record; with consent, notifies the managers once. */
  protected override async afterStep(
    context: Turn,
    run: FlowRun,
    step: Step,
    answer: StepAnswer,
  ): Promise<AfterStepOutcome | undefined> {
    if (step.kind !== 'form') return undefined;
    const actor = this.incident.actorOf(context);
    if (!actor) return refused('refused');
    const start = {
      id: run.runId,
      flowVersion: this.flow.version,
      teamFor: () => this.incident.teamFor(context),
    };
    if (!(await this.incident.incidents.ensure(actor, start))) return refused('refused');
    const saved = await this.incident.incidents.recordStep(
      actor,
      run.runId,
      step.id,
      answer.skipped ? { skipped: true } : { fields: answer.fields ?? {} },
    );
    if (!saved.ok) return refused('refused');
    const consent = step.id === CONSENT.step && answer.fields?.[CONSENT.field] === CONSENT.yes;
    if (!consent || saved.record.sharedWithManagers) return ok();
    const notified = await this.incident.notifyManagers(context, saved.record);
    return ok({ notice: notified.ok ? notified.status : managersNotNotifiedText(notified.reason) });
  }

  /** Every refusal of `afterStep` is the reporter-only one. */
  protected override afterStepRefusalText(_reason: AfterStepRefusal): string {
    return INCIDENT_TEXTS.refused;
  }

  /** The summary from the stored record; every other step as the runner shows it. */
  protected override async cardFor(
    context: Turn,
    run: FlowRun,
    notice?: string,
  ): Promise<AdaptiveCard | undefined> {
    const step = this.flow.steps[run.index];
    const actor = this.incident.actorOf(context);
    if (step?.kind !== 'summary' || !actor) return super.cardFor(context, run, notice);
    const opened = await this.incident.incidents.open(actor, run.runId, {
      isManager: async () => false,
      candidateTeams: async () => [],
    });
    const record = opened.ok ? opened.record : undefined;
    const rows: IncidentSummaryView['rows'] = [];
    for (const s of this.flow.steps) {
      if (s.kind !== 'form') continue;
      const state = record?.steps[s.id];
      const facts = state?.status === 'ingevuld' ? formFacts(s, state.fields) : [];
      const skipped = state?.status === 'overgeslagen';
      const answer = skipped ? SKIPPED_ANSWER : state ? NOTHING_FILLED : NO_ANSWER;
      rows.push({
        stepId: s.id,
        title: s.title,
        source: s.source,
        answer,
        skipped,
        ...(facts.length > 0 ? { facts } : {}),
      });
    }
    return incidentSummaryCard({
      flowTitle: this.flow.title,
      runId: run.runId,
      version: this.flow.version,
      index: run.index,
      step,
      rows,
      evidence: record?.evidence ?? [],
      sharedStatus: record?.sharedWithManagers ? INCIDENT_TEXTS.managersNotified : undefined,
      org: this.deps.org,
      notice,
    });
  }
}
