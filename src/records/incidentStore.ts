import type { DocumentStore } from '../storage/documentStore';
import {
  INCIDENT_PREFIX,
  incidentDocName,
  incidentIdSchema,
  incidentRecordSchema,
  type IncidentRecord,
} from './incidentRecord';

/** Incident documents in the records container; every change is an ETag-checked read–modify–write. */
export class IncidentStore {
  constructor(private readonly documents: DocumentStore) {}

  /** The incident, or undefined (also for an id that cannot be one). */
  async get(id: string): Promise<IncidentRecord | undefined> {
    if (!incidentIdSchema.safeParse(id).success) return undefined;
    return (await this.documents.read(incidentDocName(id), incidentRecordSchema))?.value;
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
    return this.documents.update(incidentDocName(id), incidentRecordSchema, change, { retries: 12 });
  }

  /** Every incident (a small number per organisation: read one by one). */
  async list(): Promise<IncidentRecord[]> {
    const names = await this.documents.list(INCIDENT_PREFIX);
    const records = await Promise.all(
      names.map(async (name) => (await this.documents.read(name, incidentRecordSchema))?.value),
    );
    return records.filter((r): r is IncidentRecord => r !== undefined);
  }
}
