import type { Clock } from '../clock';
import { ok, refused, type Outcome } from '../platform/outcome';
import type { AuditEntry, AuditSubject } from '../storage/auditLog';
import type { AuditTrail } from '../storage/auditTrail';
import {
  LIST_LIMIT,
  type EvidenceRef,
  type IncidentPerson,
  type IncidentRecord,
  type IncidentTimelineEntry,
} from './incidentRecord';
import type { IncidentStore } from './incidentStore';

/** Someone acting on incidents, from the turn (never from card data), with the conversation for the audit log. */
export interface IncidentActor extends IncidentPerson {
  conversationId?: string;
}

/** Answers whether someone is a manager of a team right now (team record and live roster). */
export interface ManagerCheck {
  isManager(teamId: string, person: IncidentPerson): Promise<boolean>;
  /** The teams the person may manage (from the team records, not yet checked live): only these are looked at. */
  candidateTeams(person: IncidentPerson): Promise<string[]>;
}

/** The teams of the candidates the person manages now (each checked live, all at once). */
export async function managedTeams(managers: ManagerCheck, person: IncidentPerson): Promise<string[]> {
  const candidates = await managers.candidateTeams(person);
  const checks = await Promise.all(candidates.map((teamId) => managers.isManager(teamId, person)));
  return candidates.filter((_, i) => checks[i]);
}

/** How a viewer may see an incident: as its reporter, or as a manager of its team. */
export type IncidentRole = 'reporter' | 'manager';

/** A read that was allowed, or why not. */
export type IncidentAccess = Outcome<{ record: IncidentRecord; role: IncidentRole }, 'not_found' | 'refused'>;

/** What starting an incident needs: its id (the flow run's), the flow version and how to find the team. */
export interface IncidentStart {
  id: string;
  flowVersion: number;
  /** Called once, when the incident is created: the reporter's team, if any. */
  teamFor: () => Promise<string | undefined>;
}

const MAX_TIMELINE = 1000;

/** Appends a line, keeping the first ("created") and the latest lines within the schema's limit. */
function withLine(timeline: IncidentTimelineEntry[], entry: IncidentTimelineEntry): IncidentTimelineEntry[] {
  const next = [...timeline, entry];
  return next.length <= MAX_TIMELINE
    ? next
    : [next[0] as IncidentTimelineEntry, ...next.slice(-(MAX_TIMELINE - 1))];
}

/**
 * Incidents without botbuilder types: created when the flow starts collecting facts, changed with ETag-checked
 * updates (another device or process never loses a change), read only by the reporter and, once shared, the
 * team's managers. Every read and change is written to the audit log, without free text.
 */
export class IncidentService {
  constructor(
    private readonly store: IncidentStore,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** The incident, creating it for the reporter when it does not exist yet. Undefined when it is someone else's. */
  async ensure(actor: IncidentActor, start: IncidentStart): Promise<IncidentRecord | undefined> {
    const existing = await this.store.get(start.id);
    if (existing) return existing.reporter.aadObjectId === actor.aadObjectId ? existing : undefined;
    const teamId = await start.teamFor();
    const now = this.clock.now().toISOString();
    let created = false;
    const stored = await this.store.update(start.id, (current) => {
      if (current) return undefined;
      created = true;
      return {
        id: start.id,
        schemaVersion: 1,
        flowVersion: start.flowVersion,
        reporter: { aadObjectId: actor.aadObjectId, name: actor.name, userId: actor.userId },
        teamId,
        status: 'open',
        sharedWithManagers: false,
        steps: {},
        evidence: [],
        escalations: [],
        timeline: [{ at: now, actorId: actor.aadObjectId, action: 'created' }],
        createdAt: now,
        updatedAt: now,
        revision: 0,
      };
    });
    if (created && stored)
      await this.audit.write(incidentSubject('incident.create', stored), { ...actor, role: 'staff' });
    return stored && stored.reporter.aadObjectId === actor.aadObjectId ? stored : undefined;
  }

  /**
   * Records a step the reporter filled in or skipped (in the flow, or later from "Mijn meldingen"). Only the
   * fields of that step change, applied to the latest stored record.
   */
  async recordStep(
    actor: IncidentActor,
    id: string,
    stepId: string,
    answer: { fields: Record<string, string> } | { skipped: true },
    later = false,
  ): Promise<IncidentAccess> {
    const now = this.clock.now().toISOString();
    let notReporter = false;
    const stored = await this.store.update(id, (current) => {
      if (!current) return undefined;
      if (current.reporter.aadObjectId !== actor.aadObjectId) {
        notReporter = true;
        return undefined;
      }
      const skipped = 'skipped' in answer;
      // A skip never erases what was filled in before (e.g. on another device).
      const before = current.steps[stepId];
      const step =
        skipped && before?.status === 'ingevuld'
          ? before
          : {
              status: skipped ? ('overgeslagen' as const) : ('ingevuld' as const),
              fields: skipped ? {} : answer.fields,
              updatedAt: now,
              updatedBy: actor.aadObjectId,
            };
      const action = later ? 'step_updated' : skipped ? 'step_skipped' : 'step_filled';
      return {
        ...current,
        steps: { ...current.steps, [stepId]: step },
        timeline: withLine(current.timeline, { at: now, actorId: actor.aadObjectId, action, ref: stepId }),
        updatedAt: now,
        revision: current.revision + 1,
      };
    });
    if (!stored) return refused('not_found');
    if (notReporter) {
      await this.audit.write(
        incidentSubject('incident.update_step', stored),
        { ...actor, role: 'unknown' },
        'refused',
      );
      return refused('refused');
    }
    await this.audit.write(incidentSubject('incident.update_step', stored), { ...actor, role: 'staff' });
    return ok({ record: stored, role: 'reporter' });
  }

  /** Adds stored evidence to the reporter's incident. */
  async addEvidence(
    actor: IncidentActor,
    id: string,
    evidence: EvidenceRef,
  ): Promise<IncidentRecord | undefined> {
    const stored = await this.store.update(id, (current) => {
      if (!current || current.reporter.aadObjectId !== actor.aadObjectId) return undefined;
      if (current.evidence.some((e) => e.id === evidence.id)) return undefined;
      return {
        ...current,
        evidence: [...current.evidence, evidence],
        timeline: withLine(current.timeline, {
          at: evidence.uploadedAt,
          actorId: actor.aadObjectId,
          action: 'evidence_added',
          ref: evidence.id,
        }),
        updatedAt: evidence.uploadedAt,
        revision: current.revision + 1,
      };
    });
    if (stored)
      await this.audit.write(incidentSubject('incident.evidence_add', stored), { ...actor, role: 'staff' });
    return stored;
  }

  /** Records an escalation made for the incident; from then on the team's managers may read it. */
  async noteEscalation(
    actor: IncidentActor,
    id: string,
    escalation: { id: string; reason: 'consent' | 'alarm'; teamId?: string },
  ): Promise<IncidentRecord | undefined> {
    const now = this.clock.now().toISOString();
    const stored = await this.store.update(id, (current) => {
      if (!current || current.reporter.aadObjectId !== actor.aadObjectId) return undefined;
      if (current.escalations.some((e) => e.id === escalation.id)) return undefined;
      return {
        ...current,
        teamId: current.teamId ?? escalation.teamId,
        sharedWithManagers: true,
        escalations: [
          ...current.escalations,
          { id: escalation.id, at: now, reason: escalation.reason },
        ].slice(-50),
        timeline: withLine(current.timeline, {
          at: now,
          actorId: actor.aadObjectId,
          action: escalation.reason === 'alarm' ? 'alarm' : 'managers_notified',
          ref: escalation.id,
        }),
        updatedAt: now,
        revision: current.revision + 1,
      };
    });
    if (stored)
      await this.audit.write(incidentSubject(`incident.escalate_${escalation.reason}`, stored), {
        ...actor,
        role: 'staff',
      });
    return stored;
  }

  /** Opens an incident for a viewer (the reporter, or a manager of its team once shared); audited either way. */
  async open(
    viewer: IncidentActor,
    id: string,
    managers: ManagerCheck,
    action = 'incident.read',
  ): Promise<IncidentAccess> {
    const record = await this.store.get(id);
    if (!record) {
      await this.audit.write(
        { action, objectType: 'incident', objectId: id },
        { ...viewer, role: 'unknown' },
        'refused',
      );
      return refused('not_found');
    }
    const role = await this.roleOf(viewer, record, managers);
    await this.audit.write(
      incidentSubject(action, record),
      { ...viewer, role: role === 'reporter' ? 'staff' : (role ?? 'unknown') },
      role ? 'ok' : 'refused',
    );
    return role ? ok({ record, role }) : refused('refused');
  }

  /**
   * The viewer's own incidents, and the open shared incidents of the teams they manage. Each incident listed is
   * a read, and audited as one.
   */
  async listFor(
    viewer: IncidentActor,
    managers: ManagerCheck,
  ): Promise<{ own: IncidentRecord[]; team: IncidentRecord[] }> {
    // Only what is shown is read: the viewer's own incidents, and the open shared ones of teams they manage.
    const [own, teams] = await Promise.all([
      this.store.reportedBy(viewer.aadObjectId, LIST_LIMIT),
      managedTeams(managers, viewer),
    ]);
    const team = (await Promise.all(teams.map((teamId) => this.store.openSharedOf(teamId, LIST_LIMIT))))
      .flat()
      .filter((r) => r.reporter.aadObjectId !== viewer.aadObjectId);
    const newestFirst = (a: IncidentRecord, b: IncidentRecord) => b.createdAt.localeCompare(a.createdAt);
    own.sort(newestFirst);
    team.sort(newestFirst);
    for (const record of own)
      await this.audit.write(incidentSubject('incident.list', record), { ...viewer, role: 'staff' });
    for (const record of team)
      await this.audit.write(incidentSubject('incident.list', record), { ...viewer, role: 'manager' });
    return { own, team };
  }

  /** The incident without an access check or audit entry: for callers that check access and audit themselves. */
  async peek(id: string): Promise<IncidentRecord | undefined> {
    return this.store.get(id);
  }

  /** How the viewer may see the incident, or undefined. */
  async roleOf(
    viewer: IncidentPerson,
    record: IncidentRecord,
    managers: ManagerCheck,
  ): Promise<IncidentRole | undefined> {
    if (record.reporter.aadObjectId === viewer.aadObjectId) return 'reporter';
    if (record.sharedWithManagers && record.teamId && (await managers.isManager(record.teamId, viewer)))
      return 'manager';
    return undefined;
  }

  /** Appends an audit entry about evidence of an incident (views, links), for the evidence service. */
  async logEvidence(
    action: string,
    incidentId: string,
    teamId: string | undefined,
    evidenceId: string,
    actor: IncidentActor,
    role: AuditEntry['role'],
    outcome: 'ok' | 'refused' = 'ok',
  ): Promise<void> {
    const subject = { action, objectType: 'evidence', objectId: `${incidentId}/${evidenceId}`, teamId };
    await this.audit.write(subject, { ...actor, role }, outcome);
  }

  /** Audits a refused action on an incident (someone other than the reporter tried to change it). */
  async logRefusal(action: string, record: IncidentRecord, actor: IncidentActor): Promise<void> {
    await this.audit.write(incidentSubject(action, record), { ...actor, role: 'unknown' }, 'refused');
  }
}

/** What an audit line about the incident names. */
function incidentSubject(action: string, record: IncidentRecord): AuditSubject {
  return { action, objectType: 'incident', objectId: record.id, teamId: record.teamId };
}
