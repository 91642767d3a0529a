import { CachedListing } from '../storage/cachedListing';
import { DocumentCollection } from '../storage/documentCollection';
import type { DocumentStore } from '../storage/documentStore';
import { RecordIndex, readEach, type IndexKey } from '../storage/recordIndex';
import { incidentIdSchema } from '../incidents/incidentRecord';
import { wakeMetadata } from '../storage/wakeMetadata';
import { aftercareWake } from './aftercareRules';
import {
  AFTERCARE_PREFIX,
  aftercareChecklistSchema,
  aftercareDocName,
  aftercareIdOf,
  type AftercareChecklist,
} from './aftercareChecklist';

/** The checklist index's lists: by the staff member it is for, and open ones by team. */
export const AFTERCARE_LISTS = { staff: 'staff', teamOpen: 'team-open' } as const;

/** The index entries a checklist belongs in (opaque ids only). */
export function aftercareIndexKeys(checklist: AftercareChecklist): IndexKey[] {
  const keys: IndexKey[] = [{ list: AFTERCARE_LISTS.staff, owner: checklist.staff.aadObjectId }];
  if (checklist.status === 'open') keys.push({ list: AFTERCARE_LISTS.teamOpen, owner: checklist.teamId });
  return keys;
}

/**
 * Checklist documents in the records container; every change is an ETag-checked read–modify–write, and the
 * checklist's index entries (src/storage/recordIndex.ts) follow each change.
 */
export class AftercareStore {
  /** Whose checklists these are, and which a team has open. */
  readonly index: RecordIndex<typeof aftercareChecklistSchema>;

  /** The checklists, typed by their schema on write as on read. */
  private readonly checklists: DocumentCollection<typeof aftercareChecklistSchema>;

  constructor(private readonly documents: DocumentStore) {
    this.checklists = new DocumentCollection(documents, aftercareChecklistSchema);
    this.index = new RecordIndex(documents, {
      kind: 'aftercare',
      recordPrefix: AFTERCARE_PREFIX,
      schema: aftercareChecklistSchema,
      idOf: (name) => (name.endsWith('.json') ? aftercareIdOf(name) : undefined),
      docName: aftercareDocName,
      keysOf: aftercareIndexKeys,
      sortKeyOf: (checklist) => checklist.startedAt,
      // When the reminder pass may next have work on it: until then the pass skips it from the listing, unread.
      moreMetadata: (checklist) => wakeMetadata(aftercareWake(checklist)),
    });
  }

  /** The checklist, or undefined (also for an id that cannot be one). */
  async get(id: string): Promise<AftercareChecklist | undefined> {
    if (!incidentIdSchema.safeParse(id).success) return undefined;
    return (await this.checklists.read(aftercareDocName(id)))?.value;
  }

  /**
   * Changes the checklist with If-Match (If-None-Match when new), retried on conflict: `change` is applied to the
   * latest stored value each time, so a change by another manager or process is never lost. Returns what is stored.
   */
  async update(
    id: string,
    change: (current: AftercareChecklist | undefined) => AftercareChecklist | undefined,
  ): Promise<AftercareChecklist | undefined> {
    return this.index.update(id, change);
  }

  /** The newest checklists for a staff member, at most `limit` (one listing, then only those read). */
  async forStaff(aadObjectId: string, limit = Infinity): Promise<AftercareChecklist[]> {
    const ids = await this.index.ids(AFTERCARE_LISTS.staff, aadObjectId, limit);
    const found = await readEach(ids, (id) => this.get(id));
    return found.filter((c) => c.staff.aadObjectId === aadObjectId);
  }

  /** The ids of a team's open checklists, newest first, from the index alone (no document read). */
  async openIdsOf(teamId: string): Promise<string[]> {
    return this.index.ids(AFTERCARE_LISTS.teamOpen, teamId);
  }

  /**
   * Every checklist, as much of it as `keep` returns, read again only when it changed since the last call (for
   * work that looks at all of them on every scheduler tick).
   */
  watch<T>(keep: (checklist: AftercareChecklist) => T): CachedListing<typeof aftercareChecklistSchema, T> {
    return new CachedListing(this.documents, aftercareChecklistSchema, keep, AFTERCARE_PREFIX);
  }

  /** Deletes the checklist and its index entries (the purge). */
  async delete(checklist: AftercareChecklist): Promise<void> {
    await this.index.delete(checklist.id, checklist);
  }
}
