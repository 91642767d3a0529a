import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { DocumentMetadata, DocumentStore, ListedDocument, UpdateResult } from './documentStore';
import { ConflictError } from './errors';
import {
  INDEX_PREFIX,
  PENDING_PREFIX,
  SORT_METADATA_NAME,
  entriesMetadata,
  idOfEntry,
  keyPath,
  pathsOf,
  sameSet,
  union,
  type IndexKey,
} from './indexNames';

export { INDEX_PREFIX, PENDING_PREFIX, type IndexKey } from './indexNames';

/** How many index writes or legacy reads run at once in a repair pass. */
export const REPAIR_CONCURRENCY = 16;
/**
 * How old (by the storage's clock) a pending note must be before a repair pass deletes it. Longer than any write
 * can take, so a note is never taken from a writer still at work: were it gone, that writer's crash would go
 * unrepaired. Until then each pass repairs the record again, which changes nothing when it is in line.
 */
export const PENDING_GRACE_MS = 10 * 60 * 1000;
/** How often a writer or repair applies a record's entries again when the record keeps changing under it. */
const SETTLE_ROUNDS = 6;

/** How one kind of record is indexed. */
export interface RecordIndexSpec<S extends z.ZodType> {
  /** The kind, as the index folder names it ("incidents", "aftercare"). */
  kind: string;
  /** The prefix of the record documents themselves. */
  recordPrefix: string;
  schema: S;
  /** The record's id from its document name, or undefined for a name that is no record's. */
  idOf: (docName: string) => string | undefined;
  /** The document name of a record. */
  docName: (id: string) => string;
  /** The entries a record belongs in now. */
  keysOf: (record: z.infer<S>) => IndexKey[];
  /** A time that never changes for the record (ISO): entries sort by it, so a list reads its newest first. */
  sortKeyOf: (record: z.infer<S>) => string;
  /** More metadata written with the record in the same request (and by the sweep), e.g. when it next has work. */
  moreMetadata?: (record: z.infer<S>) => DocumentMetadata;
}

/**
 * Index entries as empty blobs named `index/<kind>/<list>/<owner>/<sort key>_<id>`, so "whose records are these" is one
 * prefix listing (strongly consistent on Azure and Azurite alike), and the records listed are the only ones read.
 *
 * The record carries the entries it belongs in as blob metadata, written in the same request as the record: the
 * record is the truth, the entries follow it. Callers always check the records they read against the list they
 * show, so an entry that is out of date can cost a read but never shows a record where it does not belong. What
 * remains is that a record is never missing from a list for longer than one scheduler tick. The write paths:
 *
 * **A change that moves the record between lists** (update, entries K0 → K1):
 *   1. read the record (ETag E0) and apply the change;
 *   2. write a pending note `index-pending/<kind>/<id>/<op>` naming K0 ∪ K1 (unconditional, no read);
 *   3. write the record with If-Match E0 (If-None-Match when new) and metadata K1 (on a conflict: back to 1);
 *   4. mark K1's entries, delete K0 \ K1's;
 *   5. read the record's properties: still its ETag, done; else apply what it says now, until it holds still;
 *   6. delete the note.
 * Crash before 2: nothing written. Between 2 and 3 (or 3 answered with an error, landed or not): the note names
 * the record; the next tick applies what the record says (K0 or K1). Between 3 and 5: the record says K1, the
 * entries are K0 or partly K1; the next tick applies K1 and deletes the rest of K0 ∪ K1. Between 5 and 6: the
 * entries are right; the tick applies them again. The tick deletes a note only once it is older than
 * PENDING_GRACE_MS, so it never takes the note of a writer between 2 and 3.
 * **A change that leaves the lists as they are** writes no note and no entry: a crash leaves nothing to repair.
 * **A new record with an id its writer made** (create): its entries first, then the record with If-None-Match,
 * so it never exists without them. A crash between leaves entries that point to no record: lists skip them (the
 * read finds nothing) and the daily sweep removes them once older than PENDING_GRACE_MS.
 * **A delete** (the purge): a note naming K, K's entries deleted, the record deleted, the note deleted. A crash
 * before the record went: the tick puts its entries back and the purge runs again; after: the tick deletes K.
 *
 * **Two instances.** Every record write is ETag-checked, so versions follow one another. Each writer applies its
 * version's entries only after writing it, and checks the ETag only after its own marks and deletes landed: a
 * writer whose delete landed after another's mark sees that newer version at its check (the other wrote before it
 * marked) and applies what it says. So each writer's last check finds the entries as the newest version says, or
 * a newer writer still to do its own. The tick's repair does the same (properties, apply, properties), so it can
 * run beside writers on any instance.
 *
 * A tick lists only the pending notes (O(pending), nothing read); a full sweep that compares the whole index with
 * every record's metadata runs on the first tick after a start and then once a day (src/storage/indexSweep.ts).
 */
export class RecordIndex<S extends z.ZodType> {
  constructor(
    private readonly documents: DocumentStore,
    readonly spec: RecordIndexSpec<S>,
  ) {}

  /** The metadata to write with a record, naming the entries it belongs in (and what the spec adds). */
  metadata(record: z.infer<S>): DocumentMetadata {
    return {
      ...this.spec.moreMetadata?.(record),
      ...entriesMetadata(this.paths(record), this.spec.sortKeyOf(record)),
    };
  }

  /**
   * Changes a record with ETag checks (retried on conflict, `change` applied to the latest value each time), its
   * metadata in the same write, a pending note first when its lists change, then brings its entries in line.
   * Returns what is stored.
   */
  async update(
    id: string,
    change: (current: z.infer<S> | undefined) => z.infer<S> | undefined,
  ): Promise<z.infer<S> | undefined> {
    let pending: string | undefined;
    const result = await this.documents.change(this.spec.docName(id), this.spec.schema, change, {
      retries: 12,
      metadata: (record) => this.metadata(record),
      beforeWrite: async (current, next) => {
        const before = this.paths(current);
        const after = this.paths(next);
        if (sameSet(before, after)) return;
        pending ??= this.pendingName(id);
        await this.documents.mark(pending, entriesMetadata(union(before, after), this.spec.sortKeyOf(next)));
      },
    });
    const settled = await this.afterWrite(id, result);
    if (pending && settled) await this.documents.delete(pending);
    return result.value;
  }

  /**
   * Writes a record that must be new (If-None-Match, no read first) with its metadata, its entries before it.
   * Throws ConflictError when it exists (its entries then set from what it says). For writers that made the id
   * themselves (seeding, imports).
   */
  async create(id: string, record: z.infer<S>): Promise<void> {
    const paths = this.paths(record);
    await this.apply(this.entryOf(id, record), paths, new Set());
    try {
      await this.documents.create(this.spec.docName(id), record, this.metadata(record));
    } catch (err) {
      if (err instanceof ConflictError) await this.repairRecord(id, paths, this.spec.sortKeyOf(record));
      throw err;
    }
  }

  /** The ids in one owner's list, newest first, of those `wanted`, at most `limit` (a listing; nothing read). */
  async ids(
    list: string,
    owner: string,
    limit = Infinity,
    wanted: (id: string) => boolean = () => true,
  ): Promise<string[]> {
    const prefix = `${this.folder()}${keyPath({ list, owner })}/`;
    return (await this.documents.list(prefix))
      .map((name) => idOfEntry(name.slice(prefix.length)))
      .reverse()
      .filter(wanted)
      .slice(0, limit);
  }

  /** Every entry of one list, with its owner (a listing; no document is read). */
  async entries(list: string): Promise<Array<{ owner: string; id: string }>> {
    const prefix = `${this.folder()}${list}/`;
    return (await this.documents.list(prefix)).flatMap((name) => {
      const [owner, entry] = name.slice(prefix.length).split('/');
      return owner && entry ? [{ owner: decodeURIComponent(owner), id: idOfEntry(entry) }] : [];
    });
  }

  /** Deletes a record and its entries (the purge), a pending note kept until both are gone. */
  async delete(id: string, record: z.infer<S>): Promise<void> {
    const paths = this.paths(record);
    const pending = this.pendingName(id);
    await this.documents.mark(pending, entriesMetadata(paths, this.spec.sortKeyOf(record)));
    await this.apply(this.entryOf(id, record), new Set(), paths);
    await this.documents.delete(this.spec.docName(id));
    await this.documents.delete(pending);
  }

  /**
   * One repair pass over the pending notes only: each record named is brought in line with what it says now (or
   * its entries deleted when it is gone), and notes older than PENDING_GRACE_MS are deleted. Reads no document.
   * Returns how many notes were left by a writer that did not finish.
   */
  async repairPending(): Promise<number> {
    const folder = this.pendingFolder();
    const notes = new Map<string, ListedDocument[]>();
    for (const note of await this.documents.listVersions(folder, { metadata: true })) {
      const id = note.name.slice(folder.length).split('/')[0] ?? '';
      notes.set(id, [...(notes.get(id) ?? []), note]);
    }
    let abandoned = 0;
    for (const [id, found] of notes) {
      const touched = union(...found.map((n) => pathsOf(n.metadata) ?? new Set<string>()));
      const sort = found.find((n) => n.metadata?.[SORT_METADATA_NAME])?.metadata?.[SORT_METADATA_NAME] ?? '';
      if (!(await this.repairRecord(id, touched, sort))) continue;
      const old = found.filter((n) => n.ageMs > PENDING_GRACE_MS);
      await Promise.all(old.map((n) => this.documents.delete(n.name, n.etag)));
      abandoned += old.length;
    }
    return abandoned;
  }

  /**
   * Brings one record's entries in line with what it says now, deleting those of `touched` it no longer names
   * (all of them when it is gone; `sort` names them then). False when it could not: the record has no index
   * metadata yet (the sweep gives it) or kept changing.
   */
  async repairRecord(id: string, touched: Set<string>, sort: string): Promise<boolean> {
    const now = await this.documents.properties(this.spec.docName(id));
    const paths = now ? pathsOf(now.metadata) : new Set<string>();
    if (!paths) return false;
    return this.settle(id, now?.metadata[SORT_METADATA_NAME] ?? sort, paths, touched, now?.etag);
  }

  /**
   * Brings a record's entries in line after an update through DocumentStore.change. When the record changed again
   * meanwhile (another instance), its entries are set from what it says now, so the last writer's view wins.
   * False when the record kept changing (its pending note then stays for the tick).
   */
  private async afterWrite(id: string, result: UpdateResult<z.infer<S>>): Promise<boolean> {
    if (result.etag === undefined) return true;
    const before = this.paths(result.before);
    const after = this.paths(result.value);
    if (sameSet(before, after)) return true;
    return this.settle(id, this.sortOf(result.value ?? result.before), after, before, result.etag);
  }

  /**
   * Marks `wanted` and deletes the rest of `known`, then checks the record is still at `etag` (undefined: still
   * gone). If not, applies what it says now, and again, until it holds still.
   */
  private async settle(
    id: string,
    sort: string,
    wanted: Set<string>,
    known: Set<string>,
    etag: string | undefined,
  ): Promise<boolean> {
    let [want, seen, at, entry] = [wanted, union(known, wanted), etag, `${sort}_${id}`];
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      await this.apply(entry, want, seen);
      const now = await this.documents.properties(this.spec.docName(id));
      if (now?.etag === at) return true;
      const paths = now ? pathsOf(now.metadata) : new Set<string>();
      if (!paths) return false;
      seen = union(seen, paths);
      [want, at] = [paths, now?.etag];
      entry = `${now?.metadata[SORT_METADATA_NAME] ?? sort}_${id}`;
    }
    return false;
  }

  private async apply(entry: string, wanted: Set<string>, known: Set<string>): Promise<void> {
    await Promise.all([
      ...[...wanted].map((path) => this.documents.mark(this.entryName(entry, path))),
      ...[...known].filter((p) => !wanted.has(p)).map((p) => this.documents.delete(this.entryName(entry, p))),
    ]);
  }

  private sortOf(record: z.infer<S> | undefined): string {
    return record === undefined ? '' : this.spec.sortKeyOf(record);
  }

  /** The last part of a record's entry names: its sort key and id. */
  private entryOf(id: string, record: z.infer<S> | undefined): string {
    return `${this.sortOf(record)}_${id}`;
  }

  private paths(record: z.infer<S> | undefined): Set<string> {
    return new Set(record === undefined ? [] : this.spec.keysOf(record).map(keyPath));
  }

  /** The folder of this kind's entries. */
  folder(): string {
    return `${INDEX_PREFIX}${this.spec.kind}/`;
  }

  private pendingFolder(): string {
    return `${PENDING_PREFIX}${this.spec.kind}/`;
  }

  /** A new pending note's name: one per write, so two writers of one record never delete each other's. */
  private pendingName(id: string): string {
    return `${this.pendingFolder()}${id}/${randomUUID()}`;
  }

  /** An entry's full name from its last part (`<sort key>_<id>`) and its list path. */
  entryName(entry: string, path: string): string {
    return `${this.folder()}${path}/${entry}`;
  }
}

/** The records with these ids that exist, read a few at a time (what an index listing names). */
export async function readEach<T>(ids: string[], read: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const found: Array<T | undefined> = [];
  for (let i = 0; i < ids.length; i += REPAIR_CONCURRENCY) {
    found.push(...(await Promise.all(ids.slice(i, i + REPAIR_CONCURRENCY).map(read))));
  }
  return found.filter((r): r is T => r !== undefined);
}

/** Runs `work` on every item, REPAIR_CONCURRENCY at a time. */
export async function inBatches<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += REPAIR_CONCURRENCY) {
    await Promise.all(items.slice(i, i + REPAIR_CONCURRENCY).map(work));
  }
}
