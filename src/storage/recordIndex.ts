import type { z } from 'zod';
import type { Logger } from '../logger';
import type { DocumentMetadata, DocumentStore, UpdateResult } from './documentStore';
import { ConflictError } from './errors';

/** Where every index entry lives in the records container: apart from the documents it points to. */
export const INDEX_PREFIX = 'index/';

/** The metadata name under which a record carries the index entries it belongs in. */
const METADATA_NAME = 'bakenindex';
/** The metadata name of the record's sort key (a time that never changes, e.g. when it was created). */
const SORT_METADATA_NAME = 'bakensort';

/** How many index writes or legacy reads run at once in a repair pass. */
const REPAIR_CONCURRENCY = 16;

/**
 * An index entry a record belongs in: a list ("reporter", "team-open", …) and whose list it is. The owner is an
 * opaque id (an Entra object id, a team id, a time), never a name: entries are listed, not read.
 */
export interface IndexKey {
  list: string;
  owner: string;
}

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
}

/** An index entry's name part below the kind: list and encoded owner. */
function keyPath(key: IndexKey): string {
  return `${key.list}/${encodeURIComponent(key.owner)}`;
}

/**
 * Index entries as empty blobs named `index/<kind>/<list>/<owner>/<sort key>_<id>`, so "whose records are these" is one
 * prefix listing (strongly consistent on Azure and Azurite alike), and the records listed are the only ones read.
 *
 * The record carries the entries it belongs in as blob metadata, written in the same request as the record: the
 * record is the truth, the entries follow it. After a record write the entries are brought in line with what it
 * says; a crash in between, or two instances writing the same record, leave entries a scheduler pass repairs by
 * comparing two listings (no document read). Callers always check the records they read against the list they
 * show, so an entry that is out of date can cost a read but never shows a record where it does not belong.
 */
export class RecordIndex<S extends z.ZodType> {
  constructor(
    private readonly documents: DocumentStore,
    private readonly spec: RecordIndexSpec<S>,
  ) {}

  /** The metadata to write with a record, naming the entries it belongs in. */
  metadata(record: z.infer<S>): DocumentMetadata {
    return {
      [METADATA_NAME]: this.spec.keysOf(record).map(keyPath).join(' '),
      [SORT_METADATA_NAME]: this.spec.sortKeyOf(record),
    };
  }

  /**
   * Changes a record with ETag checks (retried on conflict, `change` applied to the latest value each time), its
   * metadata in the same write, then brings its entries in line. Returns what is stored.
   */
  async update(
    id: string,
    change: (current: z.infer<S> | undefined) => z.infer<S> | undefined,
  ): Promise<z.infer<S> | undefined> {
    const result = await this.documents.change(this.spec.docName(id), this.spec.schema, change, {
      retries: 12,
      metadata: (record) => this.metadata(record),
    });
    await this.afterWrite(id, result);
    return result.value;
  }

  /**
   * Writes a record that must be new (If-None-Match, no read first) with its metadata, then its entries. Throws
   * ConflictError when it exists. For writers that made the id themselves (seeding, imports).
   */
  async create(id: string, record: z.infer<S>): Promise<void> {
    const etag = await this.documents.create(this.spec.docName(id), record, this.metadata(record));
    await this.afterWrite(id, { before: undefined, value: record, etag });
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

  /**
   * Brings a record's entries in line after an update through DocumentStore.change. When the record changed again
   * meanwhile (another instance), its entries are set from what it says now, so the last writer's view wins.
   */
  async afterWrite(id: string, result: UpdateResult<z.infer<S>>): Promise<void> {
    if (result.etag === undefined) return;
    const before = this.paths(result.before);
    const after = this.paths(result.value);
    if (sameSet(before, after)) return;
    const entry = this.entryOf(id, result.value ?? result.before);
    await this.apply(entry, after, before);
    const now = await this.documents.properties(this.spec.docName(id));
    if (now?.etag === result.etag) return;
    const current = now ? pathsOf(now.metadata) : new Set<string>();
    await this.apply(entry, current ?? after, new Set([...before, ...after]));
  }

  /** Removes every entry of a record that is being deleted (before the record itself goes). */
  async remove(id: string, record: z.infer<S>): Promise<void> {
    await this.apply(this.entryOf(id, record), new Set(), this.paths(record));
  }

  /**
   * One repair pass: lists the index, then the records with their metadata, and adds missing entries and removes
   * entries no record asks for. Reads no document, except once each record written before indexes existed (it
   * then gets its metadata). Returns how many entries were added or removed.
   */
  async repair(): Promise<number> {
    const indexed = new Set(await this.documents.list(this.folder()));
    const listed = await this.documents.listVersions(this.spec.recordPrefix, { metadata: true });
    const wanted = new Set<string>();
    const legacy: typeof listed = [];
    for (const doc of listed) {
      const id = this.spec.idOf(doc.name);
      if (!id) continue;
      const paths = pathsOf(doc.metadata ?? {});
      const sort = doc.metadata?.[SORT_METADATA_NAME];
      if (!paths || sort === undefined) legacy.push(doc);
      else for (const path of paths) wanted.add(this.entryName(`${sort}_${id}`, path));
    }
    for (const doc of legacy) {
      const id = this.spec.idOf(doc.name);
      const found = id ? await this.describeLegacy(doc.name, doc.etag) : undefined;
      if (id && found) for (const path of found.paths) wanted.add(this.entryName(found.entry, path));
      // A legacy record that could not be read keeps the entries it has.
      if (id && !found) for (const name of indexed) if (name.endsWith(`_${id}`)) wanted.add(name);
    }
    const missing = [...wanted].filter((name) => !indexed.has(name));
    const extra = [...indexed].filter((name) => !wanted.has(name));
    await inBatches(missing, (name) => this.documents.mark(name));
    await inBatches(extra, (name) => this.documents.delete(name));
    return missing.length + extra.length;
  }

  private async describeLegacy(
    name: string,
    etag: string,
  ): Promise<{ entry: string; paths: Set<string> } | undefined> {
    try {
      const found = await this.documents.read(name, this.spec.schema);
      if (!found) return { entry: '', paths: new Set() };
      await this.documents.setMetadata(name, this.metadata(found.value), etag).catch((err: unknown) => {
        if (!(err instanceof ConflictError)) throw err;
      });
      const id = this.spec.idOf(name) ?? '';
      return { entry: this.entryOf(id, found.value), paths: this.paths(found.value) };
    } catch {
      return undefined;
    }
  }

  private async apply(entry: string, wanted: Set<string>, known: Set<string>): Promise<void> {
    await Promise.all([
      ...[...wanted].map((path) => this.documents.mark(this.entryName(entry, path))),
      ...[...known].filter((p) => !wanted.has(p)).map((p) => this.documents.delete(this.entryName(entry, p))),
    ]);
  }

  /** The last part of a record's entry names: its sort key and id. */
  private entryOf(id: string, record: z.infer<S> | undefined): string {
    return `${record === undefined ? '' : this.spec.sortKeyOf(record)}_${id}`;
  }

  private paths(record: z.infer<S> | undefined): Set<string> {
    return new Set(record === undefined ? [] : this.spec.keysOf(record).map(keyPath));
  }

  private folder(): string {
    return `${INDEX_PREFIX}${this.spec.kind}/`;
  }

  private entryName(entry: string, path: string): string {
    return `${this.folder()}${path}/${entry}`;
  }
}

/** The record id of an entry's last name part (`<sort key>_<id>`). */
function idOfEntry(entry: string): string {
  return entry.slice(entry.lastIndexOf('_') + 1);
}

/** The entries a record's metadata names, or undefined when it has none (written before indexes existed). */
function pathsOf(metadata: DocumentMetadata): Set<string> | undefined {
  const value = metadata[METADATA_NAME];
  if (value === undefined) return undefined;
  return new Set(value.split(' ').filter((p) => p !== ''));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** One scheduler pass over indexes: repairs each, and logs (counts only) when a crash had left one behind. */
export async function repairIndexes(
  indexes: Array<{ repair(): Promise<number> }>,
  logger: Logger,
): Promise<number> {
  let repaired = 0;
  for (const index of indexes) repaired += await index.repair();
  if (repaired > 0) logger.warn('record_index_repaired', { entries: repaired });
  return repaired;
}

/** The records with these ids that exist, read a few at a time (what an index listing names). */
export async function readEach<T>(ids: string[], read: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const found: Array<T | undefined> = [];
  for (let i = 0; i < ids.length; i += REPAIR_CONCURRENCY) {
    found.push(...(await Promise.all(ids.slice(i, i + REPAIR_CONCURRENCY).map(read))));
  }
  return found.filter((r): r is T => r !== undefined);
}

async function inBatches(names: string[], work: (name: string) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < names.length; i += REPAIR_CONCURRENCY) {
    await Promise.all(names.slice(i, i + REPAIR_CONCURRENCY).map(work));
  }
}
