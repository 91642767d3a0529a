import { escalationKeys } from '../delivery/outboxKeys';
import {
  escalationFacts,
  escalationFactsOf,
  escalationMetadata,
  type EscalationFacts,
} from '../escalation/escalationMetadata';
import {
  escalationDocName,
  escalationRecordSchema,
  type EscalationRecord,
} from '../escalation/escalationRecord';
import { errorKind, type Logger } from '../logger';
import { isClientKind } from '../meldcode/meldcodeSteps';
import type { AuditTrail } from '../storage/auditTrail';
import type { ListedDocument } from '../storage/documentStore';
import { ConflictError } from '../storage/errors';
import type { BakenStorage } from '../storage/storage';
import type { IncidentStore } from '../incidents/incidentStore';
import type { PurgeTraces } from './purgeTraces';

/** What the escalation purge needs. */
export interface EscalationPurgeDeps {
  storage: BakenStorage;
  incidents: IncidentStore;
  traces: PurgeTraces;
  audit: AuditTrail;
  logger: Logger;
}

/**
 * True for escalations that are about no incident and so are purged on their own: the client kinds (from a flow
 * run) and test notices. Harassment escalations are made for an incident and go with it (RecordPurge).
 */
function purgedOnItsOwn(facts: EscalationFacts): boolean {
  return isClientKind(facts.kind) || facts.kind === 'test';
}

/** True when the escalation was resolved at or before the cut-off and is purged on its own. */
function isDue(facts: EscalationFacts, cutoff: number): boolean {
  if (facts.status !== 'resolved' || !facts.resolvedAt || !purgedOnItsOwn(facts)) return false;
  const resolvedAt = Date.parse(facts.resolvedAt);
  return !Number.isNaN(resolvedAt) && resolvedAt <= cutoff;
}

/**
 * Deletes resolved escalations that are about no incident once RETENTION_DAYS have passed since they were resolved
 * (`resolvedBy.at`): the "verwijderd" card over the notice and its 1:1 copies, their outbox entries, the
 * conversation-state references (the flow run that made it), then the record, and an audit line.
 *
 * Candidates come from one listing with blob metadata (status, kind, resolvedAt; written with every record write),
 * so a pass with nothing due reads no escalation. An escalation written before that metadata existed is read once,
 * given its metadata (ETag-checked) and from then on only listed; one that cannot be read is not read again by this
 * process until it changes.
 */
export class EscalationPurge {
  /** Name and ETag of documents without metadata that could not be read. */
  private readonly unreadable = new Set<string>();

  constructor(private readonly deps: EscalationPurgeDeps) {}

  /** Purges every escalation resolved at or before `cutoff` (ms) that is purged on its own; returns how many. */
  async purgeResolvedBefore(cutoff: number): Promise<number> {
    const { storage, logger } = this.deps;
    let purged = 0;
    for (const name of await this.due(cutoff)) {
      try {
        // Read only what the listing says may go, and checked again before it goes.
        const record = (await storage.escalations.read(name, escalationRecordSchema))?.value;
        if (!record || !isDue(escalationFacts(record), cutoff)) continue;
        if (await this.isIncident(record.recordId)) continue;
        await this.purge(record);
        purged++;
      } catch (err) {
        logger.error('escalation_purge_failed', { escalation: name, error: errorKind(err) });
      }
    }
    return purged;
  }

  private async purge(record: EscalationRecord): Promise<void> {
    const { traces, logger } = this.deps;
    const { id } = record;
    const removal = await traces.removeCards(id, [escalationKeys.prefix(id)]);
    const states = await traces.scrubStates([id]);
    // The record last: a purge cut short is found and redone on the next pass.
    await this.deleteRecord(id, record.teamId);
    logger.info('escalation_purged', { escalation: id, kind: record.kind, ...removal, states });
  }

  /** Deletes an escalation's record and audits it (the last step of both purges; the rest is gone by then). */
  async deleteRecord(id: string, teamId: string | undefined): Promise<void> {
    await this.deps.storage.escalations.delete(escalationDocName(id));
    await this.deps.audit.write({
      action: 'escalation.purge',
      objectType: 'escalation',
      objectId: id,
      teamId,
    });
  }

  /** The names of the escalations due, from one listing with metadata. */
  private async due(cutoff: number): Promise<string[]> {
    const listed = await this.deps.storage.escalations.listVersions('', { metadata: true });
    const due: string[] = [];
    for (const doc of listed) {
      const facts = escalationFactsOf(doc.metadata) ?? (await this.factsOfUnlabelled(doc));
      if (facts && isDue(facts, cutoff)) due.push(doc.name);
    }
    return due;
  }

  /** An escalation written before its metadata existed: read once, and its metadata written for later passes. */
  private async factsOfUnlabelled(doc: ListedDocument): Promise<EscalationFacts | undefined> {
    const key = `${doc.name}\n${doc.etag}`;
    if (this.unreadable.has(key)) return undefined;
    const escalations = this.deps.storage.escalations;
    const found = await this.deps.traces.readQuietly(() =>
      escalations.read(doc.name, escalationRecordSchema),
    );
    if (!found) {
      this.unreadable.add(key);
      return undefined;
    }
    try {
      await escalations.setMetadata(doc.name, escalationMetadata(found.value), found.etag);
    } catch (err) {
      // Changed meanwhile: the write that changed it wrote its metadata.
      if (!(err instanceof ConflictError)) throw err;
    }
    return escalationFacts(found.value);
  }

  /** True when the id is an incident's (an escalation about an incident goes with the incident). */
  private async isIncident(recordId: string | undefined): Promise<boolean> {
    return recordId !== undefined && (await this.deps.incidents.get(recordId)) !== undefined;
  }
}
