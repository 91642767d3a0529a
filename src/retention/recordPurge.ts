import { AftercareStore } from '../aftercare/aftercareStore';
import type { Clock } from '../clock';
import type { Outbox } from '../delivery/outbox';
import { aftercareKeys, escalationKeys } from '../delivery/outboxKeys';
import { escalationAboutOf } from '../escalation/escalationMetadata';
import { escalationRecordSchema } from '../escalation/escalationRecord';
import { EvidenceLinks } from '../incidents/evidence/evidenceLinks';
import { EvidenceStore } from '../incidents/evidence/evidenceStore';
import { errorKind, type Logger } from '../logger';
import type { AuditTrail } from '../storage/auditTrail';
import type { BakenStorage } from '../storage/storage';
import { EscalationPurge } from './escalationPurge';
import type { IncidentRecord } from '../incidents/incidentRecord';
import { IncidentStore } from '../incidents/incidentStore';
import { PurgeTraces } from './purgeTraces';

/** What the purge needs. */
export interface RecordPurgeDeps {
  storage: BakenStorage;
  outbox: Outbox;
  audit: AuditTrail;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  /** How often the records are scanned for expiry (default one hour; retention counts in days). */
  scanIntervalMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes closed records once their retention period (RETENTION_DAYS after closedAt) has passed: the incident,
 * its evidence and one-time links, its aftercare checklist, the escalations about it, their outbox entries and
 * the conversation-state references to them. Every card Baken posted about them gets a "verwijderd" card put over
 * it through the outbox first (those entries hold no ids and are dropped once sent). The incident document goes
 * last, so a purge cut short is simply done again on the next pass. Only the audit lines remain.
 */
export class RecordPurge {
  private readonly incidents: IncidentStore;
  private readonly aftercare: AftercareStore;
  private readonly evidence: EvidenceStore;
  private readonly links: EvidenceLinks;
  private readonly traces: PurgeTraces;
  private readonly escalations: EscalationPurge;
  private lastScanAt?: number;

  constructor(private readonly deps: RecordPurgeDeps) {
    this.incidents = new IncidentStore(deps.storage.records);
    this.aftercare = new AftercareStore(deps.storage.records);
    this.evidence = new EvidenceStore(deps.storage.evidence);
    this.links = new EvidenceLinks(deps.storage.records, deps.clock);
    this.traces = new PurgeTraces(deps);
    this.escalations = new EscalationPurge({ ...deps, incidents: this.incidents, traces: this.traces });
  }

  /**
   * One scheduler pass: drops sent "verwijderd" entries, then (at most hourly) purges every incident past retention
   * with its escalations, and then every resolved escalation about no incident past retention (EscalationPurge).
   */
  async purgeDue(): Promise<number> {
    await this.traces.dropFinishedRemovals();
    const now = this.deps.clock.now().getTime();
    const interval = this.deps.scanIntervalMs ?? 60 * 60 * 1000;
    if (this.lastScanAt !== undefined && now - this.lastScanAt < interval) return 0;
    this.lastScanAt = now;
    const keep = this.deps.retentionDays * DAY_MS;
    let purged = 0;
    // Only incidents the index says closed before the cut-off are read, and each is checked again before it goes.
    for (const id of await this.incidents.closedBefore(now - keep)) {
      try {
        const incident = await this.incidents.get(id);
        if (!incident || incident.status !== 'closed' || !incident.closedAt) continue;
        if (Date.parse(incident.closedAt) + keep > now) continue;
        await this.purge(incident);
        purged++;
      } catch (err) {
        this.deps.logger.error('purge_failed', { incident: id, error: errorKind(err) });
      }
    }
    return purged + (await this.escalations.purgeResolvedBefore(now - keep));
  }

  private async purge(incident: IncidentRecord): Promise<void> {
    const { audit } = this.deps;
    const { id, teamId } = incident;
    const purged = (action: string, objectType: string, objectId: string) =>
      audit.write({ action, objectType, objectId, teamId });
    const escalationIds = await this.escalationsOf(incident);
    const ids = [id, ...escalationIds, ...incident.evidence.map((e) => e.id)];

    // 1. Cards about the record (and the checklist's views): "verwijderd" put over each, before their entries go.
    const checklist = await this.aftercare.get(id);
    const keyPrefixes = [
      ...escalationIds.map(escalationKeys.prefix),
      aftercareKeys.prefix(checklist?.id ?? id),
    ];
    const removal = await this.traces.removeCards(id, keyPrefixes, checklist?.views);

    // 2. Escalations, evidence and its one-time links, conversation state, the checklist; the incident last.
    for (const escalationId of escalationIds) await this.escalations.deleteRecord(escalationId, teamId);
    await this.evidence.deleteAll(id);
    for (const ref of incident.evidence) await purged('evidence.purge', 'evidence', `${id}/${ref.id}`);
    await this.links.deleteFor(id, (read) => this.traces.readQuietly(read));
    const scrubbed = await this.traces.scrubStates(ids);
    if (checklist) {
      await this.aftercare.delete(checklist);
      await purged('aftercare.purge', 'aftercareChecklist', id);
    }
    await this.incidents.delete(incident);
    await purged('incident.purge', 'incident', id);
    this.deps.logger.info('record_purged', {
      incident: id,
      escalations: escalationIds.length,
      evidence: incident.evidence.length,
      ...removal,
      states: scrubbed,
    });
  }

  /**
   * The escalations made for the incident (on the record, or naming it as what they are about): found from one
   * listing with metadata; only an escalation whose metadata does not say what it is about is read.
   */
  private async escalationsOf(incident: IncidentRecord): Promise<string[]> {
    const found = new Set(incident.escalations.map((e) => e.id));
    const belongs = (recordId: string | undefined) =>
      recordId !== undefined && (recordId === incident.id || recordId.startsWith(`${incident.id}-bel-`));
    const escalations = this.deps.storage.escalations;
    for (const listed of await escalations.listVersions('', { metadata: true })) {
      const about = escalationAboutOf(listed.metadata);
      if (about !== undefined && !belongs(about)) continue;
      const doc = await this.traces.readQuietly(() => escalations.read(listed.name, escalationRecordSchema));
      if (doc && belongs(doc.value.recordId)) found.add(doc.value.id);
    }
    return [...found];
  }
}
