import { DocumentCollection } from '../storage/documentCollection';
import type { DocumentStore } from '../storage/documentStore';
import { RecordIndex, readEach, type IndexKey } from '../storage/recordIndex';
import {
  INCIDENT_PREFIX,
  incidentDocName,
  incidentIdSchema,
  incidentRecordSchema,
  type IncidentRecord,
} from './incidentRecord';

/** The incident index's lists: by reporter, open shared ones by team, closed ones by when they closed. */
export const INCIDENT_LISTS = { reporter: 'reporter', teamOpen: 'team-open', closed: 'closed' } as const;

/** The index entries an incident belongs in (opaque ids and times only). */
export function incidentIndexKeys(record: IncidentRecord): IndexKey[] {
  const keys: IndexKey[] = [{ list: INCIDENT_LISTS.reporter, owner: record.reporter.aadObjectId }];
  if (record.status === 'open' && record.sharedWithManagers && record.teamId)
    keys.push({ list: INCIDENT_LISTS.teamOpen, owner: record.teamId });
  if (record.status === 'closed' && record.closedAt)
    keys.push({ list: INCIDENT_LISTS.closed, owner: record.closedAt });
  return keys;
}

/** The incident id a document name stands for. */
function incidentIdOf(name: string): string | undefined {
  if (!name.startsWith(INCIDENT_PREFIX) || !name.endsWith('.json')) return undefined;
  return name.slice(INCIDENT_PREFIX.length, -'.json'.length);
}

/**
 * Incident documents in the records container; every change is an ETag-checked read–modify–write, and the
 * incident's index entries (src/storage/recordIndex.ts) follow each change.
 */
export class IncidentStore {
  /** Who reported what, which shared incidents a team has open, and which closed when. */
  readonly index: RecordIndex<typeof incidentRecordSchema>;

  /** The incident records, typed by their schema on write as on read. */
  private readonly incidents: DocumentCollection<typeof incidentRecordSchema>;

  constructor(documents: DocumentStore) {
    this.incidents = new DocumentCollection(documents, incidentRecordSchema);
    this.index = new RecordIndex(documents, {
      kind: 'incidents',
      recordPrefix: INCIDENT_PREFIX,
      schema: incidentRecordSchema,
      idOf: incidentIdOf,
      docName: incidentDocName,
      keysOf: incidentIndexKeys,
      sortKeyOf: (record) => record.createdAt,
    });
  }

  /** The incident, or undefined (also for an id that cannot be one). */
  async get(id: string): Promise<IncidentRecord | undefined> {
    if (!incidentIdSchema.safeParse(id).success) return undefined;
    return (await this.incidents.read(incidentDocName(id)))?.value;
  }

  /**
   * Changes the incident with If-Match (If-None-Match when new), retried on conflict: `change` is applied to
   * the latest stored value each time, so a concurrent change by another device or process is never lost.
   * `change` returns undefined to leave it unchanged. Returns what is stored.
   */
  async update(
    id: string,
    change: (current: IncidentRecord | undefined) => IncidentRecord | undefined,
  ): Promise<IncidentRecord | undefined> {
    return this.index.update(id, change);
  }

  /** The newest incidents a person reported, at most `limit` (one listing, then only those read). */
  async reportedBy(aadObjectId: string, limit = Infinity): Promise<IncidentRecord[]> {
    const found = await this.getEach(await this.index.ids(INCIDENT_LISTS.reporter, aadObjectId, limit));
    return found.filter((r) => r.reporter.aadObjectId === aadObjectId);
  }

  /**
   * The newest open incidents shared with the managers of a team, of those `wanted`, at most `limit` (one listing,
   * then only those read).
   */
  async openSharedOf(
    teamId: string,
    limit = Infinity,
    wanted?: (id: string) => boolean,
  ): Promise<IncidentRecord[]> {
    const found = await this.getEach(await this.index.ids(INCIDENT_LISTS.teamOpen, teamId, limit, wanted));
    return found.filter((r) => r.status === 'open' && r.sharedWithManagers && r.teamId === teamId);
  }

  /** The ids of incidents closed before a moment, from the index alone (no document read). */
  async closedBefore(moment: number): Promise<string[]> {
    const entries = await this.index.entries(INCIDENT_LISTS.closed);
    return entries.filter((e) => Date.parse(e.owner) <= moment).map((e) => e.id);
  }

  /** Deletes the incident document after its index entries (the purge: it goes last). */
  async delete(record: IncidentRecord): Promise<void> {
    await this.index.delete(record.id, record);
  }

  private getEach(ids: string[]): Promise<IncidentRecord[]> {
    return readEach(ids, (id) => this.get(id));
  }
}
