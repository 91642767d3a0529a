import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AftercareStore } from '../aftercare/aftercareStore';
import type { Clock } from '../clock';
import type { Outbox } from '../delivery/outbox';
import { outboxDocName } from '../delivery/outbox';
import { outboxEntrySchema, type NewOutboxEntry, type OutboxEntry } from '../delivery/outboxEntry';
import { PURGE_KEY_PREFIX, purgeKey } from '../delivery/outboxKeys';
import { purgeThread } from '../delivery/threads';
import { escalationDocName, escalationRecordSchema } from '../escalation/escalationRecord';
import { EvidenceStore } from '../evidence/evidenceStore';
import { errorKind, type Logger } from '../logger';
import type { AuditTrail } from '../storage/auditTrail';
import type { BakenStorage } from '../storage/storage';
import type { IncidentRecord } from './incidentRecord';
import { IncidentStore } from './incidentStore';
import { scrubState } from './stateScrub';

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

/** Where Teams shows a card Baken posted. */
interface CardPlace {
  serviceUrl: string;
  conversationId: string;
  activityId: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const stateSchema = z.record(z.string(), z.unknown());
const linkSchema = z.object({ incidentId: z.string() }).passthrough();

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

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
  private lastScanAt?: number;

  constructor(private readonly deps: RecordPurgeDeps) {
    this.incidents = new IncidentStore(deps.storage.records);
    this.aftercare = new AftercareStore(deps.storage.records);
    this.evidence = new EvidenceStore(deps.storage.evidence);
  }

  /** One scheduler pass: drops sent "verwijderd" entries, then (at most hourly) purges every record past retention. */
  async purgeDue(): Promise<number> {
    await this.dropFinishedRemovals();
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
    return purged;
  }

  private async purge(incident: IncidentRecord): Promise<void> {
    const { storage, audit } = this.deps;
    const { id, teamId } = incident;
    const purged = (action: string, objectType: string, objectId: string) =>
      audit.write({ action, objectType, objectId, teamId });
    const escalationIds = await this.escalationsOf(incident);
    const ids = [id, ...escalationIds, ...incident.evidence.map((e) => e.id)];
    const mentions = (text: string) => ids.some((x) => text.includes(x));

    // 1. Cards about the record: "verwijderd" put over each, recorded before their entries go.
    const about = await this.outboxEntriesAbout(mentions);
    const places = cardPlaces(about.map((a) => a.entry));
    const checklist = await this.aftercare.get(id);
    for (const view of checklist?.views ?? []) places.set(placeKey(view), view);
    const purgeId = hash(`purge\n${id}`);
    const removals: NewOutboxEntry[] = [...places.entries()].map(([key, place]) => ({
      key: purgeKey(purgeId, hash(key)),
      thread: purgeThread(hash(place.conversationId)),
      target: { kind: 'activityPut', ...place },
      render: { card: 'removed' },
    }));
    await this.deps.outbox.enqueue(removals);
    for (const { name } of about) await storage.outbox.delete(name);

    // 2. Escalations, evidence and its one-time links, conversation state, the checklist; the incident last.
    for (const escalationId of escalationIds) {
      await storage.escalations.delete(escalationDocName(escalationId));
      await purged('escalation.purge', 'escalation', escalationId);
    }
    await this.evidence.deleteAll(id);
    for (const ref of incident.evidence) await purged('evidence.purge', 'evidence', `${id}/${ref.id}`);
    for (const name of await storage.records.list('evidence-links/')) {
      const link = await this.readQuietly(() => storage.records.read(name, linkSchema));
      if (link?.value.incidentId === id) await storage.records.delete(name);
    }
    const scrubbed = await this.scrubStates(mentions);
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
      cards: removals.length,
      outboxEntries: about.length,
      states: scrubbed,
    });
  }

  /** The escalations made for the incident (on the record, or naming it as what they are about). */
  private async escalationsOf(incident: IncidentRecord): Promise<string[]> {
    const found = new Set(incident.escalations.map((e) => e.id));
    for (const name of await this.deps.storage.escalations.list()) {
      const doc = await this.readQuietly(() =>
        this.deps.storage.escalations.read(name, escalationRecordSchema),
      );
      const recordId = doc?.value.recordId;
      if (doc && (recordId === incident.id || recordId?.startsWith(`${incident.id}-bel-`)))
        found.add(doc.value.id);
    }
    return [...found];
  }

  /** Every outbox entry whose name or content mentions one of the ids (except earlier "verwijderd" entries). */
  private async outboxEntriesAbout(
    mentions: (text: string) => boolean,
  ): Promise<Array<{ name: string; entry: OutboxEntry }>> {
    const found: Array<{ name: string; entry: OutboxEntry }> = [];
    for (const name of await this.deps.storage.outbox.list()) {
      const doc = await this.readQuietly(() => this.deps.storage.outbox.read(name, outboxEntrySchema));
      if (!doc || doc.value.key.startsWith(PURGE_KEY_PREFIX)) continue;
      if (mentions(name) || mentions(JSON.stringify(doc.value))) found.push({ name, entry: doc.value });
    }
    return found;
  }

  /** Removes references to the record from every conversation's state document; returns how many changed. */
  private async scrubStates(mentions: (text: string) => boolean): Promise<number> {
    const state = this.deps.storage.state;
    let changed = 0;
    for (const name of await state.list()) {
      const doc = await this.readQuietly(() => state.read(name, stateSchema));
      if (!doc || !mentions(JSON.stringify(doc.value))) continue;
      await state.update(name, stateSchema, (current) =>
        current ? scrubState(current, mentions) : undefined,
      );
      changed++;
    }
    return changed;
  }

  /** Deletes "verwijderd" entries that were sent (or gave up): nothing about the record stays in the outbox. */
  private async dropFinishedRemovals(): Promise<void> {
    for (const entry of await this.deps.outbox.withPrefix(PURGE_KEY_PREFIX)) {
      if (entry.status !== 'pending') await this.deps.storage.outbox.delete(outboxDocName(entry.key));
    }
  }

  /** A read that treats a damaged document as absent (the purge goes on with the rest). */
  private async readQuietly<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      this.deps.logger.warn('purge_read_failed', { error: errorKind(err) });
      return undefined;
    }
  }
}

function placeKey(place: CardPlace): string {
  return `${place.conversationId}\n${place.activityId}`;
}

/** Where the sent entries put a card (new messages, replies and 1:1 posts; updates share their places). */
function cardPlaces(entries: OutboxEntry[]): Map<string, CardPlace> {
  const noticeUrl = new Map<string, string>();
  for (const entry of entries) {
    if (entry.target.kind === 'channelThread' && entry.escalationId)
      noticeUrl.set(entry.escalationId, entry.target.address.serviceUrl);
  }
  const places = new Map<string, CardPlace>();
  for (const entry of entries) {
    if (entry.status !== 'sent' || !entry.result) continue;
    const target = entry.target;
    let serviceUrl: string | undefined;
    if (target.kind === 'personal' || target.kind === 'channelThread') serviceUrl = target.address.serviceUrl;
    else if (target.kind === 'noticeReply') serviceUrl = noticeUrl.get(target.escalationId);
    else if (target.kind === 'activityPut') serviceUrl = target.serviceUrl;
    if (!serviceUrl) continue;
    const place = { serviceUrl, ...entry.result };
    places.set(placeKey(place), place);
  }
  return places;
}
