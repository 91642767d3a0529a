import { CachedListing } from '../storage/cachedListing';
import type { DocumentStore } from '../storage/documentStore';
import { incidentIdSchema } from '../records/incidentRecord';
import {
  AFTERCARE_PREFIX,
  aftercareChecklistSchema,
  aftercareDocName,
  type AftercareChecklist,
} from './aftercareChecklist';

/** Checklist documents in the records container; every change is an ETag-checked read–modify–write. */
export class AftercareStore {
  constructor(private readonly documents: DocumentStore) {}

  /** The checklist, or undefined (also for an id that cannot be one). */
  async get(id: string): Promise<AftercareChecklist | undefined> {
    if (!incidentIdSchema.safeParse(id).success) return undefined;
    return (await this.documents.read(aftercareDocName(id), aftercareChecklistSchema))?.value;
  }

  /**
   * Changes the checklist with If-Match (If-None-Match when new), retried on conflict: `change` is applied to the
   * latest stored value each time, so a change by another manager or process is never lost. Returns what is stored.
   */
  async update(
    id: string,
    change: (current: AftercareChecklist | undefined) => AftercareChecklist | undefined,
  ): Promise<AftercareChecklist | undefined> {
    return this.documents.update(aftercareDocName(id), aftercareChecklistSchema, change, { retries: 12 });
  }

  /** Every checklist (a small number per organisation: read one by one). */
  async list(): Promise<AftercareChecklist[]> {
    const names = await this.documents.list(AFTERCARE_PREFIX);
    const found = await Promise.all(
      names.map(async (name) => (await this.documents.read(name, aftercareChecklistSchema))?.value),
    );
    return found.filter((c): c is AftercareChecklist => c !== undefined);
  }

  /**
   * Every checklist, as much of it as `keep` returns, read again only when it changed since the last call (for
   * work that looks at all of them on every scheduler tick).
   */
  watch<T>(keep: (checklist: AftercareChecklist) => T): CachedListing<typeof aftercareChecklistSchema, T> {
    return new CachedListing(this.documents, aftercareChecklistSchema, keep, AFTERCARE_PREFIX);
  }

  /** Deletes the checklist (the purge). */
  async delete(id: string): Promise<void> {
    await this.documents.delete(aftercareDocName(id));
  }
}
